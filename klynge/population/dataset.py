"""A validated data set: typed pyarrow tables, and their registration with an Ibis backend.

``read_dataset`` validates first and raises :class:`InvalidDataset` if anything is
wrong, so that nothing is ever computed from an invalid data set. The tables it
returns have exactly the contract's columns, in contract order and types (absent
optional columns are all null), with diagnosis codes normalised.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from klynge.population.contract import TABLES
from klynge.population.validate import (
    DEFAULT_MAX_ERRORS,
    InvalidDataset,
    ValidationReport,
    load_and_validate,
)

__all__ = ["Dataset", "InvalidDataset", "read_dataset", "register"]


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


def register(
    con: Any, dataset: Mapping[str, pa.Table], *, empty_optional: bool = True, prefix: str = ""
) -> dict[str, Any]:
    """Put every table into an Ibis backend; returns table name → ``ibis.Table``.

    On DuckDB the Arrow tables are registered as views without copying them (the
    data set is already in memory). Other backends get ``create_table(..., overwrite=True)``.
    Absent optional tables are registered empty unless ``empty_optional`` is False,
    so that queries can always refer to them.
    """
    tables = dict(dataset)
    if empty_optional:
        for name, spec in TABLES.items():
            tables.setdefault(name, spec.arrow_schema().empty_table())
    registered: dict[str, Any] = {}
    for name, table in tables.items():
        target = f"{prefix}{name}"
        if getattr(con, "name", "") == "duckdb":
            con.con.register(target, table)
            registered[name] = con.table(target)
        else:
            registered[name] = con.create_table(target, table, overwrite=True)
    return registered
