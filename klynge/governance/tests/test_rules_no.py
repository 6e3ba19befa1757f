"""The Norwegian rules: health communities, with a compliant structure and each requirement
missing (the 2019 agreement as Prop. 102 L and KS read it, and the Bergen guideline)."""

from __future__ import annotations

import datetime as dt

import pytest

from klynge.collaborations.models import Organisation
from klynge.governance.models import Body, Seat
from klynge.governance.rules import Finding, Severity, check_collaboration, get_rule, rules_for
from klynge.governance.tests.rule_fixtures import ON, add_municipality, no_community
from klynge.testing.factories import make_body, make_organisation, make_partnership, make_seat

pytestmark = pytest.mark.django_db


def of(findings: list[Finding], rule_id: str) -> list[Finding]:
    found = [finding for finding in findings if finding.rule_id == rule_id]
    rule = get_rule(rule_id)
    for finding in found:
        assert (finding.citation, finding.source_url) == (rule.citation, rule.source_url)
    return found


def test_compliant_health_community_has_no_findings() -> None:
    built = no_community()
    assert check_collaboration(built.collaboration, ON) == []


def test_user_representatives_on_every_standing_body() -> None:
    built = no_community()
    built.seats["strategic_user"].person = None
    built.seats["strategic_user"].save()
    panel = make_body(built.collaboration, kind=Body.Kind.USER_PANEL, name="Brukarpanel")
    make_seat(panel, role=Seat.Role.CHAIR, constituency=Seat.Constituency.PATIENTS)
    findings = of(check_collaboration(built.collaboration, ON), "no-community-user-representatives")
    assert [(f.severity, f.body_id) for f in findings] == [
        (Severity.ERROR, built.bodies["strategic"].pk)]
    assert "Bergensområdet" in findings[0].citation
    assert findings[0].source_url.startswith("https://www.saman.no/")


def test_a_working_group_without_users_is_a_warning() -> None:
    built = no_community()
    built.seats["working_group_user"].delete()
    findings = check_collaboration(built.collaboration, ON)
    assert not of(findings, "no-community-user-representatives")
    (warning,) = of(findings, "no-community-working-group-users")
    assert (warning.severity, warning.body_id) == (Severity.WARNING,
                                                   built.bodies["working_group"].pk)
    make_seat(built.bodies["working_group"], constituency=Seat.Constituency.RELATIVES)
    assert not of(check_collaboration(built.collaboration, ON),
                  "no-community-working-group-users")


def test_every_member_municipality_is_represented_somewhere() -> None:
    built = no_community()
    missing = add_municipality(built, mayor=False, strategic=False, country_code="NO")
    findings = of(check_collaboration(built.collaboration, ON), "no-community-municipalities")
    assert [(f.severity, f.municipality) for f in findings] == [
        (Severity.ERROR, missing.municipality.code)]  # type: ignore[union-attr]
    make_seat(built.bodies["working_group"], represents=missing)  # any body will do
    assert not of(check_collaboration(built.collaboration, ON), "no-community-municipalities")


def test_hospital_partners_are_represented() -> None:
    built = no_community()
    hospital = make_organisation(kind=Organisation.Kind.HOSPITAL, name="Haraldsplass",
                                 country=built.region.country)
    make_partnership(built.collaboration, hospital)
    findings = of(check_collaboration(built.collaboration, ON), "no-community-hospitals")
    assert [f.message for f in findings] == [
        f"Haraldsplass is a partner but is not represented in any body of "
        f"{built.collaboration.name}."]
    make_seat(built.political, represents=hospital)
    assert not of(check_collaboration(built.collaboration, ON), "no-community-hospitals")


def test_the_health_trust_is_represented() -> None:
    built = no_community()
    Seat.objects.filter(represents=built.region).update(represents=None)
    findings = of(check_collaboration(built.collaboration, ON), "no-community-hospitals")
    assert len(findings) == 1 and built.region.name in findings[0].message


def test_a_general_practitioner_on_every_level_is_a_warning() -> None:
    built = no_community()
    built.seats["political_gp"].delete()
    findings = of(check_collaboration(built.collaboration, ON),
                  "no-community-general-practitioners")
    assert [(f.severity, f.body_id) for f in findings] == [
        (Severity.WARNING, built.political.pk)]


def test_health_community_partners_and_levels() -> None:
    built = no_community()
    built.collaboration.partnerships.all().delete()
    built.political.delete()
    built.bodies["working_group"].delete()
    findings = check_collaboration(built.collaboration, ON)
    assert len(of(findings, "no-community-partners")) == 2
    assert [f.message for f in of(findings, "no-community-levels")] == [
        f"{built.collaboration.name} has no partnership meeting (political level).",
        f"{built.collaboration.name} has no professional collaboration committee (working "
        "group).",
    ]
    assert of(findings, "no-community-partners")[0].citation == "Prop. 102 L (2020-2021), kap. 2"


def test_health_community_rules_apply_from_2020() -> None:
    built = no_community()
    built.collaboration.valid_from = dt.date(2019, 1, 1)
    built.collaboration.save()
    assert not any(r.id.startswith("no-") for r in rules_for(built.collaboration,
                                                             dt.date(2019, 12, 31)))
    assert any(r.id.startswith("no-") for r in rules_for(built.collaboration, ON))
