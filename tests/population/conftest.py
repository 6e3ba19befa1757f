"""Engines for the population tests: DuckDB always, one local Spark session for the
whole run (marked ``spark``), PostgreSQL only when ``KLYNGE_TEST_POSTGRES_URL`` is set.
Messages made by the package come in English (``_english_messages``).

``engine`` is parametrised over them; a test gets an :class:`Engine` that turns
hand-written rows into Ibis tables (``engine.table("persons", rows)``) and runs
expressions (``engine.rows(expr)``).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pytest
from ibis.backends import BaseBackend

from klynge.population import i18n

from .builders import arrow_rows

POSTGRES_URL = os.environ.get("KLYNGE_TEST_POSTGRES_URL")
_COUNTER = itertools.count()


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """The population engine's messages come in English in these tests, as Django's do
    (the root conftest.py). The command line still chooses its own language (--language,
    KLYNGE_LANGUAGE, else Danish); tests of translations choose theirs."""
    with i18n.override("en"):
        yield


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: needs the local Spark session (slow)")
    config.addinivalue_line("markers", "postgres: needs KLYNGE_TEST_POSTGRES_URL")


@dataclass
class Engine:
    """One backend, with helpers to build tables from rows and read results back."""

    name: str
    con: BaseBackend

    def table(self, name: str, rows: list[dict[str, Any]]) -> ir.Table:
        return self.load(arrow_rows(name, rows))

    def load(self, data: pa.Table) -> ir.Table:
        """A pyarrow table as an Ibis table of this engine.

        Spark gets the Arrow data directly: Ibis' in-memory tables go through pandas,
        which (pandas 3) turns null strings into "NaN" on the way into Spark.
        """
        if self.name != "pyspark":
            return ibis.memtable(data)
        name = f"klynge_test_{next(_COUNTER)}"
        session = self.con._session  # type: ignore[attr-defined]
        session.createDataFrame(data).createOrReplaceTempView(name)
        return self.con.table(name)

    def tables(self, **rows: list[dict[str, Any]]) -> dict[str, ir.Table]:
        return {name: self.table(name, table_rows) for name, table_rows in rows.items()}

    def rows(self, expr: ir.Table, order_by: list[str] | None = None) -> list[dict[str, Any]]:
        """The result as a list of dicts, sorted by ``order_by`` (default: every column)."""
        result = self.con.to_pyarrow(expr).to_pylist()
        keys = order_by or list(expr.columns)
        return sorted(result, key=lambda row: tuple(_sortable(row[key]) for key in keys))


def _sortable(value: Any) -> tuple[int, Any]:
    return (0, "") if value is None else (1, value)


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("klynge-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.warehouse.dir", os.path.join(_tmp_root(), "spark-warehouse"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _tmp_root() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="klynge-spark-")


@pytest.fixture(scope="session")
def duckdb_engine() -> Engine:
    return Engine("duckdb", ibis.duckdb.connect())


@pytest.fixture(scope="session")
def spark_engine(spark_session: Any) -> Engine:
    return Engine("pyspark", ibis.pyspark.connect(spark_session))


@pytest.fixture(scope="session")
def postgres_engine() -> Engine:
    if not POSTGRES_URL:
        pytest.skip("KLYNGE_TEST_POSTGRES_URL is not set")
    return Engine("postgres", ibis.connect(POSTGRES_URL))


ENGINE_PARAMS = [
    pytest.param("duckdb", id="duckdb"),
    pytest.param("pyspark", id="pyspark", marks=pytest.mark.spark),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="KLYNGE_TEST_POSTGRES_URL is not set"),
        ],
    ),
]


@pytest.fixture(params=ENGINE_PARAMS)
def engine(request: pytest.FixtureRequest) -> Engine:
    fixture = {"duckdb": "duckdb_engine", "pyspark": "spark_engine", "postgres": "postgres_engine"}
    return request.getfixturevalue(fixture[request.param])
