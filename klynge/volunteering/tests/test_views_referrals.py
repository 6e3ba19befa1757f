"""The referral pages: referring, the coordinator's list and steps, the ranked volunteers, the
assignment of the waiting list, the volunteer's contact log; each for the happy path, 403,
404 and bad input."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.testing.auth import sign_in
from klynge.testing.volunteering import (
    VolunteeringWorld,
    make_certificate,
    make_contact,
    make_match,
    make_referral,
    make_volunteer,
)
from klynge.volunteering.models import Booking, Certificate, Contact, Match, Referral

pytestmark = pytest.mark.django_db
State = Referral.State


def referral_data(vw: VolunteeringWorld, **overrides: Any) -> dict[str, Any]:
    data = {
        "organisation": vw.hospital.pk, "first_name": "Inger", "year_of_birth": "1948",
        "gender": "female", "area": vw.area.pk, "needs": "Følgeskab til behandling",
        "preferred_language": "da", "other_languages": ["en"], "availability": ["0-morning"],
        "volunteer_gender": "", "wished_traits": "walks, chess", "avoided_traits": "dog",
        "urgency": "1", "diagnosis_group": "cancer", "consent": "on",
        "consent_given_at": (timezone.localtime() - dt.timedelta(hours=2)).strftime(
            "%Y-%m-%dT%H:%M"),
        "consent_covers": "Deling med programmet",
    }
    data.update(overrides)
    return data


def test_a_referrer_refers_a_patient_with_consent(client: Client, vw: VolunteeringWorld,
                                                  english: None) -> None:
    sign_in(client, vw.referrer)
    url = reverse("volunteering:refer", args=[vw.programme.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Refer a patient to" in page.content.decode()
    response = client.post(url, referral_data(vw))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteering:referral", args=[referral.pk])
    assert referral.languages == ["da", "en"] and referral.wished_traits == ["chess", "walks"]
    assert referral.avoided_traits == ["dog"] and referral.urgency == 1
    assert referral.referred_by.user == vw.referrer  # type: ignore[union-attr]


def test_a_referral_without_consent_is_refused_and_nothing_is_written(
        client: Client, vw: VolunteeringWorld, english: None) -> None:
    sign_in(client, vw.referrer)
    url = reverse("volunteering:refer", args=[vw.programme.pk])
    response = client.post(url, referral_data(vw, consent=""))
    assert response.status_code == 422
    assert "only be referred with their consent" in response.content.decode()
    response = client.post(url, referral_data(vw, needs="CPR 010203-1234"))
    assert response.status_code == 422 and "CPR number" in response.content.decode()
    assert not Referral.objects.exists()


def test_refer_is_403_without_a_referring_role_and_404_for_no_programme(
        client: Client, vw: VolunteeringWorld) -> None:
    sign_in(client, vw.outsider)
    assert client.get(reverse("volunteering:refer", args=[vw.programme.pk])).status_code == 403
    assert client.get(reverse("volunteering:refer", args=[99999])).status_code == 404


def test_the_overview_lists_each_role_s_own_things(
        client: Client, vw: VolunteeringWorld, english: None,
        django_assert_max_num_queries: Any) -> None:
    referral = make_referral(vw.programme, vw.referrer, first_name="Bodil")
    for name in ("Dorte", "Ejnar", "Frida"):
        make_referral(vw.stay, vw.referrer, first_name=name)
    sign_in(client, vw.referrer)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("volunteering:overview")).content.decode()
    assert "Frida" in page
    assert "Bodil" in page and "Refer a patient to Patientnavigatører" in page
    assert AuditEntry.objects.filter(verb="view", object_id=str(referral.pk),
                                     details__list=True).exists()
    sign_in(client, vw.outsider)
    page = client.get(reverse("volunteering:overview")).content.decode()
    assert "Bodil" not in page and "You have no role in a volunteer programme" in page


def test_the_coordinator_s_list_counts_queries_and_refuses_others(
        client: Client, vw: VolunteeringWorld, english: None,
        django_assert_max_num_queries: Any) -> None:
    for name in ("Anna", "Birthe", "Carl"):
        make_referral(vw.programme, vw.referrer, first_name=name)
    sign_in(client, vw.coordinator)
    url = reverse("volunteering:referrals", args=[vw.programme.pk])
    with django_assert_max_num_queries(16):
        page = client.get(url)
    assert page.status_code == 200 and "Carl" in page.content.decode()
    assert client.get(url + "?state=declined").content.decode().count("Carl") == 0
    sign_in(client, vw.other_coordinator)
    assert client.get(url).status_code == 403
    assert client.get(reverse("volunteering:referrals", args=[99999])).status_code == 404


def test_the_coordinator_sees_ranked_volunteers_with_reasons_and_why_not(
        client: Client, vw: VolunteeringWorld, english: None) -> None:
    second = make_volunteer(vw.programme, "frivillig2", certificates=[{}],
                            availability=["0-morning"])
    expired = make_volunteer(vw.programme, "udloebet", certificates=[{
        "issued": timezone.localdate() - dt.timedelta(days=900),
        "expires": timezone.localdate() - dt.timedelta(days=1)}])
    referral = make_referral(vw.programme, vw.referrer, state=State.ACCEPTED)
    sign_in(client, vw.coordinator)
    page = client.get(reverse("volunteering:referral", args=[referral.pk])).content.decode()
    candidates = page.split('id="candidates-heading"')[1].split("</table>")[0]
    assert vw.volunteer.person.name in candidates and second.person.name in candidates
    assert expired.person.name not in candidates and "language: 100 (100)" in candidates
    assert ("a required certificate has expired: criminal record certificate (Denmark)"
            in page)


def test_the_coordinator_accepts_matches_and_closes(client: Client, vw: VolunteeringWorld,
                                                    english: None) -> None:
    referral = make_referral(vw.programme, vw.referrer)
    sign_in(client, vw.coordinator)
    step = "volunteering:referral_step"
    assert client.post(reverse(step, args=[referral.pk, "accept"])).status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.ACCEPTED
    client.post(reverse("volunteering:match", args=[referral.pk]),
                {"volunteer": vw.volunteer.pk})
    referral.refresh_from_db()
    assert referral.state == State.MATCHED
    response = client.post(reverse(step, args=[referral.pk, "close"]), {"outcome": "nonsense"})
    assert response.status_code == 422
    client.post(reverse(step, args=[referral.pk, "close"]), {"outcome": "completed"})
    referral.refresh_from_db()
    assert referral.state == State.CLOSED and not Match.objects.filter(state="active").exists()


def test_a_decline_needs_a_reason_and_the_referrer_may_not_decide(
        client: Client, vw: VolunteeringWorld, english: None) -> None:
    referral = make_referral(vw.programme, vw.referrer)
    url = reverse("volunteering:referral_step", args=[referral.pk, "decline"])
    sign_in(client, vw.referrer)
    assert client.post(url, {"reason": "Ingen plads"}).status_code == 403
    sign_in(client, vw.coordinator)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 422 and "This field is required" in response.content.decode()
    client.post(url, {"reason": "Uden for målgruppen"})
    referral.refresh_from_db()
    assert referral.state == State.DECLINED and referral.decline_reason == "Uden for målgruppen"
    sign_in(client, vw.referrer)
    assert "Uden for målgruppen" in client.get(
        reverse("volunteering:referral", args=[referral.pk])).content.decode()


def test_outsiders_other_coordinators_and_unmatched_volunteers_get_404(
        client: Client, vw: VolunteeringWorld) -> None:
    referral = make_referral(vw.programme, vw.referrer)
    url = reverse("volunteering:referral", args=[referral.pk])
    for user in (vw.outsider, vw.other_coordinator, vw.volunteer_user):
        sign_in(client, user)
        assert client.get(url).status_code == 404
        assert client.post(reverse("volunteering:export", args=[referral.pk])).status_code == 404


def test_the_matched_volunteer_sees_little_and_logs_a_contact(
        client: Client, vw: VolunteeringWorld, english: None) -> None:
    referral = make_referral(vw.programme, vw.referrer, year_of_birth=1944,
                             needs="Hjælp til indkøb")
    match = make_match(referral, vw.volunteer)
    sign_in(client, vw.volunteer_user)
    page = client.get(reverse("volunteering:referral", args=[referral.pk])).content.decode()
    assert "Hjælp til indkøb" in page and "1944" not in page and "consent" not in page.lower()
    url = reverse("volunteering:log_contact", args=[match.pk])
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client.post(url, {"day": future, "kind": "visit", "minutes": "45"})
    assert response.status_code == 422 and "today or earlier" in response.content.decode()
    client.post(url, {"day": timezone.localdate().isoformat(), "kind": "visit",
                      "minutes": "45", "note": "Gik en tur"})
    assert Contact.objects.get().minutes == 45
    sign_in(client, vw.referrer)
    assert client.post(url, {"day": timezone.localdate().isoformat(), "kind": "visit",
                             "minutes": "5"}).status_code == 404


def test_the_referrer_withdraws_consent_and_the_data_is_hidden(
        client: Client, vw: VolunteeringWorld, english: None) -> None:
    referral = make_referral(vw.programme, vw.referrer, first_name="Oda")
    make_contact(make_match(referral, vw.volunteer), note="Besøg")
    sign_in(client, vw.referrer)
    client.post(reverse("volunteering:withdraw_consent", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.state == State.CLOSED and referral.first_name == ""
    assert Contact.objects.get().note == ""
    sign_in(client, vw.volunteer_user)
    assert client.post(reverse("volunteering:withdraw_consent",
                               args=[referral.pk])).status_code == 404


def test_the_coordinator_exports_the_patient_s_data(client: Client, vw: VolunteeringWorld
                                                    ) -> None:
    referral = make_referral(vw.programme, vw.referrer, first_name="Ruth")
    sign_in(client, vw.coordinator)
    response = client.post(reverse("volunteering:export", args=[referral.pk]))
    assert response["Content-Disposition"].endswith(f'referral-{referral.pk}.json"')
    assert "Ruth" in json.dumps(json.loads(response.content))
    sign_in(client, vw.referrer)
    assert client.post(reverse("volunteering:export", args=[referral.pk])).status_code == 403


def test_a_room_is_booked_within_the_rules(client: Client, vw: VolunteeringWorld,
                                           english: None) -> None:
    referral = make_referral(vw.stay, vw.referrer, state=State.ACCEPTED)
    sign_in(client, vw.coordinator)
    url = reverse("volunteering:book", args=[referral.pk])
    today = timezone.localdate()
    response = client.post(url, {"room": "1", "starts_on": today.isoformat(),
                                 "ends_on": (today + dt.timedelta(days=20)).isoformat()})
    assert response.status_code == 422 and not Booking.objects.exists()
    client.post(url, {"room": "1", "starts_on": today.isoformat(),
                      "ends_on": (today + dt.timedelta(days=6)).isoformat()})
    booking = Booking.objects.get()
    client.post(reverse("volunteering:cancel_booking", args=[referral.pk, booking.pk]))
    booking.refresh_from_db()
    assert booking.cancelled_at is not None


def _waiting_list(vw: VolunteeringWorld) -> tuple[list[Referral], Any]:
    other = make_volunteer(vw.programme, "frivillig2", certificates=[{}], max_load=1)
    referrals = [make_referral(vw.programme, vw.referrer, first_name=name, state=state)
                 for name, state in (("Alma", State.ACCEPTED), ("Berit", State.WAITING),
                                     ("Cecilie", State.ACCEPTED))]
    return referrals, other


def test_the_assignment_proposes_and_the_coordinator_adjusts_and_confirms(
        client: Client, vw: VolunteeringWorld, english: None,
        django_assert_max_num_queries: Any) -> None:
    referrals, other = _waiting_list(vw)
    sign_in(client, vw.coordinator)
    url = reverse("volunteering:assignment", args=[vw.programme.pk])
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "The proposal assigns 3 of 3 referrals" in page
    assert "A second solver confirms that no assignment scores higher." in page
    choice = {f"pair-{referrals[0].pk}": other.pk, f"pair-{referrals[1].pk}": vw.volunteer.pk,
              f"pair-{referrals[2].pk}": ""}
    response = client.post(url, choice)
    assert response.status_code == 302
    matched = dict(Match.objects.values_list("referral_id", "volunteer_id"))
    assert matched == {referrals[0].pk: other.pk, referrals[1].pk: vw.volunteer.pk}
    referrals[2].refresh_from_db()
    assert referrals[2].state == State.ACCEPTED
    entry = AuditEntry.objects.filter(object_type="volunteering.programme").latest("pk")
    assert entry.details["assignment"] == 2 and entry.details["adjusted"] >= 1


def test_an_assignment_over_capacity_or_ineligible_confirms_nothing(
        client: Client, vw: VolunteeringWorld, english: None) -> None:
    referrals, other = _waiting_list(vw)
    expired = make_volunteer(vw.programme, "udloebet")
    make_certificate(expired, kind=Certificate.Kind.DK_CRIMINAL_RECORD,
                     issued=timezone.localdate() - dt.timedelta(days=900),
                     expires=timezone.localdate())
    sign_in(client, vw.coordinator)
    url = reverse("volunteering:assignment", args=[vw.programme.pk])
    response = client.post(url, {f"pair-{r.pk}": other.pk for r in referrals[:2]})
    assert response.status_code == 422
    assert "more often than they have room for (1)" in response.content.decode()
    response = client.post(url, {f"pair-{referrals[0].pk}": expired.pk})
    assert "is not one of its eligible volunteers" in response.content.decode()
    assert not Match.objects.exists()
    sign_in(client, vw.other_coordinator)
    assert client.get(url).status_code == 403
