"""Reading contract files into typed pyarrow tables, recording what does not parse.

CSV files are read with every contract column as text and then converted column by
column, vectorised, so that a value that is not a date, a timestamp, a number or a
boolean is found with its row rather than failing the whole file. Parquet files are
read with their own types and cast where the cast loses nothing.

Nothing here decides whether a data set is valid: the problems found are returned as
:class:`Problem` objects and :mod:`klynge.population.validate` turns them into errors.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from klynge.population.contract import TableSpec
from klynge.population.i18n import _, ngettext

Format = Literal["csv", "parquet"]
SUFFIXES: dict[str, Format] = {".csv": "csv", ".parquet": "parquet"}
NUMBER_PATTERN = r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$"
TRUE_WORDS = ("true", "t", "1", "yes")
FALSE_WORDS = ("false", "f", "0", "no")


@dataclass
class Problem:
    """Something wrong with a column (``mask`` None) or with the rows where ``mask`` is true.

    For rows, ``message`` is a translated template with a ``{value}`` placeholder, which
    is given the row's value (quoted) when the row is reported.
    """

    column: str | None
    rule: str
    message: str
    mask: np.ndarray | None = None
    values: pa.Array | pa.ChunkedArray | None = None
    line: int | None = None


@dataclass
class LoadedTable:
    """A contract table as read from its file: typed columns plus the problems found."""

    spec: TableSpec
    path: Path
    format: Format
    table: pa.Table | None
    problems: list[Problem] = field(default_factory=list)


def find_files(directory: Path) -> dict[str, Path]:
    """Every ``<name>.csv`` or ``<name>.parquet`` in a folder, keyed by file name stem."""
    found: dict[str, Path] = {}
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            found.setdefault(path.stem, path)
    return found


def file_format(path: Path) -> Format:
    return SUFFIXES[path.suffix.lower()]


def load_table(spec: TableSpec, path: Path) -> LoadedTable:
    """Read one file of the contract; never raises on bad content."""
    fmt = file_format(path)
    loaded = LoadedTable(spec, path, fmt, None)
    try:
        header = _csv_header(path) if fmt == "csv" else pq.read_schema(path).names
    except (OSError, ValueError, pa.ArrowException, UnicodeDecodeError) as exc:
        loaded.problems.append(Problem(None, "unreadable", _unreadable(exc)))
        return loaded
    missing = [c for c in spec.required_columns if c not in header]
    for column in missing:
        loaded.problems.append(Problem(column, "missing_column", _("required column is missing")))
    if missing:
        return loaded
    present = [c for c in spec.column_names if c in header]
    try:
        raw = (
            _read_csv(path, present, loaded)
            if fmt == "csv"
            else pq.read_table(path, columns=present)
        )
    except (OSError, ValueError, pa.ArrowException) as exc:
        loaded.problems.append(Problem(None, "unreadable", _unreadable(exc)))
        return loaded
    loaded.table = _conform(spec, raw, loaded)
    return loaded


def _unreadable(exc: Exception) -> str:
    return _("cannot be read: {error}").format(error=exc)


def _csv_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def _read_csv(path: Path, columns: list[str], loaded: LoadedTable) -> pa.Table:
    """Read the contract columns as text; rows with the wrong number of fields are skipped
    and reported (re-read on one thread if needed: only then does Arrow know line numbers)."""
    table, bad = _read_csv_text(path, columns, use_threads=True)
    if any(row.number is None for row in bad):
        table, bad = _read_csv_text(path, columns, use_threads=False)
    for row in bad:
        loaded.problems.append(Problem(None, "csv_syntax", _field_count(row), line=row.number))
    return table


def _field_count(row: pcsv.InvalidRow) -> str:
    if row.number is None:
        text = ngettext(
            "a line has {fields} field; the header has {expected}",
            "a line has {fields} fields; the header has {expected}",
            row.actual_columns,
        )
    else:
        text = ngettext(
            "line {line} has {fields} field; the header has {expected}",
            "line {line} has {fields} fields; the header has {expected}",
            row.actual_columns,
        )
    return text.format(line=row.number, fields=row.actual_columns, expected=row.expected_columns)


def _read_csv_text(
    path: Path, columns: list[str], use_threads: bool
) -> tuple[pa.Table, list[pcsv.InvalidRow]]:
    bad: list[pcsv.InvalidRow] = []

    def on_invalid_row(row: pcsv.InvalidRow) -> str:
        bad.append(row)
        return "skip"

    table = pcsv.read_csv(
        path,
        read_options=pcsv.ReadOptions(use_threads=use_threads),
        parse_options=pcsv.ParseOptions(invalid_row_handler=on_invalid_row),
        convert_options=pcsv.ConvertOptions(
            column_types={name: pa.string() for name in columns},
            include_columns=columns,
            strings_can_be_null=True,
        ),
    )
    return table, bad


def _conform(spec: TableSpec, raw: pa.Table, loaded: LoadedTable) -> pa.Table:
    """The table in contract order and types; absent optional columns become null."""
    arrays = []
    for column in spec.columns:
        if column.name not in raw.column_names:
            arrays.append(pa.nulls(raw.num_rows, column.type))
            continue
        values = raw.column(column.name)
        arrays.append(convert(values, column.name, column.type, loaded.problems))
    return pa.Table.from_arrays(arrays, schema=spec.arrow_schema())


def convert(
    values: pa.ChunkedArray, name: str, target: pa.DataType, problems: list[Problem]
) -> pa.ChunkedArray:
    """Convert one column to its contract type, appending a Problem for what fails."""
    source = values.type
    if pa.types.is_dictionary(source):
        values = values.cast(source.value_type)
        source = values.type
    if pa.types.is_large_string(source):
        values = values.cast(pa.string())
        source = values.type
    if source == target:
        return values
    if pa.types.is_string(source):
        return _parse_text(values, name, target, problems)
    cast = _cast_binary(values, target)
    if cast is None:
        problems.append(Problem(name, "type", _wrong_type(source, target)))
        return pa.chunked_array([pa.nulls(len(values), target)])
    return cast


def _wrong_type(source: pa.DataType, target: pa.DataType) -> str:
    """A column stored as ``source`` where the contract wants ``target``."""
    if pa.types.is_date(target):
        text = _("has type {type}; the contract wants a date YYYY-MM-DD")
    elif pa.types.is_timestamp(target):
        text = _("has type {type}; the contract wants a timestamp YYYY-MM-DDTHH:MM:SS")
    elif pa.types.is_floating(target):
        text = _("has type {type}; the contract wants a number")
    elif pa.types.is_boolean(target):
        text = _("has type {type}; the contract wants a boolean (true/false)")
    else:
        text = _("has type {type}; the contract wants text (string)")
    return text.format(type=source)


def _not_parsed(target: pa.DataType) -> str:
    """A template for a value that does not parse as ``target``: ``{value}`` is the value."""
    if pa.types.is_date(target):
        return _("value {value} is not a date YYYY-MM-DD")
    if pa.types.is_timestamp(target):
        return _("value {value} is not a timestamp YYYY-MM-DDTHH:MM:SS")
    if pa.types.is_floating(target):
        return _("value {value} is not a number")
    return _("value {value} is not a boolean (true/false)")


def _cast_binary(values: pa.ChunkedArray, target: pa.DataType) -> pa.ChunkedArray | None:
    """A lossless-enough cast between typed (non-text) columns, or None if refused."""
    source = values.type
    if pa.types.is_timestamp(target):
        if pa.types.is_timestamp(source) and source.tz is None:
            return values.cast(target, safe=False)
        if pa.types.is_date(source):
            return values.cast(target)
        return None
    if pa.types.is_date(target):
        if pa.types.is_date(source):
            return values.cast(target)
        if pa.types.is_timestamp(source) and source.tz is None:
            as_dates = values.cast(target, safe=False)
            same = pc.equal(as_dates.cast(source), values)
            return as_dates if pc.all(same).as_py() is not False else None
        return None
    if pa.types.is_floating(target):
        if (
            pa.types.is_integer(source)
            or pa.types.is_floating(source)
            or pa.types.is_decimal(source)
        ):
            return values.cast(target)
        return None
    return None


def _parse_text(
    values: pa.ChunkedArray, name: str, target: pa.DataType, problems: list[Problem]
) -> pa.ChunkedArray:
    text = pc.utf8_trim_whitespace(values)
    if pa.types.is_date(target):
        parsed = _parse_dates(text)
    elif pa.types.is_timestamp(target):
        parsed = _parse_timestamps(text)
    elif pa.types.is_floating(target):
        ok = pc.match_substring_regex(text, NUMBER_PATTERN)
        parsed = pc.if_else(ok, text, pa.scalar(None, pa.string())).cast(target)
    elif pa.types.is_boolean(target):
        lower = pc.utf8_lower(text)
        parsed = pc.if_else(
            pc.is_in(lower, pa.array(TRUE_WORDS)),
            True,
            pc.if_else(pc.is_in(lower, pa.array(FALSE_WORDS)), False, pa.scalar(None, pa.bool_())),
        )
    else:  # pragma: no cover - the contract has no other types
        raise TypeError(f"no text parser for {target}")
    mask = bool_mask(pc.and_kleene(pc.is_valid(text), pc.is_null(parsed)))
    if mask.any():
        problems.append(Problem(name, "type", _not_parsed(target), mask=mask, values=values))
    return parsed


def _parse_dates(text: pa.ChunkedArray) -> pa.ChunkedArray:
    shaped = pc.match_substring_regex(text, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    text = pc.if_else(shaped, text, pa.scalar(None, pa.string()))
    stamps = _strict_strptime(text, "%Y-%m-%d")
    return stamps.cast(pa.date32())


def _parse_timestamps(text: pa.ChunkedArray) -> pa.ChunkedArray:
    shaped = pc.match_substring_regex(
        text, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?$"
    )
    text = pc.if_else(shaped, pc.replace_substring(text, " ", "T"), pa.scalar(None, pa.string()))
    short = pc.equal(pc.utf8_length(text), 16)
    text = pc.if_else(short, pc.binary_join_element_wise(text, ":00", ""), text)
    return _strict_strptime(text, "%Y-%m-%dT%H:%M:%S").cast(pa.timestamp("us"))


def _strict_strptime(text: pa.ChunkedArray, fmt: str) -> pa.ChunkedArray:
    """strptime that refuses what it would roll over (Arrow reads 2021-02-29 as 1 March)."""
    stamps = pc.strptime(text, format=fmt, unit="s", error_is_null=True)
    round_trip = pc.equal(pc.strftime(stamps, format=fmt), text)
    return pc.if_else(pc.fill_null(round_trip, False), stamps, pa.scalar(None, stamps.type))


def bool_mask(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean (possibly null) array as a numpy mask, null counting as False."""
    filled = pc.fill_null(values, False)
    if isinstance(filled, pa.ChunkedArray):
        filled = filled.combine_chunks() if filled.num_chunks else pa.array([], pa.bool_())
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=bool)
