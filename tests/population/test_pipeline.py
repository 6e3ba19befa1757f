"""run_indicators end to end on DuckDB: files, disclosure, markers, clear errors."""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from klynge.population.output import OUTPUT_SCHEMA, OutputError, is_unsuppressed
from klynge.population.pipeline import YearNotCovered, run_indicators

from .test_engine_parity import edge_cases


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name, table in edge_cases().items():
        pq.write_table(table, data / f"{name}.parquet")
    mapping = tmp_path / "mapping.csv"
    mapping.write_text("municipality_code,collaboration_code\n0101,east\n0147,east\n0151,west\n")
    return data


def test_suppressed_parquet_is_marked_and_hides_small_counts(folder: Path, tmp_path: Path):
    out = tmp_path / "out" / "indicators.parquet"
    messages: list[str] = []
    result = run_indicators(
        folder, 2024, out, mapping=tmp_path / "mapping.csv", progress=messages.append
    )
    written = pq.read_table(out)
    assert written.schema.names == OUTPUT_SCHEMA.names
    assert written.num_rows == result.num_rows
    assert not is_unsuppressed(out)
    rows = written.to_pylist()
    assert any(r["suppressed"] for r in rows)
    assert not [
        r
        for r in rows
        if r["numerator"] is not None
        and 0 < r["numerator"] < 5
        and r["indicator"] != "gp_fte_per_1000"
    ]
    assert {r["code"] for r in rows if r["level"] == "collaboration"} == {"east", "west"}
    assert messages and messages[-1].startswith("writing")


def test_unsuppressed_output_is_marked(folder: Path, tmp_path: Path):
    out = tmp_path / "indicators.parquet"
    run_indicators(folder, 2024, out, mapping=tmp_path / "mapping.csv", unsuppressed=True)
    assert is_unsuppressed(out)
    assert not any(pq.read_table(out).column("suppressed").to_pylist())


def test_an_unsuppressed_csv_must_say_so_in_its_name(folder: Path, tmp_path: Path):
    with pytest.raises(OutputError, match="unsuppressed"):
        run_indicators(folder, 2024, tmp_path / "indicators.csv", unsuppressed=True)
    out = tmp_path / "indicators-unsuppressed.csv"
    run_indicators(folder, 2024, out, mapping=tmp_path / "mapping.csv", unsuppressed=True)
    assert pcsv.read_csv(out).schema.names == OUTPUT_SCHEMA.names


def test_a_year_without_data_is_a_clear_error(folder: Path, tmp_path: Path):
    with pytest.raises(YearNotCovered, match="1990 is not covered"):
        run_indicators(folder, 1990, tmp_path / "indicators.csv")
