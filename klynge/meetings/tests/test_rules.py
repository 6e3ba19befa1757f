"""Who approves the minutes by default, by the collaboration's kind."""

from __future__ import annotations

import pytest

from klynge.collaborations.models import Collaboration
from klynge.meetings import rules
from klynge.meetings.models import MeetingRules
from klynge.testing.factories import make_body, make_collaboration, make_organisation_body
from klynge.testing.meetings import make_rules

pytestmark = pytest.mark.django_db
Approval = MeetingRules.Approval


@pytest.mark.parametrize(("kind", "expected"), [
    (Collaboration.Kind.HEALTH_CLUSTER, Approval.CHAIRS),
    (Collaboration.Kind.HEALTH_COUNCIL, Approval.CHAIR),
    (Collaboration.Kind.HEALTH_COMMUNITY, Approval.MEMBERS_PRESENT),
    (Collaboration.Kind.INNOVATION_CLUSTER, Approval.MEMBERS_PRESENT),
])
def test_the_default_follows_the_collaborations_kind(kind: str, expected: str) -> None:
    body = make_body(make_collaboration(kind=kind))
    found = rules.rules_for(body)
    assert found.minutes_approved_by == expected and not found.configured
    assert not found.substitutes_allowed


def test_a_bodys_own_rules_win_and_an_organisations_body_has_members_present() -> None:
    body = make_body(make_collaboration(kind=Collaboration.Kind.HEALTH_CLUSTER))
    make_rules(body, minutes_approved_by=Approval.CHAIR, substitutes_allowed=True)
    found = rules.rules_for(body)
    assert found.configured and found.minutes_approved_by == Approval.CHAIR
    assert rules.default_approval(make_organisation_body()) == Approval.MEMBERS_PRESENT
