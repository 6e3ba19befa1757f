"""The loader: what it loads, idempotence, confidence, all-or-nothing on bad data."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.db import models

from klynge.audit.models import AuditEntry
from klynge.collaborations.actions import do_load_reference
from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.collaborations.sources import PACKAGED_DIR
from klynge.core.models import Confidence
from klynge.reference.loader import LoadSummary
from klynge.reference.models import Municipality, MunicipalityRegion, Region
from klynge.reference.sources import ReferenceDataError
from klynge.testing.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db
HISTORY_MODELS: list[type[models.Model]] = [
    Region, Municipality, MunicipalityRegion, Collaboration, Organisation, Partnership,
]


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (PACKAGED_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _counts() -> dict[str, int]:
    counts = {m.__name__: m.objects.count() for m in HISTORY_MODELS}
    counts.update({f"{m.__name__} history": m.history.count() for m in HISTORY_MODELS})
    counts["audit"] = AuditEntry.objects.count()
    return counts


def _spoil(data_dir: Path, name: str, old: str, new: str) -> None:
    path = data_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_loads_municipalities_and_collaborations(loaded: LoadSummary) -> None:
    rows = _csv_rows("dk-collaborations.csv")
    clusters = sum(row["kind"] == "sundhedsklynge" for row in rows)
    assert clusters == 22
    assert Municipality.objects.filter(country__code="DK").count() == 98
    assert Municipality.objects.filter(country__code="NO").count() == 18
    assert Collaboration.objects.filter(kind="health_cluster").count() == clusters
    assert Collaboration.objects.filter(kind="health_council").count() == 17
    bergen = Collaboration.objects.get(code="no-helsefellesskap-bergen")
    assert bergen.kind == Collaboration.Kind.HEALTH_COMMUNITY
    assert bergen.partnerships.filter(organisation__kind="municipality").count() == 18
    assert bergen.partnerships.filter(organisation__name="Helse Bergen HF").exists()
    assert Organisation.objects.filter(kind="municipality").count() == 116


def test_regions_before_and_after_2027(loaded: LoadSummary) -> None:
    koebenhavn = Municipality.objects.get(country__code="DK", code="0101")
    assert koebenhavn.region_on(dt.date(2026, 12, 31)).code == "DK-84"
    assert koebenhavn.region_on(dt.date(2027, 1, 1)).code == "DK-OST"
    aalborg = Municipality.objects.get(country__code="DK", name="Aalborg")
    assert aalborg.region_links.count() == 1  # one region throughout
    assert Region.objects.on(dt.date(2027, 6, 1)).filter(country__code="DK").count() == 4
    assert Region.objects.on(dt.date(2026, 6, 1)).filter(country__code="DK").count() == 5
    assert Region.objects.get(code="DK-OST").confidence == Confidence.REPORTED


def test_cluster_partners(loaded: LoadSummary) -> None:
    aarhus = Collaboration.objects.get(code="dk-klynge-aarhusklyngen")
    partners = set(aarhus.partnerships.values_list("organisation__name", flat=True))
    assert partners == {"Aarhus", "Samsø", "Region Midtjylland", "Aarhus Universitetshospital"}
    council = Collaboration.objects.get(code="dk-raad-hovedstaden")
    assert council.partnerships.filter(organisation__name="Region Østdanmark").exists()
    assert council.valid_to is None


def test_unconfirmed_rows_load_as_unconfirmed(loaded: LoadSummary) -> None:
    fyn = Collaboration.objects.get(code="dk-klynge-sundhedsklynge-fyn")
    assert fyn.confidence == Confidence.UNCONFIRMED
    assert fyn.source == "not found; inferred"
    assert set(fyn.partnerships.values_list("confidence", flat=True)) == {"unconfirmed",
                                                                          "confirmed"}
    # Only the anchor hospital, named in the file, is confirmed as a partner
    assert set(fyn.partnerships.filter(confidence="confirmed")
               .values_list("organisation__name", flat=True)) == {"Odense Universitetshospital"}
    expected = {row["name"] for row in _csv_rows("dk-collaborations.csv")
                if row["confidence"] == "unconfirmed"}
    unconfirmed = Collaboration.objects.filter(confidence=Confidence.UNCONFIRMED)
    assert {c.name.removeprefix("Sundhedsråd ") for c in unconfirmed} == expected
    # "same" in the source column means the row above's source
    assert Collaboration.objects.get(code="dk-raad-sydvestjylland").source.startswith(
        "Billund's council"
    )


def test_second_load_changes_nothing(loaded: LoadSummary) -> None:
    assert loaded.total("created") > 700
    before = _counts()
    second = do_load_reference(None)
    assert second.total("created") == second.total("updated") == 0
    after = _counts()
    assert after.pop("audit") == before.pop("audit") + 1
    assert after == before


def test_changed_file_updates_only_what_differs(loaded: LoadSummary, data_dir: Path) -> None:
    _spoil(data_dir, "regions.csv", "code not known to us", "code still unknown")
    summary = do_load_reference(None, data_dir)
    assert summary.totals()["updated"] == 2  # the region and its organisation
    region = Region.objects.get(code="DK-OST")
    assert region.source.endswith("code still unknown")
    assert region.history.count() == 2
    assert region.history.first().history_change_reason == "load_reference"


def test_correction_by_an_administrator_is_kept(loaded: LoadSummary) -> None:
    admin = make_user(is_superuser=True, is_staff=True)
    odder = Municipality.objects.get(code="0727")
    odder.name, odder._history_user, odder._change_reason = "Odder K", admin, "typo"
    odder.save()
    summary = do_load_reference(None)  # the file still says "Odder"
    assert summary.total("kept") == 1
    # The municipality's organisation follows the corrected name.
    assert summary.counts["organisations"]["updated"] == 1
    assert summary.total("updated") == 1
    assert Municipality.objects.get(code="0727").name == "Odder K"
    do_load_reference(None, overwrite=True)
    assert Municipality.objects.get(code="0727").name == "Odder"


def test_load_is_audited_with_its_actor(db: None) -> None:
    admin = make_user(is_superuser=True, is_staff=True)
    do_load_reference(admin)
    entry = AuditEntry.objects.get(verb=AuditEntry.Verb.LOAD)
    assert entry.actor == admin
    assert entry.details["created"] > 700
    assert entry.object_type == entry.object_id == ""  # a load is not an action on Denmark
    assert Region.history.filter(history_user=admin).exists()


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("dk-collaborations.csv", "Aarhus;Samsø", "Aarhus;Atlantis", "unknown municipality 'Atlantis'"),
    ("dk-collaborations.csv", "Aarhus;Samsø", "Aarhus;0999", "unknown municipality code '0999'"),
    ("dk-collaborations.csv", "Aarhusklyngen,2022-07-01,2026-12-31",
     "Aarhusklyngen,2022-07-01,2021-12-31", "is before the start date"),
    ("dk-collaborations.csv", "2022-07-01", "2022-02-30", "valid_from is not a date"),
    ("dk-municipalities.csv", "0101,København,1084", "0101,København,1099", "unknown region code"),
    ("regions.csv", "DK-85,1085,Region Sjælland,DK,region,2007-01-01,2026-12-31",
     "DK-85,1085,Region Sjælland,DK,region,2007-01-01,2006-12-31", "before the start date"),
    ("no-bergen-helsefellesskap.csv", "4601,Bergen", "46011,Bergen", "is not four digits"),
    ("no-bergen-helsefellesskap.csv", "Voss,confirmed", "Voss,sure", "unknown confidence"),
])
def test_bad_data_is_refused_with_a_clear_message(
    db: None, data_dir: Path, name: str, old: str, new: str, message: str
) -> None:
    _spoil(data_dir, name, old, new)
    with pytest.raises(ReferenceDataError) as error:
        do_load_reference(None, data_dir)
    assert any(message in line and name in line for line in error.value.messages), (
        error.value.messages
    )
    assert set(_counts().values()) == {0}


def test_bad_data_changes_nothing_already_loaded(loaded: LoadSummary, data_dir: Path) -> None:
    _spoil(data_dir, "regions.csv", "code not known to us", "code still unknown")  # valid
    _spoil(data_dir, "dk-collaborations.csv", "Hedensted;", "Hedenstad;")  # bad
    before = _counts()
    with pytest.raises(ReferenceDataError, match="unknown municipality 'Hedenstad'"):
        do_load_reference(None, data_dir)
    assert _counts() == before
    assert Region.objects.get(code="DK-OST").source.endswith("code not known to us")


def test_conflict_while_writing_rolls_everything_back(db: None) -> None:
    make_organisation(kind=Organisation.Kind.MUNICIPALITY, name="Aarhus")  # not linked
    with pytest.raises(ReferenceDataError, match="conflicts with what is stored"):
        do_load_reference(None)
    assert Municipality.objects.count() == Region.objects.count() == 0
    assert Organisation.objects.count() == 1
    assert AuditEntry.objects.count() == 0


def test_missing_data_dir_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="is not a directory"):
        do_load_reference(None, tmp_path / "nowhere")


def test_alrek_helseklynge_with_its_partners_and_bodies(loaded: LoadSummary) -> None:
    alrek = Collaboration.objects.get(code="no-alrek-helseklynge")
    assert alrek.kind == Collaboration.Kind.INNOVATION_CLUSTER
    assert alrek.valid_from == dt.date(2016, 1, 1)
    partners = set(alrek.partnerships.values_list("organisation__name", flat=True))
    assert partners == {
        "Bergen", "Høgskulen på Vestlandet", "Folkehelseinstituttet",
        "Haraldsplass Diakonale Sykehus", "Helse Bergen HF", "NORCE Helse",
        "Vestland fylkeskommune", "Universitetet i Bergen", "VID vitenskapelige høgskole",
    }
    bergen = Organisation.objects.get(name="Bergen")
    assert bergen.municipality is not None and bergen.municipality.code == "4601"
    kinds = sorted(alrek.bodies.values_list("kind", flat=True))
    assert kinds.count("working_group") == 8  # the working group and seven topic groups
    assert {"steering", "user_panel", "student_panel"} <= set(kinds)


def test_haraldsplass_is_a_partner_of_the_bergen_community(loaded: LoadSummary) -> None:
    bergen = Collaboration.objects.get(code="no-helsefellesskap-bergen")
    hospitals = bergen.partnerships.filter(organisation__kind="hospital")
    assert list(hospitals.values_list("organisation__name", flat=True)) == [
        "Haraldsplass Diakonale Sykehus"]


def test_goedstrupklyngen_and_the_flagged_memberships(loaded: LoadSummary) -> None:
    assert Collaboration.objects.get(code="dk-klynge-goedstrupklyngen").name == (
        "Gødstrupklyngen")
    assert not Collaboration.objects.filter(name="Vestklyngen").exists()
    for code, municipality in (("dk-klynge-sundhedsklynge-fyn", "Middelfart"),
                               ("dk-raad-fyn", "Middelfart"),
                               ("dk-klynge-sundhedsklynge-lillebaelt", "Billund"),
                               ("dk-raad-lillebaelt", "Billund")):
        partnership = Partnership.objects.get(collaboration__code=code,
                                              organisation__name=municipality)
        assert partnership.confidence == Confidence.UNCONFIRMED
        assert "both" in partnership.source  # the other reading is in the note


def test_a_council_begins_with_its_preparatory_phase(loaded: LoadSummary) -> None:
    council = Collaboration.objects.get(code="dk-raad-horsens")
    assert council.valid_from == dt.date(2026, 1, 1)
    assert council.preparatory_until == dt.date(2026, 12, 31)
    assert council.is_preparatory_on(dt.date(2026, 12, 31))
    assert not council.is_preparatory_on(dt.date(2027, 1, 1))


def test_same_source_means_the_row_above_with_the_same_confidence(loaded: LoadSummary) -> None:
    def source(code: str) -> str:
        return Collaboration.objects.get(code=code).source

    press = "press and a public data set on the councils"
    assert source("dk-raad-hovedstaden").startswith(press)
    assert source("dk-raad-oestsjaelland-og-oeerne").startswith(press)  # below a confirmed row
    assert source("dk-raad-soenderjylland").startswith(press)  # below unconfirmed rows
    assert source("dk-raad-sydvestjylland").startswith("Billund's council")
    assert source("no-helsefellesskap-bergen").endswith("(saman.no)")
