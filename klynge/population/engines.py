"""Connections to the three engines the indicators run on: DuckDB, PySpark, PostgreSQL.

Every indicator is one set of Ibis expressions; only the connection differs.

Timestamps in the input contract are naive local (wall-clock) time, and the engine
treats them as such everywhere: durations are differences of epoch seconds computed
as if the wall clock were UTC, so a daylight-saving change never adds or removes an
hour. On Spark this needs the session time zone set to UTC (``connect`` does that for
the sessions it makes; pass a session of your own with
``spark.sql.session.timeZone=UTC``). DuckDB and PostgreSQL keep naive timestamps
(``TIMESTAMP`` / ``timestamp without time zone``) unshifted on their own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends import BaseBackend

ENGINES = ("duckdb", "pyspark", "postgres")


class EngineError(ValueError):
    """An engine name, URL or session that cannot be used."""


def connect(
    engine: str,
    *,
    spark_session: Any = None,
    postgres_url: str | None = None,
) -> BaseBackend:
    """An Ibis backend for ``engine`` ("duckdb", "pyspark" or "postgres").

    - duckdb: a fresh in-memory database.
    - pyspark: ``spark_session`` when given; else a Spark Connect session to
      ``SPARK_REMOTE`` when that environment variable is set; else a local session
      on every core (UTC session time zone, no UI).
    - postgres: the database at ``postgres_url`` (``postgresql://user:pass@host/db``).
    """
    if engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "pyspark":
        return ibis.pyspark.connect(spark_session or spark_session_from_environment())
    if engine == "postgres":
        if not postgres_url:
            raise EngineError("the postgres engine needs a URL (postgresql://user:pass@host/db)")
        return ibis.connect(postgres_url)
    raise EngineError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def spark_session_from_environment() -> Any:
    """A Spark session: Spark Connect to ``SPARK_REMOTE`` if set, else local mode.

    Either way the session time zone is UTC, so naive timestamps are not shifted.
    """
    from pyspark.sql import SparkSession

    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        session = SparkSession.builder.remote(remote).getOrCreate()
        session.conf.set("spark.sql.session.timeZone", "UTC")
        return session
    return (
        SparkSession.builder.master("local[*]")
        .appName("klynge-population")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(max(4, (os.cpu_count() or 2) * 2)))
        .getOrCreate()
    )


def load(con: BaseBackend, tables: Mapping[str, pa.Table], prefix: str = "") -> dict[str, ir.Table]:
    """Put Arrow tables into ``con``; returns name → Ibis table.

    Spark gets each table as a temporary view made straight from Arrow: Ibis'
    ``create_table`` on PySpark goes through pandas, which (pandas 3) turns null
    strings into the text "NaN", and it writes a permanent table to the warehouse.
    Other engines use :func:`klynge.population.dataset.register`.
    """
    if getattr(con, "name", "") != "pyspark":
        from klynge.population.dataset import register

        return register(con, tables, empty_optional=False, prefix=prefix)
    session = con._session  # type: ignore[attr-defined]
    loaded = {}
    for name, table in tables.items():
        view = f"{prefix}{name}"
        session.createDataFrame(table).createOrReplaceTempView(view)
        loaded[name] = con.table(view)
    return loaded
