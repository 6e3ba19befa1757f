"""The volunteering demo (``klynge.volunteering.demo``), loaded with ``load_demo`` on the
reference data: three programmes, eight rooms, a referral in every state, a volunteer
excluded for an expired certificate, a waiting list the assignment matches, the logins, and
a second load that adds nothing.

The reference data and the demo take some seconds to load, so one test loads them once and
checks the whole demo step by step (each check a function below). The whole demo is also
loaded on a day in 2027 by the working cycle's demo test (klynge/meetings/tests), where this
receiver builds the programmes in Sundhedsråd Horsens.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone

from klynge.accounts.models import User
from klynge.collaborations.models import Collaboration
from klynge.governance.demo import DemoResult
from klynge.governance.demo_data import DEMO_EMAIL_DOMAIN, HORSENS_CODE
from klynge.governance.demo_users import demo_device
from klynge.governance.models import Person, RoleGrant, Seat
from klynge.governance.roles import Roles
from klynge.volunteering import access, inputs, matching, proposals
from klynge.volunteering.checks import IDENTITY_NUMBER
from klynge.volunteering.demo import load_volunteering
from klynge.volunteering.jobs import do_remind_certificates
from klynge.volunteering.models import (
    Booking,
    Certificate,
    Contact,
    Match,
    Programme,
    Referral,
    VolunteerProfile,
)

MODELS = (Programme, VolunteerProfile, Certificate, Referral, Booking, Match, Contact,
          RoleGrant, Person, User)

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_volunteering_demo() -> None:
    call_command("load_reference", stdout=StringIO(), stderr=StringIO())
    call_command("load_demo", "--password", "demo test password", stdout=StringIO(),
                 stderr=StringIO())
    programmes = Programme.objects.filter(collaboration__code=HORSENS_CODE)
    navigators = programmes.get(kind=Programme.Kind.NAVIGATOR)
    _three_programmes_with_their_teams(programmes)
    _the_recovery_centre_has_eight_rooms(programmes.get(kind=Programme.Kind.RECOVERY_STAY))
    _referrals_in_every_state(Referral.objects.filter(programme__in=programmes))
    _the_logins(navigators)
    _the_expired_certificate_excludes(navigators)
    _the_waiting_list_is_matched(navigators)
    assert do_remind_certificates() == 1  # one certificate expires within the window
    _a_second_load_adds_nothing()


def _three_programmes_with_their_teams(programmes: QuerySet[Programme]) -> None:
    assert sorted(programmes.values_list("kind", flat=True)) == ["choir", "navigator",
                                                                 "recovery_stay"]
    navigators = programmes.get(kind=Programme.Kind.NAVIGATOR)
    assert navigators.duration_weeks == 26
    assert set(navigators.required_certificates) == {"dk_criminal_record", "course"}
    assert navigators.required_course
    for programme in programmes:
        assert programme.organisation.kind in ("voluntary", "patient")
        assert programme.team is not None
        assert programme.team.organisation == programme.organisation
        coordinators = set(RoleGrant.objects.filter(
            role=RoleGrant.Role.COORDINATOR, programme_id=programme.pk
        ).values_list("person", flat=True))
        seated = set(Seat.objects.filter(body=programme.team).values_list("person", flat=True))
        assert coordinators and coordinators <= seated
        assert programme.areas.count() == 4  # the collaboration's municipalities


def _the_recovery_centre_has_eight_rooms(centre: Programme) -> None:
    assert (centre.rooms, centre.max_stay_days) == (8, 14)
    today = timezone.localdate()
    now = Booking.objects.filter(referral__programme=centre, cancelled_at__isnull=True,
                                 starts_on__lte=today, ends_on__gte=today)
    assert 0 < now.count() < 8
    assert len(set(now.values_list("room", flat=True))) == now.count()
    for booking in Booking.objects.filter(referral__programme=centre):
        assert (booking.ends_on - booking.starts_on).days < 14


def _referrals_in_every_state(referrals: QuerySet[Referral]) -> None:
    assert set(referrals.values_list("state", flat=True)) == set(Referral.State.values)
    assert referrals.filter(state=Referral.State.DECLINED).exclude(decline_reason="").exists()
    assert Contact.objects.filter(match__referral__state=Referral.State.MATCHED).exists()
    closed = referrals.filter(state=Referral.State.CLOSED)
    assert set(closed.values_list("outcome", flat=True)) >= {"completed", "consent_withdrawn"}
    withdrawn = referrals.get(consent_withdrawn_at__isnull=False)
    assert withdrawn.first_name == "" and withdrawn.needs == ""  # hidden at once
    for referral in referrals:
        assert referral.submitted_at <= timezone.now()
        assert not IDENTITY_NUMBER.search(f"{referral.needs} {referral.decline_reason}")
    assert referrals.filter(state=Referral.State.WAITING).count() >= 5


def _the_logins(navigators: Programme) -> None:
    coordinator, nurse, volunteer = (User.objects.get(username=name) for name in (
        "koordinator", "sygeplejerske", "frivillig"))
    roles = Roles.for_user(coordinator)
    assert navigators.pk in roles.coordinator_of and roles.sees_personal_data
    assert demo_device("koordinator") is not None  # signs in with a second factor
    assert navigators.team is not None
    assert navigators.team.seats.filter(person__user=coordinator).exists()
    assert Roles.for_user(nurse).referrer_for == {navigators.referring_organisations.get().pk}
    assert access.visible_referrals(nurse).filter(programme=navigators).exists()
    match = Match.objects.get(volunteer__person__user=volunteer, state=Match.State.ACTIVE)
    assert match.contacts.exists()
    assert list(access.visible_referrals(volunteer)) == [match.referral]
    for user in (coordinator, nurse, volunteer):
        assert user.email == f"{user.username}@{DEMO_EMAIL_DOMAIN}"
        assert user.person is not None  # type: ignore[attr-defined]


def _the_expired_certificate_excludes(navigators: Programme) -> None:
    today = timezone.localdate()
    expired = VolunteerProfile.objects.get(programme=navigators,
                                           certificates__expires__lte=today)
    profiles = inputs.profiles_for(navigators, today)
    referral = navigators.referrals.get(state=Referral.State.ACCEPTED)
    codes = inputs.exclusions(referral, profiles, today)[expired.pk]
    assert matching.Reason.CERTIFICATE_EXPIRED in codes
    assert expired.pk not in {r.volunteer_id for r in inputs.rank(referral, profiles, today)}
    assert inputs.rank(referral, profiles, today)  # someone else can take the referral


def _the_waiting_list_is_matched(navigators: Programme) -> None:
    """The assignment page's proposal matches everyone on the waiting list, its optimum is
    confirmed by HiGHS, and each referral's candidates (the vectorised core) are exactly its
    ranking on the referral page (the one-referral path)."""
    today = timezone.localdate()
    proposal = proposals.propose(navigators, today)
    waiting = [row for row in proposal.rows if row.referral.state == Referral.State.WAITING]
    assert len(waiting) >= 5 and all(row.proposed is not None for row in waiting)
    assert proposal.total == proposal.checked_total >= proposal.greedy_total
    profiles = inputs.profiles_for(navigators, today)
    for row in proposal.rows:
        ranked = inputs.rank(row.referral, profiles, today)[:proposals.PER_REFERRAL]
        assert [(o.volunteer.pk, o.score) for o in row.options] == [
            (r.volunteer_id, r.total) for r in ranked]


def _a_second_load_adds_nothing() -> None:
    before = _counts()
    result = DemoResult(list(Collaboration.objects.all()), [], [])
    load_volunteering(None, result)
    assert not sum(result.counts.values())
    assert _counts() == before
