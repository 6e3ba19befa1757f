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

from klynge.population.i18n import _

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

    - duckdb: a fresh in-memory database with :func:`duckdb_settings`.
    - pyspark: ``spark_session`` when given; else a Spark Connect session to
      ``SPARK_REMOTE`` when that environment variable is set; else a local session
      on every core (UTC session time zone, no UI).
    - postgres: the database at ``postgres_url`` (``postgresql://user:pass@host/db``),
      with the session parameters of :func:`postgres_settings`.
    """
    if engine == "duckdb":
        return ibis.duckdb.connect(**duckdb_settings())
    if engine == "pyspark":
        return ibis.pyspark.connect(spark_session or spark_session_from_environment())
    if engine == "postgres":
        if not postgres_url:
            raise EngineError(_("the postgres engine needs a URL (postgresql://user:pass@host/db)"))
        con = ibis.connect(postgres_url)
        with con.con.cursor() as cursor:  # type: ignore[attr-defined]
            for name, value in postgres_settings().items():
                cursor.execute("SELECT set_config(%s, %s, false)", (name, value))
        return con
    raise EngineError(
        _("unknown engine {engine}; choose one of {engines}").format(
            engine=repr(engine), engines=", ".join(ENGINES)
        )
    )


def duckdb_settings() -> dict[str, Any]:
    """DuckDB's memory limit (``KLYNGE_DUCKDB_MEMORY_LIMIT``, default 6GB: beyond it DuckDB
    spills to a temporary folder rather than fail), its threads (every core) and that
    temporary folder (the system's, not the working directory)."""
    import tempfile

    return {
        "memory_limit": os.environ.get("KLYNGE_DUCKDB_MEMORY_LIMIT", "6GB"),
        "threads": os.cpu_count() or 1,
        "temp_directory": os.path.join(tempfile.gettempdir(), "klynge-duckdb"),
    }


POSTGRES_SETTINGS: dict[str, str] = {}
"""Session parameters set on every PostgreSQL connection before
``KLYNGE_POSTGRES_SETTINGS``. None by default: ``work_mem = 256MB`` with
``temp_buffers = 1GB`` made the 5.9-million-person benchmark slower (compute 201 s
against 167 s with the server's defaults; docs/population.md, Benchmark)."""


def postgres_settings() -> dict[str, str]:
    """Session parameters for a PostgreSQL connection: :data:`POSTGRES_SETTINGS`, changed by
    ``KLYNGE_POSTGRES_SETTINGS`` (``name=value`` pairs separated by commas or semicolons,
    e.g. ``work_mem=1GB,max_parallel_workers_per_gather=0``; ``name=`` leaves that parameter
    at the server's setting)."""
    settings = dict(POSTGRES_SETTINGS)
    extra = os.environ.get("KLYNGE_POSTGRES_SETTINGS", "")
    for item in extra.replace(";", ",").split(","):
        if not item.strip():
            continue
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            message = _("KLYNGE_POSTGRES_SETTINGS: {item} is not name=value (e.g. work_mem=256MB)")
            raise EngineError(message.format(item=repr(item.strip())))
        settings[name.strip()] = value.strip()
    return {name: value for name, value in settings.items() if value}


def spark_session_from_environment(extra: dict[str, str] | None = None) -> Any:
    """A Spark session: Spark Connect to ``SPARK_REMOTE`` if set, else local mode (with
    the ``extra`` settings too, e.g. the benchmark's).

    Either way the session time zone is UTC, so naive timestamps are not shifted.
    """
    from pyspark.sql import SparkSession

    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        session = SparkSession.builder.remote(remote).getOrCreate()
        session.conf.set("spark.sql.session.timeZone", "UTC")
        return session
    builder = (
        SparkSession.builder.master("local[*]")
        .appName("klynge-population")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", os.environ.get("KLYNGE_SPARK_DRIVER_MEMORY", "8g"))
        .config("spark.sql.shuffle.partitions", str(max(4, (os.cpu_count() or 2) * 2)))
    )
    for name, value in (extra or {}).items():
        builder = builder.config(name, value)
    return builder.getOrCreate()


def load(
    con: BaseBackend,
    tables: Mapping[str, pa.Table],
    prefix: str = "",
    *,
    empty_optional: bool = False,
) -> dict[str, ir.Table]:
    """Put Arrow tables into ``con``; returns name → Ibis table. The one way a data set
    (or any Arrow table) goes into an engine.

    - DuckDB: each table is registered as a view of the Arrow data, without a copy.
    - PySpark: each table becomes a temporary view made straight from Arrow. (Ibis'
      ``create_table`` on PySpark goes through pandas, which, in pandas 3, turns null
      strings into the text "NaN", and it writes a permanent table to the warehouse.)
    - PostgreSQL: each table is created as a temporary table and filled with ``COPY``
      (Ibis' own insert sends one statement per row), then analysed.

    With ``empty_optional`` every optional contract table missing from ``tables`` is
    loaded empty, so that queries can always refer to it.
    """
    tables = dict(tables)
    if empty_optional:
        from klynge.population.contract import TABLES

        for name, spec in TABLES.items():
            tables.setdefault(name, spec.arrow_schema().empty_table())
    kind = getattr(con, "name", "")
    loaded: dict[str, ir.Table] = {}
    for name, table in tables.items():
        target = f"{prefix}{name}"
        if kind == "duckdb":
            con.con.register(target, table)  # type: ignore[attr-defined]
        elif kind == "pyspark":
            session = con._session  # type: ignore[attr-defined]
            session.createDataFrame(table).createOrReplaceTempView(target)
        elif kind == "postgres":
            _copy_into_postgres(con, target, table)
        else:
            con.create_table(target, table, overwrite=True)
        loaded[name] = con.table(target)
    return loaded


def _copy_into_postgres(con: BaseBackend, name: str, table: pa.Table) -> None:
    """``table`` as the temporary PostgreSQL table ``name``, filled with COPY … CSV.

    Every value is written quoted and a null unquoted and empty, so that PostgreSQL
    tells an empty text from a null.
    """
    import pyarrow.csv as pcsv

    schema = ibis.Schema.from_pyarrow(table.schema)
    con.create_table(name, schema=schema, temp=True, overwrite=True)
    options = pcsv.WriteOptions(include_header=False, quoting_style="all_valid")
    quoted = '"' + name.replace('"', '""') + '"'
    columns = ", ".join('"' + c.replace('"', '""') + '"' for c in table.column_names)
    raw = con.con  # type: ignore[attr-defined]
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY {quoted} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
            for batch in table.to_batches(max_chunksize=200_000):
                sink = pa.BufferOutputStream()
                pcsv.write_csv(batch, sink, write_options=options)
                copy.write(sink.getvalue().to_pybytes())
        cursor.execute(f"ANALYZE {quoted}")


def materialise(expr: ir.Table) -> ir.Table:
    """``expr`` computed once where the engine can (a temporary table on DuckDB and
    PostgreSQL, a cached frame on Spark), so that the queries sharing it do not
    recompute it.

    PostgreSQL's autovacuum never analyses temporary tables: without statistics the
    planner takes the table for one row and joins it by nested loops (quadratic), so it
    is analysed here.
    """
    backend = expr._find_backend(use_default=True)  # memtables run on the default (DuckDB)
    if getattr(backend, "name", "") == "pyspark" and _is_spark_connect(backend):
        return _cache_on_spark_connect(backend, expr)
    try:
        cached = expr.cache()
    except (NotImplementedError, AttributeError):  # pragma: no cover - engines without cache
        return expr
    if getattr(backend, "name", "") == "postgres":
        name = cached.op().name  # type: ignore[attr-defined]
        with backend.con.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute(f'ANALYZE "{name}"')
    return cached


def reads_local_files(con: BaseBackend) -> bool:
    """Whether ``con`` reads this machine's files itself: DuckDB, and Spark in local mode.
    A cluster's executors, a Spark Connect server and PostgreSQL's server may run
    elsewhere."""
    kind = getattr(con, "name", "")
    if kind != "pyspark":
        return kind == "duckdb"
    if _is_spark_connect(con):
        return False
    master = con._session.sparkContext.master  # type: ignore[attr-defined]
    return str(master).startswith("local")


def _is_spark_connect(backend: BaseBackend) -> bool:
    return type(backend._session).__module__.startswith(  # type: ignore[attr-defined]
        "pyspark.sql.connect")


_CONNECT_CACHED: list[Any] = []  # the cached frames, kept alive while the process runs


def _cache_on_spark_connect(backend: BaseBackend, expr: ir.Table) -> ir.Table:
    """Ibis' ``cache`` on a Spark Connect session: the same (a cached frame as a temporary
    view), less Ibis' check that the frame says it is cached, which a Connect frame only
    says once it has been computed."""
    name = f"klynge_cached_{len(_CONNECT_CACHED)}_{id(expr):x}"
    frame = backend._session.sql(backend.compile(expr)).cache()  # type: ignore[attr-defined]
    frame.createOrReplaceTempView(name)
    _CONNECT_CACHED.append(frame)
    return backend.table(name)
