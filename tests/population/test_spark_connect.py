"""The same engine code through Spark Connect: ``SPARK_REMOTE=local[2]`` starts a local
Connect server (the client needs ``pyspark[connect]``), and the command line's indicators
equal DuckDB's, row for row. A cluster is reached the same way, with its ``sc://`` address
(docs/population.md, *Spark Connect*).

It runs in a child process: a Python process holds one Spark session, and the tests' local
one is already there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pytest

from klynge.population.cli import main

pytestmark = pytest.mark.spark


def _sorted(path: Path) -> pa.Table:
    table = pcsv.read_csv(path)
    return table.sort_by([(name, "ascending") for name in table.column_names])


def test_spark_connect_gives_what_duckdb_gives(tmp_path: Path) -> None:
    pytest.importorskip("pyspark.sql.connect.session")
    pytest.importorskip("grpc")
    data = tmp_path / "data"
    assert main(["generate", "--persons", "300", "--seed", "5", "--out", str(data)]) == 0
    year = "2024"
    assert main(["indicators", str(data), "--year", year, "--out", str(tmp_path / "duck.csv"),
                 "--language", "en"]) == 0
    env = {**os.environ, "SPARK_REMOTE": "local[2]", "KLYNGE_SPARK_DRIVER_MEMORY": "1g"}
    child = subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "-c", "import sys; from klynge.population.cli import main; "
         "sys.exit(main(sys.argv[1:]))", "indicators", str(data), "--year", year,
         "--out", str(tmp_path / "connect.csv"), "--engine", "pyspark", "--language", "en"],
        env=env, capture_output=True, text=True, timeout=600, check=False)
    assert child.returncode == 0, child.stderr[-3000:]
    assert _sorted(tmp_path / "connect.csv").equals(_sorted(tmp_path / "duck.csv"))
