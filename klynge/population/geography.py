"""Built-in geography: the municipalities and a default municipality → collaboration mapping.

For when the population package is used on its own; the platform exports its own
mapping from its reference data. Two files ship with the package:

- ``data/municipalities.csv``: Denmark's 98 municipalities and the 18 of the Bergen
  area health community, with ``kind`` (``city`` or ``rural``, used by the synthetic
  generator) and an approximate population (rounded, used only to size the synthetic
  municipalities);
- ``data/collaborations.csv``: municipality → collaboration, effective-dated
  (``valid_from`` inclusive, ``valid_to`` exclusive, empty = open). Built from the
  shared reference: the Danish health clusters (``dk-klynge-<slug>``, 2022-07-01 until
  2027), the health councils (``dk-raad-<slug>``, from 2027) and the Bergen health
  community (``no-helsefellesskap-bergen``, from 2020-01-01).
"""

from __future__ import annotations

import functools
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from klynge.population.i18n import _

MAPPING_COLUMNS = ("municipality_code", "collaboration_code")
_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


class MappingError(ValueError):
    """A mapping file that cannot be used; ``messages`` says why, one line each."""

    def __init__(self, path: Path, messages: list[str]) -> None:
        super().__init__(f"{path}: " + "; ".join(messages))
        self.path = path
        self.messages = messages


def slugify(name: str) -> str:
    """Lower-case ASCII: æ→ae, ø→oe, å→aa, anything else not alphanumeric → ``-``."""
    text = name.lower().translate(_TRANSLITERATION)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@functools.cache
def _read_packaged(name: str) -> pa.Table:
    """A packaged table, read once per process (it never changes; Arrow tables are
    immutable, so every caller may share it)."""
    source = resources.files("klynge.population").joinpath("data", name)
    with resources.as_file(source) as path:
        return pcsv.read_csv(
            path,
            convert_options=pcsv.ConvertOptions(
                column_types={
                    "municipality_code": pa.string(),
                    "collaboration_code": pa.string(),
                    "valid_from": pa.date32(),
                    "valid_to": pa.date32(),
                },
            ),
        )


def municipalities(country: str | None = None) -> pa.Table:
    """The built-in municipalities: code, name, country (``dk``/``no``), kind, approx_population."""
    table = _read_packaged("municipalities.csv")
    if country is not None:
        table = table.filter(pc.equal(table.column("country"), country))
        if table.num_rows == 0:
            raise ValueError(
                _("no built-in municipalities for country {country} (dk or no)").format(
                    country=repr(country)
                )
            )
    return table


def in_force(table: pa.Table, on_date: date) -> pa.Table:
    """The rows of an effective-dated mapping valid on a day (``valid_to`` exclusive)."""
    starts, ends = table.column("valid_from"), table.column("valid_to")
    day = pa.scalar(on_date, pa.date32())
    started = pc.or_kleene(pc.is_null(starts), pc.less_equal(starts, day))
    not_ended = pc.or_kleene(pc.is_null(ends), pc.greater(ends, day))
    return table.filter(pc.and_kleene(started, not_ended)).select(list(MAPPING_COLUMNS))


def packaged_mapping() -> pa.Table:
    """The built-in effective-dated mapping: ``municipality_code, collaboration_code,
    valid_from, valid_to`` (``valid_to`` exclusive)."""
    return _read_packaged("collaborations.csv")


def default_mapping(on_date: date) -> pa.Table:
    """The built-in municipality → collaboration mapping valid on a day."""
    return in_force(_read_packaged("collaborations.csv"), on_date)


def grouping_days(on_date: date) -> list[date]:
    """``on_date`` and every later day on which a grouping of the built-in mapping starts
    (2027-01-01: the Danish health councils), in order."""
    starts = _read_packaged("collaborations.csv").column("valid_from").to_pylist()
    return [on_date, *sorted({day for day in starts if day is not None and day > on_date})]


def default_groupings(on_date: date) -> pa.Table:
    """The built-in mapping on ``on_date`` together with every later grouping
    (:func:`grouping_days`), without repeated rows: one data set's year published by cluster
    and by council, protected together by disclosure control."""
    tables = [default_mapping(day) for day in grouping_days(on_date)]
    rows = sorted({(m, c) for table in tables for m, c in zip(
        table.column("municipality_code").to_pylist(),
        table.column("collaboration_code").to_pylist(), strict=True)})
    return pa.table({"municipality_code": pa.array([m for m, _c in rows], pa.string()),
                     "collaboration_code": pa.array([c for _m, c in rows], pa.string())})


def read_mapping(path: Path | str, on_date: date | None = None) -> pa.Table:
    """Read a user's mapping CSV: ``municipality_code,collaboration_code``, optionally with
    ``valid_from,valid_to`` (``valid_to`` exclusive, as ``klynge export_mapping --periods``
    writes it), in which case the rows valid on ``on_date`` are kept.

    Raises MappingError, listing the problems, if the file cannot be used.
    """
    path = Path(path)
    try:
        table = pcsv.read_csv(
            path,
            convert_options=pcsv.ConvertOptions(
                column_types={**dict.fromkeys(MAPPING_COLUMNS, pa.string()),
                              "valid_from": pa.date32(), "valid_to": pa.date32()},
                strings_can_be_null=True,
            ),
        )
    except (OSError, pa.ArrowException) as exc:
        raise MappingError(path, [_("cannot be read: {error}").format(error=exc)]) from None
    missing = [c for c in MAPPING_COLUMNS if c not in table.column_names]
    if missing:
        raise MappingError(path, [_("missing column {column}").format(column=c) for c in missing])
    dated = {"valid_from", "valid_to"} <= set(table.column_names)
    if dated and on_date is not None:
        table = in_force(table, on_date)
    table = table.select(list(MAPPING_COLUMNS))
    messages = _mapping_problems(table)
    if messages:
        raise MappingError(path, messages)
    return table


def _mapping_problems(table: pa.Table, limit: int = 10) -> list[str]:
    messages: list[str] = []
    for column in MAPPING_COLUMNS:
        values = table.column(column)
        empty = pc.or_kleene(pc.is_null(values), pc.equal(pc.utf8_trim_whitespace(values), ""))
        for index in pc.indices_nonzero(pc.fill_null(empty, True)).to_pylist()[:limit]:
            messages.append(
                _("data row {row}: {column} is empty").format(row=index + 1, column=column)
            )
    codes = table.column("municipality_code")
    bad = pc.invert(pc.match_substring_regex(codes, r"^[0-9]{4}$"))
    for index in pc.indices_nonzero(pc.fill_null(bad, False)).to_pylist()[:limit]:
        messages.append(
            _("data row {row}: municipality_code {value} is not four digits").format(
                row=index + 1, value=repr(codes[index].as_py())
            )
        )
    return messages
