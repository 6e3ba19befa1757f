"""Population engine benchmark: generator, DuckDB scan floor, and every engine.

    python benchmarks/population.py [--persons 1000000] [--full] [--engines duckdb,pyspark]

``--full`` means 5.9 million persons (Denmark). The data set is generated once into
``var/bench/<persons>-<seed>`` and reused. Each phase runs in a child process whose
resident memory, children included (the Spark JVM), is sampled every 50 ms, so every
peak is that phase's own. PostgreSQL runs when ``KLYNGE_BENCH_POSTGRES_URL`` is set.

The floor is the time DuckDB needs merely to scan, once, every column the indicators
read, straight from the Parquet files; each engine's time is shown as a ratio to it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
FULL = 5_900_000
# The local Spark driver's memory (its heap; in local mode the driver does the work),
# unless KLYNGE_SPARK_DRIVER_MEMORY says otherwise: up to a million persons 2 GB, above
# it the engine's default of 8 GB (at 5.9 million persons 2 GB ran out of memory).
SMALL_SPARK = 1_000_000


def spark_driver_memory(persons: int) -> str:
    """The driver memory the benchmark gives local Spark for ``persons``."""
    default = "2g" if persons <= SMALL_SPARK else "8g"
    return os.environ.get("KLYNGE_SPARK_DRIVER_MEMORY", default)


# Tables and columns the indicators read (gp_contacts is not used by any indicator).
SCANNED = {
    "persons": ["person_id", "birth_date", "sex", "death_date", "education"],
    "residence": ["person_id", "municipality_code", "valid_from", "valid_to"],
    "gp_practices": ["practice_id", "municipality_code", "kind"],
    "gp_capacity": ["practice_id", "valid_from", "valid_to", "gp_fte", "list_open"],
    "gp_listing": ["person_id", "practice_id", "valid_from", "valid_to"],
    "hospital_contacts": [
        "contact_id",
        "person_id",
        "kind",
        "urgency",
        "specialty",
        "start_ts",
        "end_ts",
        "ready_ts",
        "discharged_to",
    ],
    "diagnoses": ["contact_id", "code", "kind"],
    "municipal_care": ["person_id", "service", "valid_from", "valid_to"],
}


def _emit(result: dict[str, Any]) -> None:
    print("RESULT " + json.dumps(result), flush=True)


def phase_generate(directory: Path, persons: int, seed: int) -> None:
    from klynge.population.generate import generate

    result = generate(persons, seed, directory)
    _emit({"seconds": result.seconds, "rows": result.row_counts})


def phase_floor(directory: Path) -> None:
    import duckdb

    con = duckdb.connect()
    began = time.perf_counter()
    rows = 0
    for table, columns in SCANNED.items():
        touches = ", ".join(
            f"max(length(CAST({c} AS VARCHAR)))"
            if c.endswith("_id") or c in ("code",)
            else f"count({c})"
            if c.endswith(("_ts", "_to", "_from", "_date"))
            else f"max({c})"
            for c in columns
        )
        path = directory / f"{table}.parquet"
        query = f"SELECT count(*), {touches} FROM read_parquet('{path}')"  # noqa: S608
        rows += con.execute(query).fetchone()[0]  # type: ignore[index]
    _emit({"seconds": time.perf_counter() - began, "rows": rows})


def phase_engine(directory: Path, engine: str, year: int) -> None:
    from klynge.population.i18n import override
    from klynge.population.pipeline import run_indicators

    marks: list[tuple[str, float]] = []
    tracker = _spark_tracker() if engine == "pyspark" else None
    began = time.perf_counter()
    # English progress messages, whatever KLYNGE_LANGUAGE says: "merging" is looked for below.
    with tempfile.TemporaryDirectory() as tmp, override("en"):
        result = run_indicators(
            directory,
            year,
            Path(tmp) / "indicators.parquet",
            engine=engine,
            postgres_url=os.environ.get("KLYNGE_BENCH_POSTGRES_URL"),
            progress=lambda message: marks.append((message, time.perf_counter() - began)),
        )
    total = time.perf_counter() - began
    # Everything before the first computing step is validation and loading.
    loaded = next((t for m, t in marks if m.startswith("merging")), 0.0)
    _emit(
        {
            "seconds": total,
            "validate_load": loaded,
            "compute": total - loaded,
            "output_rows": result.num_rows,
            **(_spark_counts(tracker) if tracker is not None else {}),
        }
    )


def _spark_tracker() -> Any:
    """The local Spark session the engine will use (``getOrCreate`` finds it), made here
    so that it remembers every job and stage; its status tracker."""
    from klynge.population.engines import spark_session_from_environment

    many = "1000000"
    session = spark_session_from_environment(
        {"spark.ui.retainedJobs": many, "spark.ui.retainedStages": many}
    )
    return session.sparkContext.statusTracker()


def _spark_counts(tracker: Any) -> dict[str, int]:
    """How many Spark jobs the run made, and how many stages they ran (skipped stages,
    whose output a job reused, not counted)."""
    jobs = tracker.getJobIdsForGroup()
    stages: set[int] = set()
    for job in jobs:
        info = tracker.getJobInfo(job)
        stages.update(info.stageIds if info is not None else [])
    infos = [tracker.getStageInfo(stage) for stage in stages]
    ran = sum(1 for info in infos if info is not None and info.numTasks and info.numCompletedTasks)
    return {"spark_jobs": len(jobs), "spark_stages": ran}


def _size(folder: str) -> int:
    """The bytes of the files under ``folder`` (those that vanish meanwhile: none)."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(root, name)).st_size
    return total


