"""The governance rules in general: ids, citations and docs, the common rules, bad data and
queries. The Danish and Norwegian rules are tested in test_rules_dk.py and test_rules_no.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

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
)
from klynge.governance.rules.dk import ClusterMayors
from klynge.governance.tests.rule_fixtures import ON, dk_cluster
from klynge.testing.factories import (
    make_body,
    make_collaboration,
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


def test_every_rule_cites_a_paragraph_and_where_it_was_read() -> None:
    for rule in RULES:
        assert rule.citation, rule.id
        assert rule.source_url, rule.id
        if rule.source_url.startswith("http"):
            assert rule.source_url.startswith("https://"), rule.id


def test_an_unverified_rule_says_why_and_only_informs() -> None:
    unverified = [rule for rule in RULES if not rule.verified]
    assert {"dk-cluster-co-chairs", "dk-council-municipalities"} <= {r.id for r in unverified}
    for rule in unverified:
        assert len(rule.unverified_reason) > 40, rule.id
        assert rule.severity == Severity.INFO, rule.id
    for rule in RULES:
        if rule.verified:
            assert not rule.unverified_reason, rule.id


def test_get_rule_by_id() -> None:
    assert get_rule("dk-cluster-mayors").severity == Severity.ERROR
    with pytest.raises(KeyError):
        get_rule("no-such-rule")


def _doc_row(text: str, rule_id: str) -> str:
    rows = [line for line in text.splitlines() if line.startswith(f"| `{rule_id}` |")]
    assert len(rows) == 1, rule_id
    return rows[0]


def test_every_rule_is_documented_with_its_citation_and_source() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for rule in RULES:
        row = _doc_row(text, rule.id)
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1] == rule.severity, rule.id
        platform = rule.source_url.startswith("docs/")
        assert cells[2] == ("not law" if platform else "yes" if rule.verified else "**no**")
        assert rule.citation in cells[3], rule.id
        assert rule.source_url in row, rule.id


def test_finding_to_dict_has_the_stable_keys() -> None:
    finding = Finding("body-has-chair", Severity.ERROR, "X has no chair.", "k", body_id=3)
    assert finding.to_dict() == {
        "collaboration": "k", "rule": "body-has-chair", "severity": "error",
        "message": "X has no chair.", "body": 3, "seat": None, "municipality": None,
        "citation": "", "source": "",
    }
    assert finding.is_error and finding.severity_label == "error"


def test_findings_carry_their_rules_citation() -> None:
    built = dk_cluster()
    built.seats["patients"].delete()
    make_seat(built.strategic, vacant=True)
    findings = check_collaboration(built.collaboration, ON)
    assert {f.rule_id for f in findings} == {"dk-cluster-patients", "seat-vacant"}
    for finding in findings:
        rule = get_rule(finding.rule_id)
        assert (finding.citation, finding.source_url) == (rule.citation, rule.source_url)
    (patients,) = of(findings, "dk-cluster-patients")
    assert patients.citation == "sundhedsloven § 203, stk. 4, 3. pkt. (L 191, 2021-22)"
    assert patients.source_url.startswith("https://ft.dk/samling/20211/lovforslag/l191/")


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
