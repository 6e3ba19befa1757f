"""'Which collaboration does municipality X belong to on day D', and the mapping export."""

from __future__ import annotations

import csv
import datetime as dt
from importlib.resources import files
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from klynge.collaborations.queries import (
    collaborations_for_municipality,
    mapping_periods,
    municipality_mapping,
)
from klynge.core.models import Confidence
from klynge.core.periods import from_half_open, to_half_open
from klynge.population.geography import read_mapping
from klynge.reference.loader import LoadSummary
from klynge.testing.factories import (
    make_collaboration,
    make_municipality,
    make_municipality_organisation,
    make_partnership,
)

pytestmark = pytest.mark.django_db


def _codes(code: str, on: dt.date, country: str = "DK") -> list[str]:
    return list(collaborations_for_municipality(code, on, country).values_list("code", flat=True))


def test_koebenhavn_in_two_clusters_then_one_council(loaded: LoadSummary) -> None:
    assert _codes("0101", dt.date(2024, 1, 1)) == [
        "dk-klynge-sundhedsklynge-byen", "dk-klynge-sundhedsklynge-syd",
    ]
    assert _codes("0101", dt.date(2027, 3, 1)) == ["dk-raad-hovedstaden"]
    assert _codes("101", dt.date(2027, 3, 1)) == ["dk-raad-hovedstaden"]  # zero-padded


def test_boundaries_are_inclusive(loaded: LoadSummary) -> None:
    assert _codes("0751", dt.date(2022, 6, 30)) == []  # Aarhus, before the clusters
    assert _codes("0751", dt.date(2022, 7, 1)) == ["dk-klynge-aarhusklyngen"]
    assert _codes("0751", dt.date(2025, 12, 31)) == ["dk-klynge-aarhusklyngen"]
    # 2026: the cluster, and the council in its preparatory phase
    assert _codes("0751", dt.date(2026, 12, 31)) == ["dk-klynge-aarhusklyngen",
                                                     "dk-raad-aarhus"]
    assert _codes("0751", dt.date(2027, 1, 1)) == ["dk-raad-aarhus"]


def test_middelfart_is_in_fyn_only_and_unconfirmed(loaded: LoadSummary) -> None:
    # The file puts Middelfart in Fyn (cluster and council), never in Lillebælt; the
    # council row is unconfirmed because Middelfart is reported as both.
    cluster = collaborations_for_municipality("0410", dt.date(2025, 1, 1))
    assert [c.code for c in cluster] == ["dk-klynge-sundhedsklynge-fyn"]
    council = collaborations_for_municipality("0410", dt.date(2027, 3, 1)).get()
    assert council.code == "dk-raad-fyn"
    assert council.confidence == Confidence.UNCONFIRMED
    assert "Middelfart" in council.source


def test_norwegian_municipality(loaded: LoadSummary) -> None:
    assert _codes("4601", dt.date(2024, 1, 1), "NO") == ["no-alrek-helseklynge",
                                                          "no-helsefellesskap-bergen"]
    assert _codes("4601", dt.date(2024, 1, 1)) == []  # no Danish 4601


def test_ended_partnership_does_not_count(db: None) -> None:
    collaboration = make_collaboration(code="c", valid_to=None)
    organisation = make_municipality_organisation(make_municipality(code="0777"))
    make_partnership(collaboration, organisation, valid_to=dt.date(2023, 12, 31))
    assert _codes("0777", dt.date(2023, 12, 31)) == ["c"]
    assert _codes("0777", dt.date(2024, 1, 1)) == []


def test_mapping_covers_every_municipality_once_in_2027(loaded: LoadSummary) -> None:
    mapping = municipality_mapping(dt.date(2027, 3, 1))
    assert len(mapping) == 98 + 18
    assert len({m for m, _ in mapping}) == 98 + 18
    in_2024 = municipality_mapping(dt.date(2024, 1, 1))
    assert len(in_2024) == 98 + 1 + 18  # København twice; Alrek is not a population kind


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2026, 12, 31), "dk-klynge-aarhusklyngen"),  # the preparatory council does not count
    (dt.date(2027, 1, 1), "dk-raad-aarhus"),
])
def test_mapping_on_the_day_of_the_reform(loaded: LoadSummary, day: dt.date,
                                          expected: str) -> None:
    aarhus = [c for m, c in municipality_mapping(day) if m == "0751"]
    assert aarhus == [expected]


def test_periods_become_half_open_at_one_point(loaded: LoadSummary) -> None:
    """The inclusive last day 2026-12-31 is the population contract's end 2027-01-01, and
    a council's mapping starts after its preparatory phase."""
    periods = [p for p in mapping_periods() if p.municipality_code == "0751"]
    assert [(p.collaboration_code, p.valid_from, p.valid_to) for p in periods] == [
        ("dk-klynge-aarhusklyngen", dt.date(2022, 7, 1), dt.date(2027, 1, 1)),
        ("dk-raad-aarhus", dt.date(2027, 1, 1), None),
    ]
    assert to_half_open(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)
    assert from_half_open(dt.date(2027, 1, 1)) == dt.date(2026, 12, 31)


def test_exported_periods_equal_the_population_engines_own(loaded: LoadSummary,
                                                           tmp_path: Path) -> None:
    """The platform's mapping and the population package's built-in one are the same table,
    and the engine reads the export on either side of the reform."""
    out = tmp_path / "periods.csv"
    call_command("export_mapping", "--periods", "--out", str(out), stdout=StringIO())
    with out.open(encoding="utf-8") as handle:
        exported = sorted(tuple(row) for row in csv.reader(handle))[:-1]  # the header last
    packaged = files("klynge.population").joinpath("data", "collaborations.csv")
    with packaged.open(encoding="utf-8") as handle:
        builtin = sorted(tuple(row) for row in csv.reader(handle))[:-1]
    assert exported == builtin
    for day in (dt.date(2026, 12, 31), dt.date(2027, 1, 1)):
        table = read_mapping(out, day)
        assert sorted(zip(table.column("municipality_code").to_pylist(),
                          table.column("collaboration_code").to_pylist(), strict=True)) == \
            municipality_mapping(day)


def test_export_mapping_writes_the_csv(loaded: LoadSummary, tmp_path: Path) -> None:
    out = tmp_path / "mapping.csv"
    call_command("export_mapping", "--date", "2024-01-01", "--out", str(out), stdout=StringIO())
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["municipality_code", "collaboration_code"]
    assert ["0101", "dk-klynge-sundhedsklynge-byen"] in rows
    assert ["0101", "dk-klynge-sundhedsklynge-syd"] in rows
    assert ["4601", "no-helsefellesskap-bergen"] in rows
    assert len(rows) == 1 + 117


def test_export_mapping_to_stdout(loaded: LoadSummary) -> None:
    stdout = StringIO()
    call_command("export_mapping", "--date", "2027-01-01", stdout=stdout)
    assert "0101,dk-raad-hovedstaden" in stdout.getvalue().splitlines()


def test_export_mapping_refuses_a_bad_date(db: None) -> None:
    with pytest.raises(CommandError, match="not a date"):
        call_command("export_mapping", "--date", "2024-02-30")


def test_export_mapping_refuses_an_empty_mapping(db: None) -> None:
    with pytest.raises(CommandError, match="No collaborations"):
        call_command("export_mapping", "--date", "2024-01-01")
