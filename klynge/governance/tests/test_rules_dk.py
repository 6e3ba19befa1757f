"""The Danish rules: health clusters (sundhedsloven § 203), preparatory councils (2026) and
health councils (2027-), each with a compliant structure and each requirement missing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Body, Seat
from klynge.governance.rules import Finding, Severity, check_collaboration, get_rule, rules_for
from klynge.governance.tests.rule_fixtures import (
    IN_2027,
    ON,
    PREPARATORY_END,
    add_municipality,
    dk_cluster,
    dk_council,
    no_community,
)
from klynge.testing.factories import (
    make_body,
    make_municipality,
    make_municipality_organisation,
    make_organisation,
    make_partnership,
    make_seat,
)

pytestmark = pytest.mark.django_db
LAST_PREPARATORY_DAY = PREPARATORY_END
FIRST_COUNCIL_DAY = dt.date(2027, 1, 1)


def ids(findings: list[Finding]) -> list[str]:
    return [finding.rule_id for finding in findings]


def of(findings: list[Finding], rule_id: str) -> list[Finding]:
    """The findings of ``rule_id``, each checked to carry that rule's citation."""
    found = [finding for finding in findings if finding.rule_id == rule_id]
    rule = get_rule(rule_id)
    for finding in found:
        assert (finding.citation, finding.source_url) == (rule.citation, rule.source_url)
    return found


def messages(findings: list[Finding], rule_id: str) -> list[str]:
    return [finding.message for finding in of(findings, rule_id)]


# Health clusters: which rules, when ----------------------------------------------------

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
    assert ids(findings) == ["no-specific-rules"]
    assert findings[0].severity == Severity.INFO


def test_collaboration_not_in_force_is_not_checked() -> None:
    built = dk_cluster()  # ends 2026-12-31
    findings = check_collaboration(built.collaboration, IN_2027)
    assert ids(findings) == ["collaboration-not-in-force"]


def test_norwegian_health_cluster_kind_is_not_judged_by_danish_law() -> None:
    built = no_community()
    built.collaboration.kind = Collaboration.Kind.HEALTH_CLUSTER
    built.collaboration.save()
    assert not any(r.id.startswith("dk-") for r in rules_for(built.collaboration, ON))


# Health clusters: the political level (§ 203, stk. 4, 2. pkt.) ---------------------------

def test_the_regional_council_and_its_chair_on_the_political_level() -> None:
    built = dk_cluster()
    built.seats["regional_council_chair"].delete()
    findings = check_collaboration(built.collaboration, ON)
    assert messages(findings, "dk-cluster-political-region") == [
        "The chair of the regional council has no seat on Politisk niveau.",
        "Politisk niveau has 1 member of the regional council; the law names members of the "
        "regional council, its chair among them.",
    ]
    assert of(findings, "dk-cluster-political-region")[0].citation == (
        "sundhedsloven § 203, stk. 4, 2. pkt. (L 191, 2021-22)")


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
    organisation = add_municipality(built, mayor=False, strategic=False)
    organisation.partnerships.update(valid_to=dt.date(2023, 12, 31))
    assert not of(check_collaboration(built.collaboration, ON), "dk-cluster-mayors")


def _municipality(built: Any, code: str, name: str) -> Organisation:
    organisation = make_municipality_organisation(make_municipality(code=code, name=name))
    make_partnership(built.collaboration, organisation)
    make_seat(built.strategic, represents=organisation, capacity=Seat.Capacity.DIRECTOR)
    return organisation


def test_a_committee_mayor_of_a_municipality_with_several_mayors_is_unverified() -> None:
    built = dk_cluster()
    copenhagen = _municipality(built, "0101", "København")
    seat = make_seat(built.political, represents=copenhagen,
                     capacity=Seat.Capacity.COMMITTEE_MAYOR)
    findings = check_collaboration(built.collaboration, ON)
    (info,) = of(findings, "dk-cluster-committee-mayor")
    assert (info.severity, info.seat_id, info.municipality) == (Severity.INFO, seat.pk, "0101")
    assert "Whether the law allows this is unverified" in info.message
    assert "kommunestyrelsesloven § 64 a" in info.citation
    assert not of(findings, "dk-cluster-mayors")
    assert not of(findings, "dk-cluster-political-members")
    make_seat(built.political, represents=copenhagen, capacity=Seat.Capacity.MAYOR)
    assert not of(check_collaboration(built.collaboration, ON), "dk-cluster-committee-mayor")


def test_a_committee_mayor_elsewhere_does_not_count_as_the_mayor() -> None:
    built = dk_cluster()
    other = _municipality(built, "0615", "Horsens")
    make_seat(built.political, represents=other, capacity=Seat.Capacity.COMMITTEE_MAYOR)
    findings = check_collaboration(built.collaboration, ON)
    assert messages(findings, "dk-cluster-mayors") == ["Horsens has no mayor on the political "
                                                       "level."]
    assert of(findings, "dk-cluster-political-members")
    assert not of(findings, "dk-cluster-committee-mayor")


