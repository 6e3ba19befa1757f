"""Structure templates: which one applies, what it creates, and that it creates it once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.actions import do_apply_blueprint, do_apply_blueprints
from klynge.governance.blueprints import blueprint_for, plan_structure
from klynge.governance.models import Body, Seat
from klynge.governance.rules import check_collaboration
from klynge.governance.tests.rule_fixtures import dk_cluster, dk_council
from klynge.testing.factories import (
    make_collaboration,
    make_country,
    make_municipality,
    make_municipality_organisation,
    make_organisation,
    make_partnership,
    make_person,
    make_region,
    make_region_organisation,
)

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 6, 1)
K, C = Seat.Constituency, Seat.Capacity


def empty_cluster(municipalities: int = 2) -> Collaboration:
    collaboration = make_collaboration(code="tom-klynge", name="Tom klynge")
    make_partnership(collaboration, make_region_organisation(make_region()))
    for _ in range(municipalities):
        make_partnership(collaboration, make_municipality_organisation(make_municipality()))
    return collaboration


def slots(body: Body) -> list[tuple[str, str, str]]:
    """(kind of organisation represented, capacity, constituency) of each seat of ``body``."""
    return sorted((seat.represents.kind if seat.represents else "", seat.capacity,
                   seat.constituency) for seat in body.seats.all())


# Which template ------------------------------------------------------------------------------

def test_the_template_follows_kind_date_and_phase() -> None:
    cluster = dk_cluster(valid_to=None).collaboration
    assert blueprint_for(cluster, ON).id == "dk-cluster"  # type: ignore[union-attr]
    assert blueprint_for(cluster, dt.date(2027, 3, 1)) is None  # the clusters ended
    council = dk_council("raad", preparatory=True).collaboration
    assert blueprint_for(council, dt.date(2026, 12, 31)).id == "dk-preparatory-council"  # type: ignore[union-attr]
    assert blueprint_for(council, dt.date(2027, 1, 1)).id == "dk-council"  # type: ignore[union-attr]
    assert blueprint_for(council, dt.date(2025, 12, 31)) is None  # not in force yet
    innovation = make_collaboration(kind=Collaboration.Kind.INNOVATION_CLUSTER, valid_to=None)
    assert blueprint_for(innovation, ON).id == "innovation-cluster"  # type: ignore[union-attr]
    norway = make_country("NO", "Norge")
    community = make_collaboration(kind=Collaboration.Kind.HEALTH_COMMUNITY, country=norway,
                                   valid_from=dt.date(2020, 1, 1), valid_to=None)
    assert blueprint_for(community, ON).id == "no-community"  # type: ignore[union-attr]
    danish_community = make_collaboration(kind=Collaboration.Kind.HEALTH_COMMUNITY)
    assert blueprint_for(danish_community, ON) is None


# A Danish health cluster --------------------------------------------------------------------

def test_a_cluster_gets_the_bodies_and_vacant_seats_of_section_203() -> None:
    collaboration = empty_cluster()
    summary = do_apply_blueprint(None, collaboration, ON)
    bodies = {body.kind: body for body in collaboration.bodies.all()}
    assert set(bodies) == {Body.Kind.POLITICAL, Body.Kind.STRATEGIC, Body.Kind.SECRETARIAT}
    assert slots(bodies[Body.Kind.POLITICAL]) == sorted([
        ("", C.GP, K.GENERAL_PRACTICE),
        ("municipality", C.MAYOR, ""), ("municipality", C.MAYOR, ""),
        ("region", C.REGIONAL_COUNCIL_CHAIR, ""), ("region", C.REGIONAL_COUNCILLOR, ""),
    ])
    assert slots(bodies[Body.Kind.STRATEGIC]) == sorted([
        ("", C.GP, K.GENERAL_PRACTICE), ("", C.REPRESENTATIVE, K.PATIENTS),
        ("", C.REPRESENTATIVE, K.RELATIVES),
        ("municipality", C.REPRESENTATIVE, ""), ("municipality", C.REPRESENTATIVE, ""),
        ("region", C.REPRESENTATIVE, ""), ("region", C.REPRESENTATIVE, K.PSYCHIATRY),
    ])
    assert not Seat.objects.filter(body__collaboration=collaboration, person__isnull=False)
    assert bodies[Body.Kind.STRATEGIC].parent == bodies[Body.Kind.POLITICAL]
    assert bodies[Body.Kind.POLITICAL].source.startswith("sundhedsloven § 203, stk. 4, 2. pkt.")
    assert (bodies[Body.Kind.POLITICAL].valid_from, bodies[Body.Kind.POLITICAL].valid_to) == (
        ON, collaboration.valid_to)
    assert (len(summary.bodies), len(summary.seats)) == (3, 12)
    entries = AuditEntry.objects.filter(collaboration_code=collaboration.code)
    assert entries.count() == 15
    assert {entry.details["blueprint"] for entry in entries} == {"dk-cluster"}


def test_applying_twice_creates_nothing_the_second_time() -> None:
    collaboration = empty_cluster()
    do_apply_blueprint(None, collaboration, ON)
    seats = Seat.objects.count()
    assert plan_structure(collaboration, ON).is_complete
    summary = do_apply_blueprint(None, collaboration, ON)
    assert not summary.created_anything
    assert Seat.objects.count() == seats


def test_filled_in_as_the_law_says_the_cluster_passes_the_rules() -> None:
    collaboration = empty_cluster()
    do_apply_blueprint(None, collaboration, ON)
    for seat in Seat.objects.filter(body__collaboration=collaboration):
        seat.person = make_person()
        seat.save()
    political = Seat.objects.filter(body__collaboration=collaboration, body__kind="political")
    political.filter(capacity=C.REGIONAL_COUNCILLOR).update(role=Seat.Role.CO_CHAIR)
    mayor = political.filter(capacity=C.MAYOR).first()
    assert mayor is not None
    political.filter(pk=mayor.pk).update(role=Seat.Role.CO_CHAIR)
    Seat.objects.filter(body__collaboration=collaboration, body__kind="strategic",
                        represents__kind="region", constituency="").update(role=Seat.Role.CHAIR)
    assert check_collaboration(collaboration, ON) == []


def test_only_the_missing_seats_are_added_to_an_existing_body() -> None:
    built = dk_cluster()
    built.seats["patients"].delete()
    missing = make_municipality_organisation(make_municipality())
    make_partnership(built.collaboration, missing)
    summary = do_apply_blueprint(None, built.collaboration, ON)
    assert summary.bodies == []
    assert sorted((s.body.kind, s.represents_id or 0, s.constituency)
                  for s in summary.seats) == [
        ("political", missing.pk, ""),  # its mayor
        ("strategic", 0, K.PATIENTS),
        ("strategic", 0, K.RELATIVES),
        ("strategic", missing.pk, ""),
    ]


def test_without_a_region_partner_its_seats_are_left_out_and_said() -> None:
    collaboration = make_collaboration(code="uden-region")
    make_partnership(collaboration, make_municipality_organisation(make_municipality()))
    summary = do_apply_blueprint(None, collaboration, ON)
    assert summary.unresolved == ["The collaboration has no region or health trust as a "
                                  "partner, so its seats were left out."]
    assert not Seat.objects.filter(body__collaboration=collaboration,
                                   represents__kind="region").exists()


def test_no_template_is_refused() -> None:
    collaboration = make_collaboration(kind=Collaboration.Kind.HEALTH_COMMUNITY)  # Danish
    with pytest.raises(ValidationError, match="No structure template"):
        do_apply_blueprint(None, collaboration, ON)
    assert not collaboration.bodies.exists()


# Health councils: the preparatory council, then the council -------------------------------

def test_a_council_gets_a_preparatory_council_in_2026_and_a_council_in_2027() -> None:
    built = dk_council("raad", preparatory=True)
    built.bodies["preparatory"].delete()
    built.political.delete()
    do_apply_blueprint(None, built.collaboration, dt.date(2026, 3, 1))
    preparatory = built.collaboration.bodies.get(kind=Body.Kind.POLITICAL)
    assert (preparatory.name, preparatory.valid_from, preparatory.valid_to) == (
        "Forberedende sundhedsråd", dt.date(2026, 3, 1), dt.date(2026, 12, 31))
    assert slots(preparatory) == [("municipality", C.REPRESENTATIVE, "")] * 2
    do_apply_blueprint(None, built.collaboration, dt.date(2027, 1, 1))
    council = built.collaboration.bodies.get(kind=Body.Kind.POLITICAL,
                                             valid_from=dt.date(2027, 1, 1))
    assert council.valid_to is None
    assert slots(council) == sorted([("municipality", C.REPRESENTATIVE, "")] * 2
                                    + [("region", C.REGIONAL_COUNCILLOR, "")])
    assert built.collaboration.bodies.filter(kind=Body.Kind.SECRETARIAT).count() == 2


# A Norwegian health community and an innovation cluster --------------------------------------

def test_a_health_community_seats_its_municipalities_trust_and_hospitals() -> None:
    norway = make_country("NO", "Norge")
    community = make_collaboration(kind=Collaboration.Kind.HEALTH_COMMUNITY, country=norway,
                                   valid_from=dt.date(2020, 1, 1), valid_to=None)
    trust = make_organisation(kind=Organisation.Kind.REGION, name="Helse Test HF", country=norway)
    hospital = make_organisation(kind=Organisation.Kind.HOSPITAL, name="Sykehus", country=norway)
    municipality = make_municipality_organisation(make_municipality(country=norway))
    for organisation in (trust, hospital, municipality):
        make_partnership(community, organisation)
    do_apply_blueprint(None, community, ON)
    political = community.bodies.get(kind=Body.Kind.POLITICAL)
    assert {seat.represents for seat in political.seats.all()} == {
        trust, hospital, municipality, None}
    kinds = sorted(community.bodies.values_list("kind", flat=True))
    assert kinds == ["political", "secretariat", "strategic", "working_group"]


def test_an_innovation_cluster_gets_only_a_secretariat() -> None:
    innovation = make_collaboration(kind=Collaboration.Kind.INNOVATION_CLUSTER, valid_to=None)
    summary = do_apply_blueprint(None, innovation, ON)
    assert [body.kind for body in summary.bodies] == [Body.Kind.SECRETARIAT]
    assert summary.seats == []


# Many at once -------------------------------------------------------------------------------

def test_many_collaborations_of_a_kind_at_once() -> None:
    first = empty_cluster()
    second = dk_cluster("fuld").collaboration
    council = dk_council("raad").collaboration
    summaries = do_apply_blueprints(None, Collaboration.Kind.HEALTH_CLUSTER, ON)
    assert {s.collaboration.code for s in summaries} == {first.code, second.code}
    assert not council.bodies.exclude(name="Sundhedsrådet").exists()
    only = do_apply_blueprints(None, Collaboration.Kind.HEALTH_CLUSTER, ON, code=first.code)
    assert [s.created_anything for s in only] == [False]
