"""The ``klynge population`` command line: exit codes and messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klynge.population.cli import main
from klynge.population.geography import MappingError, read_mapping, slugify


@pytest.fixture
def small(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    assert main(["generate", "--persons", "300", "--seed", "5", "--out", str(out)]) == 0
    return out


def test_generate_then_validate(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (small / "persons.parquet").exists()
    assert main(["validate", str(small), "--language", "en"]) == 0
    output = capsys.readouterr().out
    assert "is valid" in output and "hospital_contacts" in output


def test_generate_csv(tmp_path: Path) -> None:
    code = main(
        [
            "generate",
            "--persons",
            "50",
            "--seed",
            "1",
            "--out",
            str(tmp_path),
            "--format",
            "csv",
            "--country",
            "no",
            "--first-year",
            "2022",
            "--last-year",
            "2023",
        ]
    )
    assert code == 0
    assert (tmp_path / "persons.csv").exists()
    assert main(["validate", str(tmp_path)]) == 0


def test_validate_reports_errors(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (small / "gp_listing.parquet").unlink()
    assert main(["validate", str(small), "--language", "en"]) == 1
    output = capsys.readouterr().out
    assert "gp_listing.parquet" in output and "missing_table" in output


def test_validate_missing_folder(tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "nowhere")]) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["generate", "--persons", "0", "--out", "x"],
        [
            "generate",
            "--persons",
            "10",
            "--out",
            "x",
            "--first-year",
            "2025",
            "--last-year",
            "2020",
        ],
        ["generate", "--persons", "10", "--out", "x", "--country", "se"],
        ["bogus"],
        [],
    ],
)
def test_bad_arguments_exit_2(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2


def test_indicators_argument_checks(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["indicators", str(small), "--year", "2025", "--language", "en"]
    assert main([*base, "--out", str(tmp_path / "out.txt")]) == 2
    assert ".csv or .parquet" in capsys.readouterr().out
    assert (
        main([*base, "--out", str(tmp_path / "out.csv"), "--mapping", str(tmp_path / "no.csv")])
        == 2
    )
    assert "does not exist" in capsys.readouterr().out
    assert main([*base, "--out", str(tmp_path / "out.csv"), "--engine", "postgres"]) == 2
    assert main(["indicators", str(tmp_path / "none"), "--year", "2025", "--out", "o.csv"]) == 2


def test_read_mapping(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "municipality_code,collaboration_code\n0101,dk-klynge-byen\n0147,dk-klynge-byen\n"
    )
    assert read_mapping(good).num_rows == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("municipality_code,collaboration_code\n101,x\n0147,\n")
    with pytest.raises(MappingError) as caught:
        read_mapping(bad)
    assert "data row 1" in str(caught.value) and "data row 2" in str(caught.value)


@settings(max_examples=50)
@given(st.text(alphabet="abcæøåABCÆØÅ .()-1", min_size=1, max_size=30))
def test_slugs_are_ascii_and_trimmed(name: str) -> None:
    slug = slugify(name)
    assert slug == slug.strip("-")
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in slug)
    assert "--" not in slug
