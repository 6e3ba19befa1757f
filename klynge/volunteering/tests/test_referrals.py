"""Referring a patient and the coordinator's steps: consent, who may refer, eligibility,
accept, waiting list, decline, close; the referrer is told of each change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Organisation
from klynge.notifications.models import Notification
from klynge.testing.factories import make_municipality, make_organisation, make_partnership
from klynge.testing.volunteering import (
    VolunteeringWorld,
    make_match,
    make_referral,
    make_referrer,
)
from klynge.volunteering import actions
from klynge.volunteering.models import Match, Programme, Referral

pytestmark = pytest.mark.django_db


def patient(vw: VolunteeringWorld, **values: Any) -> dict[str, Any]:
    return {"first_name": "Inger", "year_of_birth": 1948, "needs": "Følgeskab til scanning",
            "languages": ["da"], "area": vw.area, "diagnosis_group": "cancer",
            "consent_given_at": timezone.now() - dt.timedelta(minutes=5),
            "consent_covers": "Behov og fornavn deles med navigatørprogrammet"} | values


def refer(vw: VolunteeringWorld, user: Any = None, organisation: Organisation | None = None,
          programme: Programme | None = None, **values: Any) -> Referral:
    return actions.do_refer(user or vw.referrer, programme or vw.programme,
                            organisation or vw.hospital, **patient(vw, **values))


def test_a_referrer_refers_a_patient_with_consent(vw: VolunteeringWorld) -> None:
    referral = refer(vw, languages=["DA", "ar"], availability=["1-afternoon"])
    assert referral.state == Referral.State.SUBMITTED
    assert referral.referred_by.user == vw.referrer  # type: ignore[union-attr]
    assert referral.consent_recorded_by == vw.referrer
    assert referral.languages == ["da", "ar"]
    entry = AuditEntry.objects.get(verb="create", object_type="volunteering.referral")
    assert entry.changes["first_name"] == {"personal": True}
    assert entry.changes["needs"] == {"personal": True}
    assert entry.object_repr == f"referral #{referral.pk}"
    assert "Inger" not in str(entry.changes) + str(entry.details)


@pytest.mark.parametrize("values", [{"consent_given_at": None}, {"consent_covers": "  "}])
def test_no_referral_without_consent(vw: VolunteeringWorld, values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="only be referred with their consent"):
        refer(vw, **values)
    assert not Referral.objects.exists() and not AuditEntry.objects.exists()


def test_consent_cannot_be_given_in_the_future(vw: VolunteeringWorld) -> None:
    with pytest.raises(ValidationError, match="in the future"):
        refer(vw, consent_given_at=timezone.now() + dt.timedelta(days=1))


def test_only_allowed_organisations_and_roles_refer(vw: VolunteeringWorld) -> None:
    municipality = make_organisation(kind=Organisation.Kind.MUNICIPALITY, name="Horsens Kommune")
    make_partnership(vw.collaboration, municipality)
    with pytest.raises(ValidationError, match="Horsens Kommune may not refer patients"):
        refer(vw, user=make_referrer(municipality), organisation=municipality)
    for user in (vw.outsider, vw.volunteer_user, vw.other_coordinator):
        with pytest.raises(ValidationError, match="Your role does not let you refer"):
            refer(vw, user=user)
    with pytest.raises(ValidationError, match="Your role does not let you refer"):
        refer(vw, user=vw.coordinator)  # coordinators may refer only where the programme says
    vw.programme.referring_roles = ["coordinator", "referrer"]
    vw.programme.save()
    assert refer(vw, user=vw.coordinator).referred_by.user == vw.coordinator  # type: ignore[union-attr]
    vw.programme.active = False
    vw.programme.save()
    with pytest.raises(ValidationError, match="takes no referrals at the moment"):
        refer(vw)


def test_an_ineligible_patient_is_refused_with_the_reasons(vw: VolunteeringWorld) -> None:
    vw.programme.min_age, vw.programme.diagnosis_groups = 65, ["cancer", "heart"]
    vw.programme.save()
    elsewhere = make_municipality(name="Vejle")
    with pytest.raises(ValidationError) as refusal:
        refer(vw, year_of_birth=1990, area=elsewhere, diagnosis_group="lung")
    errors = refusal.value.message_dict
    assert errors["year_of_birth"] == [
        "The programme is for people aged 65 and over; the patient is 36 this year."]
    assert errors["area"] == ["The programme covers Horsens only."]
    assert errors["diagnosis_group"] == [
        "The programme is for these diagnosis groups: cancer, heart disease."]
    assert not Referral.objects.exists()


@pytest.mark.parametrize(("values", "field"), [
    ({"needs": "CPR 010150-1234, trænger til hjælp"}, "needs"),
    ({"first_name": "01015012345"}, "first_name"),
    ({"first_name": ""}, "first_name"),
    ({"languages": []}, "languages"),
    ({"year_of_birth": 1800}, "year_of_birth"),
    ({"area": None}, "area"),
])
def test_bad_patient_data_is_refused(vw: VolunteeringWorld, values: dict[str, Any],
                                     field: str) -> None:
    with pytest.raises(ValidationError) as refusal:
        refer(vw, **values)
    assert field in refusal.value.message_dict


def test_the_coordinator_accepts_and_the_referrer_is_told(vw: VolunteeringWorld) -> None:
    referral = make_referral(vw.programme, vw.referrer)
    actions.do_accept_referral(vw.coordinator, referral)
    referral.refresh_from_db()
    assert referral.state == Referral.State.ACCEPTED and referral.decided_at is not None
    notification = Notification.objects.get()
    assert notification.user == vw.referrer and notification.topic == "referral"
    assert notification.text == (f"Your referral no. {referral.pk} to Patientnavigatører was "
                                 "accepted.")
    entry = AuditEntry.objects.get(verb="update", object_type="volunteering.referral")
    assert entry.changes["state"] == {"old": "submitted", "new": "accepted"}
    with pytest.raises(ValidationError, match="referral that is accepted"):
        actions.do_accept_referral(vw.coordinator, referral)


def test_only_the_programmes_coordinators_take_the_steps(vw: VolunteeringWorld) -> None:
    referral = make_referral(vw.programme, vw.referrer)
    for user in (vw.referrer, vw.other_coordinator, vw.volunteer_user, vw.outsider):
        with pytest.raises(PermissionDenied):
            actions.do_accept_referral(user, referral)
    assert Referral.objects.get().state == Referral.State.SUBMITTED


def test_waiting_list_and_decline_with_a_reason(vw: VolunteeringWorld) -> None:
    referral = make_referral(vw.programme, vw.referrer)
    actions.do_waitlist_referral(vw.coordinator, referral)
    with pytest.raises(ValidationError, match="Say why"):
        actions.do_decline_referral(vw.coordinator, referral, " ")
    actions.do_decline_referral(vw.coordinator, referral, "Uden for vores målgruppe")
    referral.refresh_from_db()
    assert (referral.state, referral.decline_reason) == ("declined", "Uden for vores målgruppe")
    assert referral.closed_at is not None
    texts = [n.text for n in Notification.objects.order_by("pk")]
    assert texts[0].endswith("was put on the waiting list.")
    assert texts[1].endswith("was declined.")
    assert "målgruppe" not in texts[1]  # the reason is read in Klynge, not in an e-mail
    entry = AuditEntry.objects.get(verb="reject")
    assert entry.changes["decline_reason"] == {"personal": True}


def test_when_the_places_are_taken_the_referral_waits(vw: VolunteeringWorld) -> None:
    vw.programme.places = 1
    vw.programme.save()
    make_referral(vw.programme, vw.referrer, state=Referral.State.MATCHED)
    referral = make_referral(vw.programme, vw.referrer)
    with pytest.raises(ValidationError, match="All 1 places of the programme are taken"):
        actions.do_accept_referral(vw.coordinator, referral)
    actions.do_waitlist_referral(vw.coordinator, referral)


def test_closing_with_an_outcome_ends_the_match(vw: VolunteeringWorld) -> None:
    referral = make_referral(vw.programme, vw.referrer, state=Referral.State.ACCEPTED)
    match = make_match(referral, vw.volunteer)
    with pytest.raises(ValidationError, match="Choose the outcome"):
        actions.do_close_referral(vw.coordinator, referral, "consent_withdrawn")
    actions.do_close_referral(vw.coordinator, referral, Referral.Outcome.COMPLETED)
    referral.refresh_from_db(), match.refresh_from_db()
    assert (referral.state, referral.outcome) == ("closed", "completed")
    assert match.state == Match.State.ENDED and match.ended_at is not None
    assert AuditEntry.objects.get(verb="close").details == {"matches_ended": 1}
    assert Notification.objects.get(user=vw.referrer).text.endswith("was closed.")
    with pytest.raises(ValidationError, match="referral that is closed"):
        actions.do_close_referral(vw.coordinator, referral, Referral.Outcome.COMPLETED)
