"""Who sees a referral's patient data: the referrer, the programme's coordinators and the
matched volunteer (first name, needs, languages, municipality); everyone else gets 404.
Every look is in the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from klynge.audit.models import AuditEntry
from klynge.governance.models import RoleGrant
from klynge.testing.factories import make_grant, make_user
from klynge.testing.volunteering import (
    VolunteeringWorld,
    make_match,
    make_referral,
    make_referrer,
    make_volunteer,
)
from klynge.volunteering import access, actions
from klynge.volunteering.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(vw: VolunteeringWorld) -> Referral:
    referral = make_referral(vw.programme, vw.referrer, state=Referral.State.ACCEPTED,
                             gender="female", diagnosis_group="cancer")
    make_match(referral, vw.volunteer)
    return referral


def others(vw: VolunteeringWorld) -> dict[str, Any]:
    """Signed-in people who must not see the referral."""
    unmatched = make_volunteer(vw.programme, certificates=[{}]).person.user
    return {
        "outsider": vw.outsider,
        "another programme's coordinator": vw.other_coordinator,
        "an unmatched volunteer": unmatched,
        "the referrer's colleague": make_referrer(vw.hospital),
        "an administrator": make_user(is_superuser=True, is_staff=True),
    }


def test_everyone_else_gets_404(vw: VolunteeringWorld, referral: Referral) -> None:
    for who, user in others(vw).items():
        with pytest.raises(Http404):
            access.get_referral_for_user(user, referral.pk)
        with pytest.raises(Http404):
            actions.do_view_referral(user, referral.pk)
        assert not access.may_see_referral(user, referral), who
        assert referral not in access.visible_referrals(user), who
    assert not AuditEntry.objects.filter(verb="view").exists()


def test_the_three_who_see_it(vw: VolunteeringWorld, referral: Referral) -> None:
    for user, role in ((vw.coordinator, "coordinator"), (vw.referrer, "referrer"),
                       (vw.volunteer_user, "volunteer")):
        assert access.get_referral_for_user(user, referral.pk) == referral
        assert access.role_for(user, referral) == role
        assert list(access.visible_referrals(user)) == [referral]


def test_only_the_coordinators_change_it(vw: VolunteeringWorld, referral: Referral) -> None:
    assert access.get_referral_for_user(vw.coordinator, referral.pk, write=True) == referral
    for user in (vw.referrer, vw.volunteer_user):
        with pytest.raises(PermissionDenied):
            access.get_referral_for_user(user, referral.pk, write=True)
    assert access.may_withdraw_consent(vw.referrer, referral)
    assert not access.may_withdraw_consent(vw.volunteer_user, referral)


def test_the_volunteer_sees_four_fields_and_each_look_is_audited(
        vw: VolunteeringWorld, referral: Referral) -> None:
    seen = actions.do_view_referral(vw.volunteer_user, referral.pk)
    assert seen.patient == {"first_name": "Karen", "needs": "Følgeskab til kemobehandling",
                            "languages": ["da"], "area": vw.area}
    assert seen.status == {} and seen.role == "volunteer"
    entry = AuditEntry.objects.get(verb="view")
    assert (entry.actor, entry.object_id) == (vw.volunteer_user, str(referral.pk))
    assert entry.details == {"role": "volunteer",
                             "fields": ["first_name", "needs", "languages", "area"]}
    full = actions.do_view_referral(vw.coordinator, referral.pk)
    assert full.patient["diagnosis_group"] == "cancer" and full.patient["gender"] == "female"
    assert full.status["state"] == "matched"
    assert AuditEntry.objects.filter(verb="view").count() == 2


def test_access_ends_with_the_role(vw: VolunteeringWorld, referral: Referral) -> None:
    yesterday = dt.date(2026, 11, 29)
    RoleGrant.objects.filter(person__user=vw.referrer).update(valid_to=yesterday)
    referral.matches.update(state="ended")
    for user in (vw.referrer, vw.volunteer_user):
        fresh = type(user).objects.get(pk=user.pk)  # roles are cached on the user object
        with pytest.raises(Http404):
            access.get_referral_for_user(fresh, referral.pk)


def test_a_coordinator_by_seat_only_does_not_see_it(vw: VolunteeringWorld,
                                                    referral: Referral) -> None:
    """Access to patient data comes from a coordinator grant, not a seat in the team."""
    from klynge.testing.factories import make_organisation_body, make_person, make_seat

    team = make_organisation_body(vw.programme.organisation, kind="programme_team")
    member = make_user()
    make_seat(team, make_person(user=member))
    with pytest.raises(Http404):
        access.get_referral_for_user(member, referral.pk)
    make_grant(member.person, RoleGrant.Role.COORDINATOR, programme_id=vw.programme.pk)
    fresh = type(member).objects.get(pk=member.pk)
    assert access.get_referral_for_user(fresh, referral.pk) == referral


def test_volunteers_and_programmes(vw: VolunteeringWorld) -> None:
    assert access.get_volunteer_for_user(vw.coordinator, vw.volunteer.pk, write=True)
    assert access.get_volunteer_for_user(vw.volunteer_user, vw.volunteer.pk)
    with pytest.raises(PermissionDenied):
        access.get_volunteer_for_user(vw.volunteer_user, vw.volunteer.pk, write=True)
    for user in (vw.other_coordinator, vw.referrer, vw.outsider):
        with pytest.raises(Http404):
            access.get_volunteer_for_user(user, vw.volunteer.pk)
    assert access.get_programme_for_user(vw.outsider, vw.programme.pk) == vw.programme
    with pytest.raises(PermissionDenied):
        access.get_programme_for_user(vw.outsider, vw.programme.pk, write=True)