def run_phase(
    argv: list[str], timeout: float | None = None
) -> tuple[dict[str, Any] | None, float, str]:
    """Run one phase in a child process; returns its result, peak RSS (bytes, the child
    and its own children: the Spark JVM) and errors. A phase still running after
    ``timeout`` seconds is stopped, with its children. The child's temporary folder is one
    of its own (``TMPDIR``): DuckDB spills there, and the result's ``temporary_bytes`` is
    its peak size."""
    command = [sys.executable, __file__, "--phase", *argv]
    scratch = tempfile.mkdtemp(prefix="klynge-bench-")
    child = subprocess.Popen(  # noqa: S603 (our own interpreter and script)
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": scratch},
    )
    peak, disk = [0.0], [0]
    done = threading.Event()

    def sample() -> None:
        process = psutil.Process(child.pid)
        ticks = 0
        while not done.is_set():
            try:
                family = [process, *process.children(recursive=True)]
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in family))
            except psutil.Error:
                pass
            if ticks % 10 == 0:  # every half second
                disk[0] = max(disk[0], _size(scratch))
            ticks += 1
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(child.pid)
        child.communicate()
        done.set()
        sampler.join()
        shutil.rmtree(scratch, ignore_errors=True)
        return None, peak[0], f"stopped: not finished within {timeout:.0f} s"
    done.set()
    sampler.join()
    shutil.rmtree(scratch, ignore_errors=True)
    lines = [line for line in out.splitlines() if line.startswith("RESULT ")]
    if child.returncode != 0 or not lines:
        return None, peak[0], (err.strip().splitlines() or ["failed"])[-1]
    found = json.loads(lines[-1][len("RESULT ") :])
    return {**found, "temporary_bytes": disk[0]}, peak[0], ""


def _stop(pid: int) -> None:
    """Stop the phase this script started, and the processes it started (a Spark JVM)."""
    try:
        process = psutil.Process(pid)
        family = [*process.children(recursive=True), process]
    except psutil.Error:
        return
    for member in family:
        with contextlib.suppress(psutil.Error):
            member.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--full", action="store_true", help=f"{FULL:,} persons")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument(
        "--engines",
        default=None,
        help=f"default: duckdb,pyspark,postgres; above {FULL:,} persons only duckdb",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=600,
        help="stop an engine that has not finished after this many seconds (default 600)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT / "var" / "bench",
        help="the folder of the generated data sets (default var/bench)",
    )
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        return _child(args.phase)
    persons = FULL if args.full else args.persons
    console = Console(width=200)
    directory = args.data / f"{persons}-{args.seed}"
    summary = Table(title=f"population benchmark: {persons:,} persons, year {args.year}")
    for column in COLUMNS:
        summary.add_column(column, justify="left" if column in ("phase", "note") else "right")
    input_rows = _generate(console, summary, directory, persons, args.seed)
    floor = _floor(console, summary, directory, input_rows)
    engines = args.engines or ("duckdb" if persons > FULL else "duckdb,pyspark,postgres")
    os.environ["KLYNGE_SPARK_DRIVER_MEMORY"] = spark_driver_memory(persons)  # for the children
    for engine in [e.strip() for e in engines.split(",") if e.strip()]:
        _engine(console, summary, directory, engine, args.year, input_rows, floor, args.timeout)
    console.print(summary)
    console.print(
        "validate+load: validation of every rule, then the data set made available to the "
        "engine; compute: every indicator from there, disclosure control and the file "
        "included. rows/s: input rows of the tables the indicators read per compute second. "
        "× floor: compute (and total) time over DuckDB's bare scan of the columns the "
        "indicators read. Peak memory is the resident memory of the phase's process and "
        "its children (the Spark JVM); PostgreSQL's server runs outside it and is not "
        "counted. Temporary files: the peak size of the phase's own temporary folder, where "
        "DuckDB spills what does not fit its memory limit (KLYNGE_DUCKDB_MEMORY_LIMIT, "
        "default 6GB)."
    )
    return 0


