"""Matching with a volunteer (the matching core's exclusions, with their reasons), the
contacts the volunteer logs, and booking rooms for stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.notifications.models import Notification
from klynge.testing.factories import make_municipality
from klynge.testing.volunteering import (
    VolunteeringWorld,
    make_certificate,
    make_match,
    make_referral,
    make_volunteer,
)
from klynge.volunteering import actions
from klynge.volunteering.models import Booking, Certificate, Contact, Match, Referral

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)  # the pinned clock (conftest.py)


def accepted(vw: VolunteeringWorld, **values: object) -> Referral:
    return make_referral(vw.programme, vw.referrer, state=Referral.State.ACCEPTED, **values)


def test_the_coordinator_matches_an_accepted_referral(vw: VolunteeringWorld) -> None:
    referral = accepted(vw)
    match = actions.do_match(vw.coordinator, referral, vw.volunteer)
    referral.refresh_from_db()
    assert referral.state == Referral.State.MATCHED and referral.matched_at is not None
    assert (match.volunteer, match.matched_by, match.state) == (vw.volunteer, vw.coordinator,
                                                               "active")
    assert AuditEntry.objects.filter(verb="create", object_type="volunteering.match").exists()
    told = {n.user: n.text for n in Notification.objects.all()}
    assert told[vw.referrer].endswith("was matched with a volunteer.")
    assert told[vw.volunteer_user] == ("You have been matched with someone to support in "
                                       "Patientnavigatører.")
    with pytest.raises(ValidationError, match="referral that is matched"):
        actions.do_match(vw.coordinator, referral, vw.volunteer)


def test_a_submitted_referral_is_accepted_before_it_is_matched(vw: VolunteeringWorld) -> None:
    with pytest.raises(ValidationError, match="referral that is submitted"):
        actions.do_match(vw.coordinator, make_referral(vw.programme), vw.volunteer)


def test_an_expired_certificate_excludes_the_volunteer_and_says_why(
        vw: VolunteeringWorld) -> None:
    volunteer = make_volunteer(vw.programme, certificates=[
        {"issued": TODAY - dt.timedelta(days=800), "expires": TODAY}])
    referral = accepted(vw)
    with pytest.raises(ValidationError) as refusal:
        actions.do_match(vw.coordinator, referral, volunteer)
    assert refusal.value.message_dict["volunteer"] == [
        "This volunteer cannot be matched with the referral: a required certificate has "
        "expired: criminal record certificate (Denmark)."]
    assert not Match.objects.exists()
    assert Referral.objects.get().state == Referral.State.ACCEPTED


def test_every_reason_is_given(vw: VolunteeringWorld) -> None:
    vw.programme.required_certificates = ["dk_criminal_record", "course"]
    vw.programme.required_course = "Navigatørkursus"
    vw.programme.save()
    volunteer = make_volunteer(vw.programme, languages=["en"], areas=[make_municipality()],
                               availability=["5-evening"], skills=["dog"], gender="male",
                               supports_gender="male", active=False)
    referral = accepted(vw, avoided_traits=["dog"], gender="female",
                        availability=["0-morning"])
    reasons = actions.why_not(referral, volunteer, TODAY)
    assert reasons == [
        "the volunteer is not active in the programme",
        "a required certificate is missing: criminal record certificate (Denmark), "
        "Navigatørkursus",
        "no language in common with the patient",
        "the volunteer does not cover the patient's municipality",
        "no time in the week in common with the patient",
        "the patient's wishes rule this volunteer out",
        "the volunteer prefers to support someone else",
    ]
    assert actions.why_not(referral, make_volunteer(vw.other_programme), TODAY) == [
        "the volunteer is not in this programme"]


def test_a_full_load_and_an_ended_grant_exclude(vw: VolunteeringWorld) -> None:
    vw.volunteer.max_load = 1
    vw.volunteer.save()
    make_match(accepted(vw), vw.volunteer)
    assert actions.why_not(accepted(vw), vw.volunteer, TODAY) == [
        "the volunteer already supports as many people as they can"]
    other = make_volunteer(vw.programme, certificates=[{}])
    other.person.grants.update(valid_to=TODAY - dt.timedelta(days=1))
    assert actions.why_not(accepted(vw), other, TODAY) == [
        "the volunteer is not active in the programme"]


def test_a_named_course_counts_when_required(vw: VolunteeringWorld) -> None:
    vw.programme.required_certificates = ["course"]
    vw.programme.required_course = "Navigatørkursus"
    vw.programme.save()
    make_certificate(vw.volunteer, kind=Certificate.Kind.COURSE,
                     course_name="navigatørkursus", expires=None)
    assert actions.why_not(accepted(vw), vw.volunteer, TODAY) == []


def test_only_the_matched_volunteer_logs_contacts(vw: VolunteeringWorld) -> None:
    match = make_match(accepted(vw), vw.volunteer)
    contact = actions.do_log_contact(vw.volunteer_user, match, day=TODAY, kind="visit",
                                     minutes=90, note="Gik en tur ved fjorden")
    assert (contact.minutes, contact.logged_by) == (90, vw.volunteer_user)
    entry = AuditEntry.objects.get(verb="create", object_type="volunteering.contact")
    assert entry.changes["note"] == {"personal": True}
    other = make_volunteer(vw.programme, certificates=[{}])
    for user in (vw.coordinator, vw.referrer, other.person.user):
        with pytest.raises(PermissionDenied):
            actions.do_log_contact(user, match, day=TODAY, kind="visit", minutes=30)
    with pytest.raises(ValidationError, match="today or earlier"):
        actions.do_log_contact(vw.volunteer_user, match, day=TODAY + dt.timedelta(days=1),
                               kind="phone", minutes=10)
    with pytest.raises(ValidationError, match="Give a number from 1 to 1440"):
        actions.do_log_contact(vw.volunteer_user, match, day=TODAY, kind="phone", minutes=0)
    match.state = Match.State.ENDED
    match.save()
    with pytest.raises(PermissionDenied):
        actions.do_log_contact(vw.volunteer_user, match, day=TODAY, kind="visit", minutes=30)
    assert Contact.objects.count() == 1


def stay_referral(vw: VolunteeringWorld) -> Referral:
    return make_referral(vw.stay, vw.referrer, state=Referral.State.ACCEPTED)


def test_a_room_is_booked_for_a_stay(vw: VolunteeringWorld) -> None:
    referral = stay_referral(vw)
    booking = actions.do_book_room(vw.coordinator, referral, room=1, starts_on=TODAY,
                                   ends_on=TODAY + dt.timedelta(days=13))
    assert (booking.room, booking.booked_by) == (1, vw.coordinator)
    assert AuditEntry.objects.filter(verb="create", object_type="volunteering.booking").exists()


def test_a_stay_longer_than_the_programme_allows_is_refused(vw: VolunteeringWorld) -> None:
    with pytest.raises(ValidationError, match="at most 14 days; this one would last 15"):
        actions.do_book_room(vw.coordinator, stay_referral(vw), room=1, starts_on=TODAY,
                             ends_on=TODAY + dt.timedelta(days=14))
    assert not Booking.objects.exists()


def test_no_more_overlapping_bookings_than_rooms(vw: VolunteeringWorld) -> None:
    week = {"starts_on": TODAY, "ends_on": TODAY + dt.timedelta(days=6)}
    actions.do_book_room(vw.coordinator, stay_referral(vw), room=1, **week)
    with pytest.raises(ValidationError, match="Room 1 is booked on some of these days"):
        actions.do_book_room(vw.coordinator, stay_referral(vw), room=1, **week)
    actions.do_book_room(vw.coordinator, stay_referral(vw), room=2,
                         starts_on=TODAY + dt.timedelta(days=3),
                         ends_on=TODAY + dt.timedelta(days=9))
    # Counted day by day, whatever the rooms' numbers say (here both in room 1).
    Booking.objects.update(room=1)
    with pytest.raises(ValidationError, match="All 2 rooms are booked on 2026-12-03"):
        actions.do_book_room(vw.coordinator, stay_referral(vw), room=2, starts_on=TODAY,
                             ends_on=TODAY + dt.timedelta(days=4))
    actions.do_book_room(vw.coordinator, stay_referral(vw), room=2, starts_on=TODAY,
                         ends_on=TODAY + dt.timedelta(days=2))  # the days before are free


def test_booking_is_for_stays_and_coordinators(vw: VolunteeringWorld) -> None:
    week = {"room": 1, "starts_on": TODAY, "ends_on": TODAY + dt.timedelta(days=6)}
    with pytest.raises(ValidationError, match="Only a recovery stay books rooms"):
        actions.do_book_room(vw.coordinator, accepted(vw), **week)
    with pytest.raises(ValidationError, match="Give a number from 1 to 2"):
        actions.do_book_room(vw.coordinator, stay_referral(vw), **(week | {"room": 3}))
    with pytest.raises(PermissionDenied):
        actions.do_book_room(vw.referrer, stay_referral(vw), **week)
    submitted = make_referral(vw.stay, vw.referrer)
    with pytest.raises(ValidationError, match="Accept the referral before booking"):
        actions.do_book_room(vw.coordinator, submitted, **week)
    booking = actions.do_book_room(vw.coordinator, stay_referral(vw), **week)
    actions.do_cancel_booking(vw.coordinator, booking)
    actions.do_book_room(vw.coordinator, stay_referral(vw), **week)  # the room is free again
    assert Booking.objects.filter(cancelled_at__isnull=True).count() == 1
    assert timezone.localdate() == TODAY
