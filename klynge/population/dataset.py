"""A validated data set: typed pyarrow tables, or tables opened on an Ibis backend.

``read_dataset`` validates first and raises :class:`InvalidDataset` if anything is
wrong, so that nothing is ever computed from an invalid data set. The tables it
returns have exactly the contract's columns, in contract order and types (absent
optional columns are all null), with diagnosis codes normalised.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq
from ibis.backends import BaseBackend

from klynge.population.contract import TABLES, TableSpec
from klynge.population.normalise import normalise_codes
from klynge.population.parsing import find_files, load_table
from klynge.population.validate import (
    DEFAULT_MAX_ERRORS,
    InvalidDataset,
    ValidationReport,
    load_and_validate,
    validate_dataset,
)

__all__ = ["Dataset", "InvalidDataset", "open_dataset", "read_dataset"]


class Dataset(Mapping[str, pa.Table]):
    """Table name → pyarrow table, for the tables present (optional ones may be absent)."""

    def __init__(self, tables: dict[str, pa.Table], report: ValidationReport) -> None:
        self._tables = tables
        self.report = report
        self.directory = report.directory
        self.format = report.format

    def __getitem__(self, name: str) -> pa.Table:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def row_counts(self) -> dict[str, int]:
        return {name: table.num_rows for name, table in self._tables.items()}

    def with_empty_optional_tables(self) -> Dataset:
        """The same data set with every absent optional table present and empty."""
        tables = dict(self._tables)
        for name, spec in TABLES.items():
            if name not in tables:
                tables[name] = spec.arrow_schema().empty_table()
        return Dataset(tables, self.report)


def read_dataset(path: Path | str, max_errors: int = DEFAULT_MAX_ERRORS) -> Dataset:
    """Read and validate a data-set folder; raises InvalidDataset if it breaks the contract."""
    report, tables = load_and_validate(Path(path), max_errors)
    if not report.ok:
        raise InvalidDataset(report)
    return Dataset(tables, report)


def open_dataset(
    con: BaseBackend, path: Path | str, max_errors: int = DEFAULT_MAX_ERRORS
) -> dict[str, ir.Table]:
    """Validate a data-set folder, then make its tables available to ``con``.

    Raises :class:`InvalidDataset` before anything is loaded if the data set breaks the
    contract. On DuckDB and on local Spark a Parquet data set is not held in memory:
    validation (DuckDB's, whatever the engine) reads one table at a time and lets it go,
    and each table is then read from its file by the engine itself
    (:func:`parquet_view`: the contract's columns and types, codes normalised in the
    query); a table whose file needs parsing (text in a date column, say) is read with
    the contract's conversions instead. Every other case (CSV, PostgreSQL, Spark
    Connect, whose server may not see this machine's files) goes through
    :func:`read_dataset` and :func:`klynge.population.engines.load`.
    """
    from klynge.population.engines import load, reads_local_files

    directory = Path(path)
    if not reads_local_files(con):
        return load(con, read_dataset(directory, max_errors))
    report = validate_dataset(directory, max_errors)
    if not report.ok:
        raise InvalidDataset(report)
    if report.format != "parquet":
        return load(con, read_dataset(directory, max_errors))
    files = find_files(directory)
    tables: dict[str, ir.Table] = {}
    for name, spec in TABLES.items():
        if name not in files:
            continue
        view = parquet_view(con, spec, files[name])
        if view is None:  # needs the contract's parsing: read it (it is valid)
            loaded = load_table(spec, files[name])
            assert loaded.table is not None
            table = loaded.table
            if name == "diagnoses":
                index = table.schema.get_field_index("code")
                table = table.set_column(index, "code", normalise_codes(table.column("code")))
            view = load(con, {name: table})[name]
        tables[name] = view
    return tables


_VIEW_NUMBERS = itertools.count()


def parquet_view(con: BaseBackend, spec: TableSpec, path: Path) -> ir.Table | None:
    """The Parquet file as an Ibis table with the contract's columns in contract order and
    types, read by the engine itself; None when a column's type needs parsing or a cast
    the engine would not do as the contract does (see ``parsing.convert``).

    Call it only on a file that has been validated. Diagnosis codes are normalised by
    :func:`normalised_code`.
    """
    stored = pq.read_schema(path)
    for column in spec.columns:
        if column.name in stored.names and not _engine_casts(
            stored.field(column.name).type, column.type
        ):
            return None
    # A name of its own: a Spark session outlives a run, and a second data set opened in
    # it must not replace the views the first one's tables read.
    name = f"klynge_{spec.name}_{next(_VIEW_NUMBERS)}"
    raw = con.read_parquet(path, table_name=name)  # type: ignore[attr-defined]
    columns = {}
    for column in spec.columns:
        dtype = ibis.dtype(column.type)
        if column.name not in stored.names:
            columns[column.name] = ibis.null(dtype)
        else:
            value = raw[column.name]
            columns[column.name] = value if value.type() == dtype else value.cast(dtype)
    if spec.name == "diagnoses":
        columns["code"] = normalised_code(columns["code"])
    return raw.select(**columns)


def normalised_code(code: ir.StringValue) -> ir.StringValue:
    """:func:`klynge.population.normalise.normalise_codes` as an Ibis expression, for
    codes already validated.

    A valid code, upper-cased, is letters and digits with dots anywhere and whitespace
    only around it (validation refuses anything else), so dropping every character that
    is not ``A``–``Z`` or ``0``–``9`` equals dropping the dots and trimming.
    """
    cleaned = code.upper().re_replace(r"[^A-Z0-9]", "")
    # No back-reference in the replacement: Spark writes it $1, DuckDB and PostgreSQL \1.
    return cleaned.re_search(r"^D[A-Z][0-9]").ifelse(cleaned.substr(1), cleaned)


def _engine_casts(source: pa.DataType, target: pa.DataType) -> bool:
    """Whether the engine's cast of a Parquet ``source`` column to ``target`` gives what
    ``parsing.convert`` gives for a valid file."""
    if pa.types.is_dictionary(source):
        source = source.value_type
    if pa.types.is_large_string(source):
        source = pa.string()
    if source == target:
        return True
    if pa.types.is_string(source) or pa.types.is_string(target):
        return False
    if pa.types.is_timestamp(target) or pa.types.is_date(target):
        # Nanoseconds are left to Arrow: engines round them differently before 1970.
        exact = pa.types.is_timestamp(source) and source.tz is None and source.unit != "ns"
        return exact or pa.types.is_date(source)
    if pa.types.is_floating(target):
        return pa.types.is_integer(source) or pa.types.is_floating(source)
    return False