def test_general_practice_on_the_political_level() -> None:
    built = dk_cluster()
    built.seats["political_gp"].delete()
    findings = check_collaboration(built.collaboration, ON)
    assert messages(findings, "dk-cluster-political-general-practice") == [
        "General practice has no seat on Politisk niveau."]
    assert of(findings, "dk-cluster-political-general-practice")[0].severity == Severity.ERROR


def test_a_regional_director_has_no_place_on_the_political_level() -> None:
    built = dk_cluster()
    regional = built.seats["regional_co_chair"]
    regional.capacity = Seat.Capacity.DIRECTOR  # the demo's regional co-chair
    regional.save()
    make_seat(built.political, role=Seat.Role.SECRETARY, capacity=Seat.Capacity.STAFF)
    make_seat(built.political, role=Seat.Role.OBSERVER, capacity=Seat.Capacity.DIRECTOR)
    findings = check_collaboration(built.collaboration, ON)
    (member,) = of(findings, "dk-cluster-political-members")
    assert member.seat_id == regional.pk and member.severity == Severity.ERROR
    assert "as director or manager (co-chair)" in member.message
    assert messages(findings, "dk-cluster-co-chairs") == [
        "Politisk niveau has no co-chair who is a member of the regional council. The hearing "
        "draft of the law asks for one; the enacted wording is unverified."]


# Health clusters: the co-chairs (§ 203, stk. 5, hearing draft: unverified) -----------------

def test_co_chairs_one_regional_one_mayor_are_unverified_information() -> None:
    built = dk_cluster()
    regional = built.seats["regional_co_chair"]
    regional.role = Seat.Role.MEMBER
    regional.save()
    findings = of(check_collaboration(built.collaboration, ON), "dk-cluster-co-chairs")
    assert [f.message for f in findings] == [
        "Politisk niveau has 1 co-chair. The hearing draft of the law asks for two; the "
        "enacted wording is unverified.",
        "Politisk niveau has no co-chair who is a member of the regional council. The hearing "
        "draft of the law asks for one; the enacted wording is unverified.",
    ]
    assert all(f.severity == Severity.INFO and f.body_id == built.political.pk for f in findings)
    assert "hearing draft" in findings[0].citation
    assert not get_rule("dk-cluster-co-chairs").verified


def test_co_chairs_two_regional_is_missing_a_mayor() -> None:
    built = dk_cluster()
    mayor = built.seats["mayor_co_chair"]
    mayor.capacity, mayor.represents = Seat.Capacity.REGIONAL_COUNCILLOR, built.region
    mayor.save()
    findings = check_collaboration(built.collaboration, ON)
    assert messages(findings, "dk-cluster-co-chairs") == [
        "Politisk niveau has no co-chair who is a mayor. The hearing draft of the law asks for "
        "one; the enacted wording is unverified."]


def test_no_co_chairs_is_one_finding() -> None:
    built = dk_cluster()
    Seat.objects.filter(body=built.political, role=Seat.Role.CO_CHAIR).update(role="member")
    findings = of(check_collaboration(built.collaboration, ON), "dk-cluster-co-chairs")
    assert len(findings) == 1 and "has no co-chairs" in findings[0].message


# Health clusters: the professional-strategic level (§ 203, stk. 4, 3. pkt.) ----------------

def test_the_region_and_psychiatry_on_the_strategic_level() -> None:
    built = dk_cluster()
    built.seats["psychiatry"].delete()
    findings = check_collaboration(built.collaboration, ON)
    assert messages(findings, "dk-cluster-strategic-region") == [
        "Psychiatry has no seat for the region on Fagligt strategisk."]
    built.seats["strategic_chair"].delete()
    findings = of(check_collaboration(built.collaboration, ON), "dk-cluster-strategic-region")
    assert len(findings) == 2 and findings[0].message.startswith("The region is not")


def test_every_municipality_on_the_strategic_level_is_unverified() -> None:
    built = dk_cluster()
    missing = add_municipality(built, strategic=False)
    findings = of(check_collaboration(built.collaboration, ON),
                  "dk-cluster-strategic-municipalities")
    assert [(f.severity, f.municipality) for f in findings] == [
        (Severity.INFO, missing.municipality.code)]  # type: ignore[union-attr]
    assert "unverified" in findings[0].message


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
    assert messages(findings, "dk-cluster-levels") == [
        f"{built.collaboration.name} has no strategic level."]
    assert "bekendtgørelse nr. 1248" in of(findings, "dk-cluster-levels")[0].citation
    # Without a strategic level, its members are not reported again.
    assert not of(findings, "dk-cluster-general-practice")
    assert not of(findings, "dk-cluster-strategic-municipalities")


# Health councils from 2027 ------------------------------------------------------------------

def test_compliant_council_has_no_findings_in_2027() -> None:
    built = dk_council()
    assert check_collaboration(built.collaboration, IN_2027) == []
    assert not any(r.id.startswith("dk-cluster") for r in rules_for(built.collaboration, IN_2027))


