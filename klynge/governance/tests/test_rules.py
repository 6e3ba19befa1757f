"""The governance rules: each with a passing and a failing collaboration, by kind and date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Body, Seat
from klynge.governance.rules import (
    RULES,
    Finding,
    Rule,
    RuleContext,
    Severity,
    check_collaboration,
    get_rule,
    rules_for,
)
from klynge.governance.rules.dk import ClusterMayors
from klynge.governance.tests.rule_fixtures import (
    IN_2027,
    ON,
    add_municipality,
    dk_cluster,
    dk_council,
    no_community,
)
from klynge.testing.factories import (
    make_body,
    make_collaboration,
    make_municipality,
    make_organisation,
    make_partnership,
    make_person,
    make_seat,
)

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[3] / "docs" / "governance-rules.md"


def ids(findings: list[Finding]) -> list[str]:
    return [finding.rule_id for finding in findings]


def of(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule_id == rule_id]


# The rules themselves ---------------------------------------------------------------------

def test_rules_have_unique_stable_ids_titles_and_sources() -> None:
    assert len({rule.id for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.id)
        assert str(rule.title) and rule.source
        assert rule.severity in Severity.values


def test_get_rule_by_id() -> None:
    assert get_rule("dk-cluster-mayors").severity == Severity.ERROR
    with pytest.raises(KeyError):
        get_rule("no-such-rule")


def test_every_rule_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule.id}`" in text, rule.id


def test_finding_to_dict_has_the_stable_keys() -> None:
    finding = Finding("body-has-chair", Severity.ERROR, "X has no chair.", "k", body_id=3)
    assert finding.to_dict() == {
        "collaboration": "k", "rule": "body-has-chair", "severity": "error",
        "message": "X has no chair.", "body": 3, "seat": None, "municipality": None,
        "citation": "", "source": "",
    }
    assert finding.is_error and finding.severity_label == "error"


# Danish health clusters -------------------------------------------------------------------

def test_compliant_cluster_has_no_findings() -> None:
    built = dk_cluster()
    assert check_collaboration(built.collaboration, ON) == []


def test_cluster_rules_apply_between_2022_and_2026() -> None:
    built = dk_cluster(valid_to=None)
    applied = {rule.id for rule in rules_for(built.collaboration, ON)}
    assert {"dk-cluster-co-chairs", "dk-cluster-mayors", "body-has-chair"} <= applied
    assert not {"dk-council-municipalities", "no-community-user-representatives"} & applied
    later = {rule.id for rule in rules_for(built.collaboration, IN_2027)}
    assert not any(rule_id.startswith("dk-cluster") for rule_id in later)
    assert "body-has-chair" in later
    assert not {rule.id for rule in rules_for(built.collaboration, dt.date(2022, 6, 30))
                if rule.id.startswith("dk-")}


def test_cluster_in_2027_is_not_judged_by_cluster_law() -> None:
    built = dk_cluster(valid_to=None)
    built.seats["mayor_co_chair"].delete()
    built.seats["gp"].delete()
    assert of(check_collaboration(built.collaboration, ON), "dk-cluster-mayors")
    findings = check_collaboration(built.collaboration, IN_2027)
    assert not [f for f in findings if f.rule_id.startswith("dk-")]
    assert ids(findings) == ["no-specific-rules"]
    assert findings[0].severity == Severity.INFO


def test_collaboration_not_in_force_is_not_checked() -> None:
    built = dk_cluster()  # ends 2026-12-31
    findings = check_collaboration(built.collaboration, IN_2027)
    assert ids(findings) == ["collaboration-not-in-force"]
    assert findings[0].severity == Severity.INFO


def test_co_chairs_one_regional_one_mayor() -> None:
    built = dk_cluster()
    regional = built.seats["regional_co_chair"]
    regional.role = Seat.Role.MEMBER
    regional.save()
    findings = of(check_collaboration(built.collaboration, ON), "dk-cluster-co-chairs")
    messages = [f.message for f in findings]
    assert "Politisk niveau has 1 co-chair; a health cluster's political level has two." in messages
    assert "Politisk niveau has no co-chair who is a member of the regional council." in messages
    assert all(f.severity == Severity.ERROR and f.body_id == built.political.pk for f in findings)


def test_co_chairs_two_regional_is_missing_a_mayor() -> None:
    built = dk_cluster()
    mayor = built.seats["mayor_co_chair"]
    mayor.capacity, mayor.represents = Seat.Capacity.REGIONAL_COUNCILLOR, built.region
    mayor.save()
    findings = of(check_collaboration(built.collaboration, ON), "dk-cluster-co-chairs")
    assert [f.message for f in findings] == ["Politisk niveau has no co-chair who is a mayor."]


def test_no_co_chairs_is_one_finding() -> None:
    built = dk_cluster()
    Seat.objects.filter(body=built.political, role=Seat.Role.CO_CHAIR).update(role="member")
    findings = of(check_collaboration(built.collaboration, ON), "dk-cluster-co-chairs")
    assert len(findings) == 1 and "has no co-chairs" in findings[0].message


def test_every_member_municipality_has_its_mayor() -> None:
    built = dk_cluster()
    missing = add_municipality(built, mayor=False)
    findings = of(check_collaboration(built.collaboration, ON), "dk-cluster-mayors")
    assert len(findings) == 1
    assert findings[0].municipality == missing.municipality.code  # type: ignore[union-attr]
    assert findings[0].message == f"{missing.name} has no mayor on the political level."


def test_a_mayor_whose_term_ended_is_no_mayor() -> None:
    built = dk_cluster()
    organisation = add_municipality(built, mayor=False)
    make_seat(built.political, represents=organisation, capacity=Seat.Capacity.MAYOR,
              term_end=dt.date(2023, 12, 31))
    assert of(check_collaboration(built.collaboration, ON), "dk-cluster-mayors")


def test_a_former_partner_needs_no_mayor() -> None:
    built = dk_cluster()
    organisation = add_municipality(built, mayor=False)
    organisation.partnerships.update(valid_to=dt.date(2023, 12, 31))
    assert not of(check_collaboration(built.collaboration, ON), "dk-cluster-mayors")


@pytest.mark.parametrize("seat", [
    {"constituency": Seat.Constituency.GENERAL_PRACTICE},
    {"capacity": Seat.Capacity.GP},
    {"represents_kind": Organisation.Kind.GENERAL_PRACTICE},
])
def test_general_practice_on_the_strategic_level(seat: dict[str, Any]) -> None:
    built = dk_cluster()
    built.seats["gp"].delete()
    findings = of(check_collaboration(built.collaboration, ON), "dk-cluster-general-practice")
    assert len(findings) == 1 and findings[0].severity == Severity.ERROR
    if kind := seat.pop("represents_kind", None):
        seat["represents"] = make_organisation(kind=kind)
    make_seat(built.strategic, **seat)
    assert not of(check_collaboration(built.collaboration, ON), "dk-cluster-general-practice")


def test_patients_or_relatives_on_the_strategic_level() -> None:
    built = dk_cluster()
    built.seats["patients"].delete()
    findings = of(check_collaboration(built.collaboration, ON), "dk-cluster-patients")
    assert len(findings) == 1
    make_seat(built.strategic, constituency=Seat.Constituency.RELATIVES)
    assert not of(check_collaboration(built.collaboration, ON), "dk-cluster-patients")


def test_cluster_partners_and_levels() -> None:
    built = dk_cluster()
    built.collaboration.partnerships.filter(organisation=built.region).delete()
    built.strategic.delete()
    findings = check_collaboration(built.collaboration, ON)
    assert len(of(findings, "dk-cluster-partners")) == 1
    assert [f.message for f in of(findings, "dk-cluster-levels")] == [
        f"{built.collaboration.name} has no strategic level."
    ]
    # Without a strategic level, GP and patients are not reported again.
    assert not of(findings, "dk-cluster-general-practice")


def test_norwegian_health_cluster_kind_is_not_judged_by_danish_law() -> None:
    built = no_community()
    built.collaboration.kind = Collaboration.Kind.HEALTH_CLUSTER
    built.collaboration.save()
    assert not any(r.id.startswith("dk-") for r in rules_for(built.collaboration, ON))


# Danish health councils -------------------------------------------------------------------

def test_compliant_council_has_no_findings_in_2027() -> None:
    built = dk_council()
    assert check_collaboration(built.collaboration, IN_2027) == []
    assert not any(r.id.startswith("dk-cluster") for r in rules_for(built.collaboration, IN_2027))


def test_council_is_judged_by_council_rules() -> None:
    built = dk_council()
    organisation = make_organisation(kind=Organisation.Kind.MUNICIPALITY, name="Ny Kommune",
                                     municipality=make_municipality())
    make_partnership(built.collaboration, organisation)
    built.seats["chair"].delete()
    findings = check_collaboration(built.collaboration, IN_2027)
    assert [f.message for f in of(findings, "dk-council-municipalities")] == [
        "Ny Kommune is not represented on the health council."
    ]
    assert of(findings, "dk-council-region")
    assert of(findings, "body-has-chair")
    assert not of(findings, "dk-cluster-mayors")


def test_council_without_a_council_body() -> None:
    built = dk_council()
    make_body(built.collaboration, kind=Body.Kind.WORKING_GROUP, name="Arbejdsgruppe")
    built.political.delete()
    findings = check_collaboration(built.collaboration, IN_2027)
    assert of(findings, "dk-council-body")
    assert not of(findings, "dk-council-municipalities")


def test_council_rules_do_not_apply_before_2027() -> None:
    built = dk_council()
    built.collaboration.valid_from = dt.date(2026, 1, 1)  # imported too early
    built.collaboration.save()
    assert not any(r.id.startswith("dk-") for r in rules_for(built.collaboration, ON.replace(2026)))


# Norwegian health communities -------------------------------------------------------------

def test_compliant_health_community_has_no_findings() -> None:
    built = no_community()
    assert check_collaboration(built.collaboration, ON) == []


def test_user_representatives_at_every_level() -> None:
    built = no_community()
    built.seats["working_group_user"].delete()
    built.seats["strategic_user"].person = None
    built.seats["strategic_user"].save()
    findings = of(check_collaboration(built.collaboration, ON), "no-community-user-representatives")
    assert {f.body_id for f in findings} == {
        built.bodies["working_group"].pk, built.bodies["strategic"].pk
    }
    assert all(f.severity == Severity.ERROR for f in findings)
    make_seat(built.bodies["working_group"], constituency=Seat.Constituency.RELATIVES)
    make_body(built.collaboration, kind=Body.Kind.USER_PANEL, name="Brukarpanel")
    findings = of(check_collaboration(built.collaboration, ON), "no-community-user-representatives")
    assert {f.body_id for f in findings} == {built.bodies["strategic"].pk}


def test_health_community_partners_and_levels() -> None:
    built = no_community()
    built.collaboration.partnerships.all().delete()
    built.political.delete()
    findings = check_collaboration(built.collaboration, ON)
    assert len(of(findings, "no-community-partners")) == 2
    assert len(of(findings, "no-community-levels")) == 1


def test_health_community_rules_apply_from_2020() -> None:
    built = no_community()
    built.collaboration.valid_from = dt.date(2019, 1, 1)
    built.collaboration.save()
    assert not any(r.id.startswith("no-") for r in rules_for(built.collaboration,
                                                             dt.date(2019, 12, 31)))
    assert any(r.id.startswith("no-") for r in rules_for(built.collaboration, ON))


# Common rules -----------------------------------------------------------------------------

def test_every_body_has_a_chair_but_the_secretariat() -> None:
    built = dk_cluster()
    group = make_body(built.collaboration, kind=Body.Kind.WORKING_GROUP, name="Gruppe")
    chair = make_seat(group, role=Seat.Role.CHAIR, vacant=True)
    findings = check_collaboration(built.collaboration, ON)
    assert [(f.message, f.body_id) for f in of(findings, "body-has-chair")] == [
        ("Gruppe has no chair.", group.pk)
    ]
    chair.person = make_person()
    chair.save()
    assert not of(check_collaboration(built.collaboration, ON), "body-has-chair")


def test_no_person_holds_two_seats_in_one_body() -> None:
    built = dk_cluster()
    person = built.seats["gp"].person
    make_seat(built.strategic, person=person, constituency=Seat.Constituency.PATIENTS)
    make_seat(built.political, person=person)  # another body: fine
    findings = of(check_collaboration(built.collaboration, ON), "person-one-seat-per-body")
    assert len(findings) == 1
    assert findings[0].severity == Severity.ERROR
    assert findings[0].message == f"{person} holds 2 seats in Fagligt strategisk."
    assert findings[0].body_id == built.strategic.pk


def test_vacant_seat_is_a_warning() -> None:
    built = dk_cluster()
    seat = make_seat(built.strategic, vacant=True, represents=built.region)
    findings = of(check_collaboration(built.collaboration, ON), "seat-vacant")
    assert [(f.severity, f.seat_id) for f in findings] == [(Severity.WARNING, seat.pk)]
    assert built.region.name in findings[0].message


def test_lapsed_term_without_successor() -> None:
    built = dk_cluster()
    make_seat(built.strategic, constituency=Seat.Constituency.RELATIVES,
              term_end=dt.date(2022, 12, 31))
    last = make_seat(built.strategic, constituency=Seat.Constituency.RELATIVES,
                     term_start=dt.date(2023, 1, 1), term_end=dt.date(2023, 12, 31))
    findings = of(check_collaboration(built.collaboration, ON), "seat-term-lapsed")
    assert [(f.severity, f.seat_id) for f in findings] == [(Severity.WARNING, last.pk)]
    assert "ended on 2023-12-31" in findings[0].message
    make_seat(built.strategic, constituency=Seat.Constituency.RELATIVES,
              term_start=dt.date(2024, 1, 1))
    assert not of(check_collaboration(built.collaboration, ON), "seat-term-lapsed")


def test_lapsed_term_of_a_vacant_seat() -> None:
    built = dk_cluster()
    make_seat(built.strategic, vacant=True, term_end=dt.date(2023, 1, 1))
    findings = of(check_collaboration(built.collaboration, ON), "seat-term-lapsed")
    assert len(findings) == 1


# Bad data ---------------------------------------------------------------------------------

def test_collaboration_without_bodies_reports_and_does_not_crash() -> None:
    collaboration = make_collaboration(code="tom")
    findings = check_collaboration(collaboration, ON)
    # Said once, as information, instead of every rule about bodies as an error.
    assert of(findings, "structure-not-recorded")[0].severity == Severity.INFO
    assert not of(findings, "dk-cluster-levels")
    assert of(findings, "dk-cluster-partners")  # partners are judged without a structure
    assert "rule-failed" not in ids(findings)


def test_bad_data_reports_and_does_not_crash() -> None:
    built = dk_cluster()
    make_body(built.collaboration, kind=Body.Kind.STEERING, name="Tom gruppe")  # no seats
    make_seat(built.political, vacant=True)  # no person, no organisation
    make_seat(built.political, term_start=dt.date(2024, 1, 1), term_end=dt.date(2023, 1, 1))
    unlinked = make_organisation(kind=Organisation.Kind.MUNICIPALITY, name="Uden kode")
    make_partnership(built.collaboration, unlinked)
    findings = check_collaboration(built.collaboration, ON)
    assert "rule-failed" not in ids(findings)
    assert [f.message for f in of(findings, "partner-municipality-unlinked")] == [
        "Uden kode is a municipality partner but is not linked to a municipality in the "
        "reference data."
    ]
    assert of(findings, "seat-vacant")
    assert not of(findings, "dk-cluster-mayors")


def test_a_failing_rule_is_reported_and_does_not_hide_others(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    built = dk_cluster()
    built.seats["gp"].delete()

    def broken(self: Rule, context: RuleContext) -> list[Finding]:
        raise ZeroDivisionError

    monkeypatch.setattr(ClusterMayors, "check", broken)
    findings = check_collaboration(built.collaboration, ON)
    failed = of(findings, "rule-failed")
    assert len(failed) == 1 and failed[0].severity == Severity.ERROR
    assert "dk-cluster-mayors" in failed[0].message
    assert of(findings, "dk-cluster-general-practice")
    assert "dk-cluster-mayors" in caplog.text


def test_findings_are_sorted_errors_first() -> None:
    built = dk_cluster()
    make_seat(built.strategic, vacant=True)
    built.seats["patients"].delete()
    severities = [f.severity for f in check_collaboration(built.collaboration, ON)]
    assert severities == sorted(severities, key=[Severity.ERROR, Severity.WARNING].index)


def test_messages_follow_the_active_language() -> None:
    built = dk_cluster()
    built.seats["patients"].delete()
    with translation.override("en"):
        (finding,) = check_collaboration(built.collaboration, ON)
    assert finding.message.startswith("Neither patients nor relatives")
    assert isinstance(finding.message, str)


# Queries ----------------------------------------------------------------------------------

def _queries(collaboration: Collaboration) -> int:
    collaboration = Collaboration.objects.get(pk=collaboration.pk)  # nothing cached
    with CaptureQueriesContext(connection) as captured:
        check_collaboration(collaboration, ON)
    return len(captured)


def test_checking_a_collaboration_costs_a_fixed_number_of_queries(
    django_assert_max_num_queries: object,
) -> None:
    small = dk_cluster("lille", municipalities=1)
    large = dk_cluster("stor", municipalities=12)
    for n in range(5):
        group = make_body(large.collaboration, kind=Body.Kind.WORKING_GROUP, name=f"Gruppe {n}")
        make_seat(group, role=Seat.Role.CHAIR)
        make_seat(group, vacant=True, represents=large.municipalities[n])
        make_seat(group, term_end=dt.date(2023, 1, 1), represents=large.municipalities[n + 5])
    assert _queries(small.collaboration) == _queries(large.collaboration) <= 4
    fresh = Collaboration.objects.get(pk=large.collaboration.pk)
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        findings = check_collaboration(fresh, ON)
    assert of(findings, "seat-vacant") and of(findings, "seat-term-lapsed")
