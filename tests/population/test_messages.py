"""The population engine's messages in Danish, Bokmål, Nynorsk and English.

The catalogues are compiled from the .po files into a temporary folder here, so these
tests see the translations whether or not ``make messages`` has compiled them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from klynge.population import i18n
from klynge.population.cli import main
from klynge.population.validate import validate_dataset

from .test_contract_validate import valid_tables, write


def words(output: str) -> str:
    """Console output with line breaks (rich wraps titles to the table) as spaces."""
    return " ".join(output.split())


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("locale")
    for po in i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po"):
        mo = root / po.relative_to(i18n.LOCALE_DIR).with_suffix(".mo")
        mo.parent.mkdir(parents=True)
        polib.pofile(str(po)).save_as_mofile(str(mo))
    return root


@pytest.fixture(autouse=True)
def _translated(compiled_locale: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The compiled catalogues; no KLYNGE_LANGUAGE; a wide console (no wrapped lines)."""
    monkeypatch.setattr(i18n, "LOCALE_DIR", compiled_locale)
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setenv("COLUMNS", "250")
    yield


@pytest.fixture
def no_sex_column(tmp_path: Path) -> Path:
    """A CSV data set whose persons.csv lacks the required column ``sex``."""
    directory = write(tmp_path / "data", valid_tables(), "csv")
    path = directory / "persons.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[c for c in rows[0] if c != "sex"])
        writer.writeheader()
        writer.writerows({k: v for k, v in row.items() if k != "sex"} for row in rows)
    return directory


@pytest.fixture
def bad_date(tmp_path: Path) -> Path:
    tables = valid_tables()
    tables["persons"][1]["birth_date"] = "2021-02-29"
    return write(tmp_path / "data", tables, "csv")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "persons.csv: kolonne sex: påkrævet kolonne mangler [regel: missing_column]"),
        ("nb", "persons.csv: kolonne sex: påkrevd kolonne mangler [regel: missing_column]"),
        ("nn", "persons.csv: kolonne sex: påkravd kolonne manglar [regel: missing_column]"),
        ("en", "persons.csv: column sex: required column is missing [rule: missing_column]"),
    ],
)
def test_missing_column_in_each_language(no_sex_column: Path, language: str, expected: str) -> None:
    with i18n.override(language):
        report = validate_dataset(no_sex_column)
    assert [error.message for error in report.errors] == [expected]


def test_row_errors_name_the_place_in_danish(bad_date: Path) -> None:
    with i18n.override("da"):
        report = validate_dataset(bad_date)
    assert [error.message for error in report.errors] == [
        "persons.csv: datarække 2 (linje 3), kolonne birth_date: værdien '2021-02-29' er ikke "
        "en dato YYYY-MM-DD [regel: type]"
    ]


def test_validate_with_language_da(no_sex_column: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(no_sex_column), "--language", "da"]) == 1
    output = words(capsys.readouterr().out)
    assert "er ikke et gyldigt datasæt" in output
    assert "påkrævet kolonne mangler" in output
    assert "missing_column" in output  # rule identifiers are never translated
    assert "1 fejl; rækker er datarækker talt fra 1 (CSV-linje = række + 1)" in output
    assert i18n.get_language() == "en"  # the command's language does not outlive it


def test_validate_with_language_nn(bad_date: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(bad_date), "--language", "nn"]) == 1
    output = words(capsys.readouterr().out)
    assert "verdien '2021-02-29' er ikkje ein dato YYYY-MM-DD" in output
    assert "1 feil; rader er datarader talde frå 1" in output


def test_language_from_environment(
    bad_date: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "nb")
    assert main(["validate", str(bad_date)]) == 1
    assert "verdien '2021-02-29' er ikke en dato YYYY-MM-DD" in words(capsys.readouterr().out)
    # --language wins over the environment
    assert main(["validate", str(bad_date), "--language", "en"]) == 1
    assert "value '2021-02-29' is not a date YYYY-MM-DD" in words(capsys.readouterr().out)


def test_danish_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nowhere")]) == 1
    assert "er ikke en mappe" in words(capsys.readouterr().out)


def test_unknown_language_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path), "--language", "xx"]) == 2
    output = words(capsys.readouterr().out)
    assert "fejl: --language: ukendt sprog 'xx'; vælg da, nb, nn eller en" in output


def test_unknown_language_in_environment_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "sv")
    assert main(["validate", str(tmp_path)]) == 2
    assert "KLYNGE_LANGUAGE: ukendt sprog 'sv'" in words(capsys.readouterr().out)
    assert main(["validate", str(tmp_path / "nowhere"), "--language", "EN"]) == 1


def test_usage_errors_are_translated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--persons", "0", "--out", "x", "--language", "nb"]) == 2
    assert "feil: --persons må være minst 1" in words(capsys.readouterr().out)
    assert main(["generate", "--language", "nb"]) == 2
    error = words(capsys.readouterr().err)
    assert "bruk: klynge population generate" in error
    assert "følgende argumenter mangler: --persons, --out" in error


def test_help_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--help", "--language", "nn"]) == 0
    output = words(capsys.readouterr().out)
    assert "datasettmappa" in output and "språket i meldingane" in output


def test_messages_follow_the_active_language() -> None:
    error = i18n.UnknownLanguage("xx", "--language")
    with i18n.override("nb"):
        assert str(error) == "--language: ukjent språk 'xx'; velg da, nb, nn eller en"
    assert str(error) == "--language: unknown language 'xx'; choose da, nb, nn or en"


def test_english_source_text_without_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with i18n.override("da"):
        assert i18n._("required column is missing") == "required column is missing"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "1.234.567,5"), ("nb", "1\u00a0234\u00a0567,5"), ("en", "1,234,567.5")],
)
def test_numbers(language: str, expected: str) -> None:
    with i18n.override(language):
        assert i18n.number(1234567.5, 1) == expected