def test_council_chair_and_vice_chair() -> None:
    built = dk_council()
    built.seats["vice_chair"].delete()
    findings = check_collaboration(built.collaboration, IN_2027)
    assert messages(findings, "dk-council-chair") == [
        "Sundhedsrådet has no vice-chair; a health council has a chair and a vice-chair."]
    assert of(findings, "dk-council-chair")[0].citation == (
        "regionsloven § 15, stk. 2 and 6 (as amended by L 214, 2024-25)")
    make_seat(built.political, role=Seat.Role.CHAIR, represents=built.region,
              term_start=dt.date(2027, 1, 1))
    findings = check_collaboration(built.collaboration, IN_2027)
    assert "Sundhedsrådet has 2 chairs; a health council has one." in messages(
        findings, "dk-council-chair")


def test_a_council_has_no_co_chairs() -> None:
    built = dk_council()
    chair = built.seats["chair"]
    chair.role = Seat.Role.CO_CHAIR
    chair.save()
    findings = check_collaboration(built.collaboration, IN_2027)
    (co_chair,) = of(findings, "dk-council-no-co-chairs")
    assert (co_chair.severity, co_chair.seat_id) == (Severity.ERROR, chair.pk)
    assert messages(findings, "dk-council-chair")[0].startswith("Sundhedsrådet has no chair")
    assert not of(findings, "body-has-chair")  # a co-chair is a chair for the platform rule


def test_council_is_judged_by_council_rules() -> None:
    built = dk_council()
    organisation = make_organisation(kind=Organisation.Kind.MUNICIPALITY, name="Ny Kommune",
                                     municipality=make_municipality())
    make_partnership(built.collaboration, organisation)
    built.seats["chair"].delete()
    findings = check_collaboration(built.collaboration, IN_2027)
    (municipality,) = of(findings, "dk-council-municipalities")
    assert municipality.message.startswith("Ny Kommune is not represented on the health council.")
    assert municipality.severity == Severity.INFO  # §§ 14 a-14 p were not read
    assert "not read" in municipality.citation
    assert messages(findings, "dk-council-region") == [
        "The region is not represented on Sundhedsrådet."]
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
    built.collaboration.valid_from = dt.date(2026, 1, 1)  # imported too early, no phase
    built.collaboration.save()
    assert not any(r.id.startswith("dk-") for r in rules_for(built.collaboration, ON.replace(2026)))


# The preparatory phase (2026) and the switch on 2027-01-01 ----------------------------------

def _rule_ids(built: Any, day: dt.date) -> set[str]:
    return {rule.id for rule in rules_for(built.collaboration, day) if rule.id.startswith("dk-")}


def test_the_phase_decides_the_rules() -> None:
    built = dk_council(preparatory=True)
    assert _rule_ids(built, LAST_PREPARATORY_DAY) == {
        "dk-preparatory-council-body", "dk-preparatory-council-municipalities"}
    assert _rule_ids(built, FIRST_COUNCIL_DAY) == {
        "dk-council-body", "dk-council-chair", "dk-council-no-co-chairs", "dk-council-region",
        "dk-council-municipalities"}
    assert check_collaboration(built.collaboration, LAST_PREPARATORY_DAY) == []
    assert check_collaboration(built.collaboration, FIRST_COUNCIL_DAY) == []


def test_the_preparatory_council_is_judged_only_in_its_phase() -> None:
    built = dk_council(preparatory=True)
    missing = add_council_municipality(built)
    before = check_collaboration(built.collaboration, LAST_PREPARATORY_DAY)
    (info,) = of(before, "dk-preparatory-council-municipalities")
    assert info.severity == Severity.INFO and info.municipality == missing
    assert "§ 32, stk. 2, nr. 3" in info.citation
    after = check_collaboration(built.collaboration, FIRST_COUNCIL_DAY)
    assert not of(after, "dk-preparatory-council-municipalities")
    assert [f.municipality for f in of(after, "dk-council-municipalities")] == [missing]


def add_council_municipality(built: Any) -> str:
    """A member municipality with no seat on either council; its code."""
    organisation = make_municipality_organisation(make_municipality())
    make_partnership(built.collaboration, organisation)
    return organisation.municipality.code  # type: ignore[union-attr]


def test_a_preparatory_phase_without_a_preparatory_council() -> None:
    built = dk_council(preparatory=True)
    built.bodies["preparatory"].delete()
    make_body(built.collaboration, kind=Body.Kind.SECRETARIAT, name="Sekretariat",
              valid_from=dt.date(2026, 1, 1))
    findings = check_collaboration(built.collaboration, LAST_PREPARATORY_DAY)
    assert ids(findings) == ["dk-preparatory-council-body"]
    assert findings[0].severity == Severity.ERROR


def test_council_rules_wait_for_the_end_of_the_preparatory_phase() -> None:
    built = dk_council(preparatory=True)
    built.collaboration.preparatory_until = dt.date(2027, 3, 31)  # a longer phase
    built.collaboration.save()
    built.seats["vice_chair"].delete()
    assert not of(check_collaboration(built.collaboration, IN_2027), "dk-council-chair")
    assert of(check_collaboration(built.collaboration, dt.date(2027, 4, 1)), "dk-council-chair")
