"""run_indicators end to end on DuckDB: files, disclosure, markers, clear errors."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
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
    assert OUTPUT_SCHEMA.names[-3:] == ["value", "variance", "suppressed"]
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


def test_the_cli_audit_accepts_what_the_run_published(folder: Path, tmp_path: Path, capsys):
    from klynge.population.cli import main

    out = tmp_path / "indicators.csv"
    mapping = tmp_path / "mapping.csv"
    assert main(["indicators", str(folder), "--year", "2024", "--out", str(out),
                 "--mapping", str(mapping), "--language", "en"]) == 0
    assert "disclosure audit:" in capsys.readouterr().out
    assert main(["audit", str(out), "--mapping", str(mapping), "--language", "en"]) == 0
    assert "none can be narrowed to 1-4" in capsys.readouterr().out
    # a file written before the variance column was added is read too
    older = tmp_path / "older.csv"
    pcsv.write_csv(pcsv.read_csv(out).drop_columns(["variance"]), older)
    assert main(["audit", str(older), "--mapping", str(mapping), "--language", "en"]) == 0


def test_the_cli_audit_finds_a_leak(folder: Path, tmp_path: Path, capsys):
    from klynge.population.cli import main

    out = tmp_path / "indicators-unsuppressed.csv"
    mapping = tmp_path / "mapping.csv"
    run_indicators(folder, 2024, out, mapping=mapping, unsuppressed=True)
    assert main(["audit", str(out), "--mapping", str(mapping), "--language", "en"]) == 1
    assert "can be narrowed to 1-4" in capsys.readouterr().out


def test_two_groupings_in_one_run_are_suppressed_together(folder: Path, tmp_path: Path):
    from klynge.population.audit import audit
    from klynge.population.codelists import CodeLists
    from klynge.population.geography import read_mapping
    from klynge.population.pipeline import indicator_specs

    council = tmp_path / "council.csv"
    council.write_text("municipality_code,collaboration_code\n0101,north\n0151,north\n")
    mappings = [tmp_path / "mapping.csv", council]
    result = run_indicators(folder, 2024, tmp_path / "both.parquet", mapping=mappings)
    codes = {r["code"] for r in result.to_pylist() if r["level"] == "collaboration"}
    assert codes == {"east", "west", "north"}
    both = pa.concat_tables([read_mapping(path) for path in mappings])
    assert audit([result], both, indicator_specs(CodeLists.defaults())).ok


# --- nothing half-written ------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch, suffix: str):
    from klynge.population import output

    out = tmp_path / f"indicators{suffix}"
    table = pa.table({name: pa.array([], type=f.type) for name, f in
                      zip(OUTPUT_SCHEMA.names, OUTPUT_SCHEMA, strict=True)})
    output.write_output(table, out, unsuppressed=False)
    before = out.read_bytes()

    def dies_halfway(path: Path) -> None:
        Path(path).write_bytes(b"indicator,year\nhalf")
        raise KeyboardInterrupt  # as if the run were stopped while writing

    monkeypatch.setattr(output, "pq", _Writer(dies_halfway, "write_table"))
    monkeypatch.setattr(output, "pcsv", _Writer(dies_halfway, "write_csv"))
    with pytest.raises(KeyboardInterrupt):
        output.write_output(table, out, unsuppressed=False)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # the temporary file is gone


class _Writer:
    def __init__(self, write, name: str) -> None:
        setattr(self, name, lambda table, path: write(path))


KILLED_WRITER = """
import sys, time
from pathlib import Path
from klynge.population import output

def slow(table, path):
    with open(path, "wb") as file:
        file.write(b"indicator,year,level\\n" * 1000)
        file.flush()
        print("writing", flush=True)
        time.sleep(60)

output.pcsv = type("W", (), {"write_csv": staticmethod(slow)})
output.write_output(output.OUTPUT_SCHEMA.empty_table(), Path(sys.argv[1]), unsuppressed=False)
"""


def test_a_run_killed_while_writing_leaves_no_truncated_file(tmp_path: Path):
    import signal
    import subprocess
    import sys

    out = tmp_path / "indicators.csv"
    out.write_text("the old, complete file\n")
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", KILLED_WRITER, str(out)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"  # mid-write
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert out.read_text() == "the old, complete file\n"
    strays = [p for p in tmp_path.iterdir() if p != out]
    assert all(p.name.startswith(".indicators.csv.") for p in strays)  # never the final name
