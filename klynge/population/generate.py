"""A synthetic data set in the input contract, for demos, tests and benchmarks.

``generate(persons, seed, out)`` writes one file per table (Parquet by default, CSV
on request). The same arguments give byte-identical files: all randomness comes from
``numpy.random.default_rng`` seeded with ``(seed, chunk number)``. Persons are made in
chunks of :data:`CHUNK` and each chunk's tables are appended to the files at once, so
memory stays bounded whatever the number of persons. What is modelled, and what not,
is described in docs/population.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from klynge.population.contract import TABLES, arrow_schema
from klynge.population.i18n import _
from klynge.population.synthetic import services, tables
from klynge.population.synthetic.people import make_people
from klynge.population.synthetic.world import build_world

CHUNK = 200_000
DEFAULT_FIRST_YEAR = 2019
DEFAULT_LAST_YEAR = 2025
Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stage is ``"persons"`` with persons written."""


@dataclass
class GenerateResult:
    out: Path
    row_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class _Writers:
    """One open Parquet or CSV writer per table, so chunks are appended, never held."""

    def __init__(self, out: Path, fmt: Literal["parquet", "csv"]) -> None:
        self.out, self.fmt = out, fmt
        self.writers: dict[str, Any] = {}
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)

    def write(self, name: str, table: pa.Table) -> None:
        if name not in self.writers:
            path = self.out / f"{name}.{self.fmt}"
            if self.fmt == "parquet":
                self.writers[name] = pq.ParquetWriter(path, arrow_schema(name), compression="zstd")
            else:
                self.writers[name] = pcsv.CSVWriter(
                    path,
                    _csv_schema(arrow_schema(name)),
                    write_options=pcsv.WriteOptions(quoting_style="needed"),
                )
        if self.fmt == "csv":
            table = _csv_ready(table)
        self.writers[name].write_table(table)
        self.rows[name] += table.num_rows

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema(
        [pa.field(f.name, pa.string()) if pa.types.is_timestamp(f.type) else f for f in schema]
    )


def _csv_ready(table: pa.Table) -> pa.Table:
    """Timestamps as ``YYYY-MM-DDTHH:MM:SS`` (Arrow's default CSV form adds fractions)."""
    for index, schema_field in enumerate(table.schema):
        if pa.types.is_timestamp(schema_field.type):
            text = pc.strftime(
                table.column(index).cast(pa.timestamp("s")), format="%Y-%m-%dT%H:%M:%S"
            )
            table = table.set_column(index, schema_field.name, text)
    return table


def generate(
    persons: int,
    seed: int,
    out: Path | str,
    country: str = "dk",
    fmt: Literal["parquet", "csv"] = "parquet",
    first_year: int = DEFAULT_FIRST_YEAR,
    last_year: int = DEFAULT_LAST_YEAR,
    progress: Progress | None = None,
    municipalities: Sequence[str] | None = None,
) -> GenerateResult:
    """Write a valid synthetic data set of ``persons`` persons to the folder ``out``: living
    in the country's built-in municipalities, or only in ``municipalities`` (e.g. one
    collaboration's; they may move out of the data set, not elsewhere)."""
    if persons < 1:
        raise ValueError(_("persons must be at least 1"))
    if fmt not in ("parquet", "csv"):
        raise ValueError(_("unknown format {format}: parquet or csv").format(format=repr(fmt)))
    began = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for stale in (*out.glob("*.parquet"), *out.glob("*.csv")):
        if stale.stem in TABLES:
            stale.unlink()
    world = build_world(country, persons, first_year, last_year, seed, municipalities)
    writers = _Writers(out, fmt)
    try:
        writers.write("gp_practices", tables.practices_table(world))
        capacity_rng = np.random.default_rng([seed, 104_729])
        writers.write("gp_capacity", tables.capacity_table(services.capacity(capacity_rng, world)))
        _write_people(writers, world, persons, seed, progress)
    finally:
        writers.close()
    return GenerateResult(out, writers.rows, time.perf_counter() - began)


def _write_people(
    writers: _Writers, world: Any, persons: int, seed: int, progress: Progress | None
) -> None:
    first_contact = 1
    for chunk, start in enumerate(range(0, persons, CHUNK)):
        size = min(CHUNK, persons - start)
        rng = np.random.default_rng([seed, chunk])
        people = make_people(rng, world, start + 1, size)
        for name, table in tables.chunk_tables(rng, world, people, first_contact).items():
            writers.write(name, table)
        first_contact = writers.rows["hospital_contacts"] + 1
        if progress is not None:
            progress("persons", start + size, persons)
