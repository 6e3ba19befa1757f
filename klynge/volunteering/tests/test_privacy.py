"""Withdrawn consent, the export on the patient's request, and the scheduled jobs:
anonymising after the retention period and reminding of certificates about to expire."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.core import schedule
from klynge.notifications.models import Notification
from klynge.testing.volunteering import (
    VolunteeringWorld,
    make_certificate,
    make_contact,
    make_match,
    make_referral,
    make_volunteer,
)
from klynge.volunteering import actions, jobs, statistics
from klynge.volunteering.models import Booking, Contact, Referral

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


def matched(vw: VolunteeringWorld) -> Referral:
    referral = make_referral(vw.programme, vw.referrer, state=Referral.State.ACCEPTED,
                             diagnosis_group="cancer", wished_traits=["chess"])
    make_contact(make_match(referral, vw.volunteer), note="Talte om familien", minutes=45)
    return referral


def test_withdrawn_consent_closes_the_referral_and_hides_its_data(
        vw: VolunteeringWorld) -> None:
    referral = matched(vw)
    actions.do_withdraw_consent(vw.referrer, referral)
    referral.refresh_from_db()
    assert (referral.state, referral.outcome) == ("closed", "consent_withdrawn")
    assert referral.consent_withdrawn_at is not None and referral.anonymised_at is not None
    assert (referral.first_name, referral.needs, referral.year_of_birth, referral.area,
            referral.languages, referral.diagnosis_group, referral.wished_traits) == (
        "", "", None, None, [], "", [])
    assert referral.matches.get().state == "ended"
    contact = Contact.objects.get()
    assert (contact.note, contact.minutes) == ("", 45)  # hours still count
    assert statistics.programme_statistics(vw.programme).months[0].month == "2026-11"
    entry = AuditEntry.objects.get(verb="withdraw")
    assert entry.details == {"matches_ended": 1, "bookings_cancelled": 0,
                             "patient_data": "hidden"}
    with pytest.raises(ValidationError, match="already been withdrawn"):
        actions.do_withdraw_consent(vw.coordinator, referral)
    seen = actions.do_view_referral(vw.coordinator, referral.pk)
    assert seen.patient["first_name"] == "" and seen.status["outcome"] == "consent_withdrawn"


def test_withdrawal_frees_rooms_and_is_not_the_volunteers_to_record(
        vw: VolunteeringWorld) -> None:
    referral = make_referral(vw.stay, vw.referrer, state=Referral.State.ACCEPTED)
    actions.do_book_room(vw.coordinator, referral, room=1, starts_on=TODAY,
                         ends_on=TODAY + dt.timedelta(days=5))
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_consent(vw.outsider, referral)
    actions.do_withdraw_consent(vw.coordinator, referral)
    assert Booking.objects.get().cancelled_at is not None
    assert Notification.objects.get(user=vw.referrer).text.endswith(
        "the patient withdrew their consent.")


def test_the_coordinator_exports_everything_held_about_the_patient(
        vw: VolunteeringWorld) -> None:
    referral = matched(vw)
    document = actions.do_export_referral(vw.coordinator, referral)
    json.dumps(document)  # a JSON document
    assert document["patient"]["first_name"] == "Karen"
    assert document["patient"]["area"] == f"Horsens ({vw.area.code})"
    assert document["consent"]["covers"] == "Deling af behov med programmet"
    assert document["matches"][0]["contacts"] == [
        {"date": TODAY.isoformat(), "kind": "visit", "note": "Talte om familien", "minutes": 45}]
    assert document["referred_by"] == "Henviser"
    assert AuditEntry.objects.get(verb="view").details == {"export": "json"}
    for user in (vw.referrer, vw.volunteer_user):
        with pytest.raises(PermissionDenied):
            actions.do_export_referral(user, referral)


def test_closed_referrals_are_anonymised_after_the_retention_period(
        vw: VolunteeringWorld) -> None:
    now = timezone.now()
    old = matched(vw)
    Referral.objects.filter(pk=old.pk).update(state="closed", outcome="completed",
                                              closed_at=now - dt.timedelta(days=366))
    recent = make_referral(vw.programme, state="closed", outcome="completed",
                           closed_at=now - dt.timedelta(days=300))
    declined = make_referral(vw.programme, state="declined", decline_reason="Ingen plads",
                             closed_at=now - dt.timedelta(days=400))
    assert jobs.do_anonymise_closed() == {str(vw.programme.pk): 2}
    old.refresh_from_db(), recent.refresh_from_db(), declined.refresh_from_db()
    assert (old.first_name, recent.first_name, declined.decline_reason) == ("", "Karen", "")
    assert Contact.objects.get().note == ""
    assert AuditEntry.objects.get(verb="anonymise").details == {
        "referrals": {str(vw.programme.pk): 2}}
    assert jobs.do_anonymise_closed() == {}


def test_volunteers_are_reminded_thirty_days_before_a_required_certificate_expires(
        vw: VolunteeringWorld) -> None:
    volunteer = make_volunteer(vw.programme)
    expiring = make_certificate(volunteer, expires=TODAY + dt.timedelta(days=30))
    make_certificate(volunteer, kind="course", course_name="Førstehjælp",
                     expires=TODAY + dt.timedelta(days=10))  # not required
    make_certificate(vw.volunteer, expires=TODAY + dt.timedelta(days=5))  # holds a later one
    later = make_volunteer(vw.programme, certificates=[
        {"expires": TODAY + dt.timedelta(days=31)}])
    assert jobs.do_remind_certificates() == 1
    notification = Notification.objects.get()
    assert notification.user == volunteer.person.user and notification.topic == "programme"
    assert notification.text == ("A certificate you need for Patientnavigatører expires on "
                                 "2026-12-30; renew it to keep being matched.")
    expiring.refresh_from_db()
    assert expiring.reminded_at is not None
    assert jobs.do_remind_certificates() == 0  # once
    assert not Notification.objects.filter(user__in=[vw.volunteer_user.pk,
                                                     later.person.user_id]).exists()


def test_the_jobs_are_scheduled() -> None:
    names = {job.name: job for job in schedule.jobs()}
    assert names["volunteering.certificate_reminders"].func is jobs.do_remind_certificates
    assert names["volunteering.anonymise"].func is jobs.do_anonymise_closed
    assert names["volunteering.anonymise"].every == dt.timedelta(days=1)


def test_hiding_blanks_every_field_of_the_patient() -> None:
    from klynge.volunteering.actions.privacy import BLANK

    assert set(BLANK) == set(Referral.PATIENT_FIELDS)
