"""One run specification in, both tables out: execute() on DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from klynge.population.codelists import CodeList, CodeLists
from klynge.population.dataset import InvalidDataset
from klynge.population.engines import EngineError
from klynge.population.pipeline import YearNotCovered, run_indicators
from klynge.population.spec import RunSpec, codelist_version, execute, fingerprint

from .test_pipeline import folder  # noqa: F401 (the fixture)


def test_a_run_gives_the_published_and_the_unsuppressed_table_apart(
        folder: Path, tmp_path: Path) -> None:  # noqa: F811
    mapping = tmp_path / "mapping.csv"
    messages: list[str] = []
    outcome = execute(RunSpec(folder, 2024, mappings=(mapping,)), messages.append)
    assert outcome.published is not None
    assert outcome.published.num_rows == outcome.unsuppressed.num_rows
    assert any(outcome.published.column("suppressed").to_pylist())
    assert not any(outcome.unsuppressed.column("suppressed").to_pylist())
    # The same numbers as the command line's run writes.
    written = run_indicators(folder, 2024, tmp_path / "out.parquet", mapping=mapping)
    assert outcome.published.equals(written)
    assert outcome.fingerprint == fingerprint(folder) and len(outcome.fingerprint) == 64
    assert set(outcome.codelists) == {"preventable", "chronic", "cancer"}
    assert outcome.seconds > 0 and messages[0].startswith("validating")
    described = outcome.spec.described()
    assert json.loads(json.dumps(described)) == described
    assert described["year"] == 2024 and described["mappings"] == [str(mapping)]


def test_without_disclosure_control_only_the_unsuppressed_table_is_made(folder: Path) -> None:  # noqa: F811
    outcome = execute(RunSpec(folder, 2024, disclosure=False))
    assert outcome.published is None and outcome.unsuppressed.num_rows > 0


def test_the_fingerprint_follows_every_byte_and_file(folder: Path) -> None:  # noqa: F811
    before = fingerprint(folder)
    assert fingerprint(folder) == before
    persons = folder / "persons.parquet"
    table = pq.read_table(persons)
    pq.write_table(table.slice(1), persons)
    changed = fingerprint(folder)
    assert changed != before
    (folder / "notes.txt").write_text("x")
    assert fingerprint(folder) != changed


def test_code_lists_have_versions_by_content() -> None:
    defaults = CodeLists.defaults()
    assert codelist_version(defaults.chronic) == codelist_version(CodeLists.defaults().chronic)
    assert codelist_version(CodeList({"x": ("I10",)})) != codelist_version(defaults.chronic)


def test_bad_specifications_are_refused_before_computing(folder: Path, tmp_path: Path) -> None:  # noqa: F811
    with pytest.raises(EngineError, match="unknown engine"):
        execute(RunSpec(folder, 2024, engine="excel"))
    with pytest.raises(YearNotCovered):
        execute(RunSpec(folder, 1990))
    (folder / "persons.parquet").write_bytes(b"not parquet")
    with pytest.raises(InvalidDataset):
        execute(RunSpec(folder, 2024))