COLUMNS = (
    "phase",
    "validate+load s",
    "compute s",
    "total s",
    "peak memory",
    "rows/s",
    "× floor",
    "note",
)


def _child(phase: list[str]) -> int:
    name, directory = phase[0], Path(phase[1])
    if name == "generate":
        phase_generate(directory, int(phase[2]), int(phase[3]))
    elif name == "floor":
        phase_floor(directory)
    else:
        phase_engine(directory, phase[2], int(phase[3]))
    return 0


def _mib(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB"


def _generate(console: Console, summary: Table, directory: Path, persons: int, seed: int) -> int:
    cached = (directory / "persons.parquet").exists() and (directory / "diagnoses.parquet").exists()
    if cached:
        summary.add_row("generate", "", "", "", "", "", "", f"cached in {directory}")
    else:
        console.print(f"generating {persons:,} persons into {directory} …")
        result, peak, error = run_phase(["generate", str(directory), str(persons), str(seed)])
        if result is None:
            raise SystemExit(f"generation failed: {error}")
        rows = sum(result["rows"].values())
        summary.add_row(
            "generate",
            "",
            "",
            f"{result['seconds']:.1f}",
            _mib(peak),
            f"{rows / result['seconds']:,.0f}",
            "",
            f"{rows:,} rows written",
        )
    import pyarrow.parquet as pq

    return sum(
        pq.ParquetFile(directory / f"{t}.parquet").metadata.num_rows
        for t in SCANNED
        if (directory / f"{t}.parquet").exists()
    )


def _floor(console: Console, summary: Table, directory: Path, input_rows: int) -> float:
    console.print("DuckDB scan floor …")
    result, peak, error = run_phase(["floor", str(directory)])
    if result is None:
        summary.add_row("duckdb scan (floor)", "", "", "", "", "", "", error)
        return 0.0
    seconds = result["seconds"]
    summary.add_row(
        "duckdb scan (floor)",
        "",
        f"{seconds:.2f}",
        f"{seconds:.2f}",
        _mib(peak),
        f"{input_rows / seconds:,.0f}",
        "1.0",
        f"{input_rows:,} input rows",
    )
    return float(seconds)


def _engine(
    console: Console,
    summary: Table,
    directory: Path,
    engine: str,
    year: int,
    input_rows: int,
    floor: float,
    timeout: float,
) -> None:
    blank = ("",) * (len(COLUMNS) - 2)
    if engine == "postgres" and not os.environ.get("KLYNGE_BENCH_POSTGRES_URL"):
        summary.add_row("postgres", *blank, "skipped: KLYNGE_BENCH_POSTGRES_URL is unset")
        return
    console.print(f"indicators on {engine} …")
    result, peak, error = run_phase(["engine", str(directory), engine, str(year)], timeout)
    memory = _mib(peak) + (" + server" if engine == "postgres" else "")
    if result is None:
        summary.add_row(engine, "", "", "", memory, "", "", f"failed: {error}")
        return
    total, compute = result["seconds"], result["compute"]
    ratio = f"{compute / floor:,.1f} ({total / floor:,.1f})" if floor else ""
    spilled = _mib(result["temporary_bytes"])
    note = f"{result['output_rows']:,} output rows; temporary files {spilled} at most"
    if "spark_jobs" in result:
        note += f"; {result['spark_jobs']:,} Spark jobs, {result['spark_stages']:,} stages run"
        note += f"; driver memory {os.environ['KLYNGE_SPARK_DRIVER_MEMORY']}"
    if engine == "postgres":
        note += "; the server's memory is not counted"
    summary.add_row(
        engine,
        f"{result['validate_load']:.1f}",
        f"{compute:.1f}",
        f"{total:.1f}",
        memory,
        f"{input_rows / compute:,.0f}",
        ratio,
        note,
    )
    console.print(
        f"  {engine}: validate+load {result['validate_load']:.1f} s, compute {compute:.1f} s, "
        f"total {total:.1f} s, peak {memory}"
    )


if __name__ == "__main__":
    sys.exit(main())
