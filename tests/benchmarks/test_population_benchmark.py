"""A smoke test of ``make bench-population``: the benchmark runs end to end on a tiny
data set and prints its table (the figures themselves are for docs/population.md, not for
a test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_population_benchmark_runs_on_a_tiny_data_set(tmp_path: Path) -> None:
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "population.py"),
        "--persons", "300",
        "--engines", "duckdb",
        "--data", str(tmp_path),
        "--timeout", "300",
    ]
    done = subprocess.run(  # noqa: S603 (our own script)
        command, capture_output=True, text=True, timeout=600, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "300-1" / "persons.parquet").exists()  # generated there, not in var/
    rows = {line.split("│")[1].strip(): line for line in done.stdout.splitlines() if "│" in line}
    assert {"generate", "duckdb scan (floor)", "duckdb"} <= set(rows)
    assert "failed" not in rows["duckdb"]
    assert "output rows" in rows["duckdb"]
