"""The volunteer pages: the coordinator's list (with why a volunteer is left out of
matching), the profile (audited), adding and editing a volunteer, recording and removing
certificates; happy paths, 403, 404, bad input and the list's query count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.governance.models import RoleGrant
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_person, make_user
from klynge.testing.volunteering import (
    VolunteeringWorld,
    make_certificate,
    make_match,
    make_referral,
    make_volunteer,
)
from klynge.volunteering import actions
from klynge.volunteering.models import Certificate, Referral, VolunteerProfile

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def url(name: str, pk: int) -> str:
    return reverse(f"volunteering:{name}", args=[pk])


def row_of(page: str, volunteer: VolunteerProfile) -> str:
    """The volunteer's row of the list."""
    link = url("volunteer", volunteer.pk)
    return next(row for row in page.split("<tr>") if f'href="{link}"' in row)


# The list ------------------------------------------------------------------------------------

def test_the_list_says_why_a_volunteer_with_an_expired_certificate_is_left_out(
        client: Client, vw: VolunteeringWorld) -> None:
    expired = make_volunteer(vw.programme, "udloebet", languages=["da", "ar"], certificates=[
        {"issued": dt.date(2024, 1, 1), "expires": dt.date(2026, 11, 1)}])
    missing = make_volunteer(vw.programme, "mangler")
    page = sign_in(client, vw.coordinator).get(url("volunteers", vw.programme.pk))
    assert page.status_code == 200
    expired_row = row_of(page.content.decode(), expired)
    assert ("a required certificate has expired: criminal record certificate (Denmark)"
            in expired_row)
    assert "expired on 2026-11-01" in expired_row and "da, ar" in expired_row
    missing_row = row_of(page.content.decode(), missing)
    assert "a required certificate is missing: criminal record certificate" in missing_row
    valid_row = row_of(page.content.decode(), vw.volunteer)
    assert "No: can be matched" in valid_row
    assert "Mon: morning" in valid_row and "0 of 2" in valid_row
    assert "2 volunteers cannot be matched today" in page.content.decode()


def test_the_list_flags_a_certificate_that_expires_soon_and_shows_the_load(
        client: Client, vw: VolunteeringWorld) -> None:
    soon = make_volunteer(vw.programme, "snart", max_load=1, certificates=[
        {"expires": TODAY + dt.timedelta(days=10)}])
    make_match(make_referral(vw.programme, vw.referrer, state=Referral.State.ACCEPTED), soon)
    page = sign_in(client, vw.coordinator).get(url("volunteers", vw.programme.pk))
    row = row_of(page.content.decode(), soon)
    assert "expires soon, on 2026-11-26" in row and "1 of 1" in row
    assert "already supports as many people as they can" in row


def test_a_volunteer_without_a_grant_is_said_to_hold_no_role(client: Client,
                                                            vw: VolunteeringWorld) -> None:
    RoleGrant.objects.filter(person=vw.volunteer.person).update(valid_to=dt.date(2026, 1, 1))
    page = sign_in(client, vw.coordinator).get(url("volunteers", vw.programme.pk))
    assert "they hold no volunteer role in the programme today" in page.content.decode()


def test_only_the_coordinators_and_administrators_see_the_list(client: Client,
                                                              vw: VolunteeringWorld) -> None:
    for user in (vw.other_coordinator, vw.referrer, vw.volunteer_user, vw.outsider):
        assert sign_in(client, user).get(url("volunteers", vw.programme.pk)).status_code == 403
    admin = make_user(is_superuser=True, is_staff=True)
    assert sign_in(client, admin).get(url("volunteers", vw.programme.pk)).status_code == 200
    assert sign_in(client, admin).get(url("volunteers", 999999)).status_code == 404


def test_the_list_query_count_does_not_grow(client: Client, vw: VolunteeringWorld,
                                           django_assert_max_num_queries: object) -> None:
    sign_in(client, vw.coordinator).get(url("volunteers", vw.programme.pk))  # warm up
    with CaptureQueriesContext(connection) as one:
        client.get(url("volunteers", vw.programme.pk))
    for n in range(5):
        volunteer = make_volunteer(vw.programme, f"flere{n}", certificates=[{}, {
            "kind": "course", "course_name": "Navigatørkursus"}])
        make_match(make_referral(vw.programme, state=Referral.State.ACCEPTED), volunteer)
    with django_assert_max_num_queries(len(one.captured_queries)):  # type: ignore[operator]
        response = client.get(url("volunteers", vw.programme.pk))
    assert response.content.decode().count("Flere") == 5


# The profile ---------------------------------------------------------------------------------

def test_the_profile_is_seen_and_audited(client: Client, vw: VolunteeringWorld) -> None:
    make_certificate(vw.volunteer, kind="course", course_name="Navigatørkursus",
                     expires=None)
    page = sign_in(client, vw.coordinator).get(url("volunteer", vw.volunteer.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Navigatørkursus" in text and "valid, does not expire" in text
    assert "Record a certificate" in text and url("volunteer_edit", vw.volunteer.pk) in text
    entry = AuditEntry.objects.get(verb="view", object_type="volunteering.volunteerprofile")
    assert entry.object_id == str(vw.volunteer.pk) and entry.details == {"role": "coordinator"}
    assert entry.collaboration_code == "frivilligklyngen"


def test_the_volunteer_sees_their_own_profile_read_only(client: Client,
                                                        vw: VolunteeringWorld) -> None:
    page = sign_in(client, vw.volunteer_user).get(url("volunteer", vw.volunteer.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "criminal record certificate (Denmark)" in text and "expires on" in text
    assert "Record a certificate" not in text and "Remove" not in text
    assert url("volunteer_edit", vw.volunteer.pk) not in text
    assert AuditEntry.objects.get(verb="view").details == {"role": "self"}
    assert sign_in(client, vw.volunteer_user).get(
        url("volunteer_edit", vw.volunteer.pk)).status_code == 403


def test_others_do_not_find_the_profile(client: Client, vw: VolunteeringWorld) -> None:
    other = make_volunteer(vw.programme)
    for user in (vw.other_coordinator, vw.referrer, vw.outsider, other.person.user):
        assert sign_in(client, user).get(url("volunteer", vw.volunteer.pk)).status_code == 404
    assert sign_in(client, vw.coordinator).get(url("volunteer", 999999)).status_code == 404
    assert not AuditEntry.objects.filter(verb="view").exists()


# Adding and editing --------------------------------------------------------------------------

def profile_values(**values: object) -> dict[str, object]:
    return {"languages": "da, en", "skills": "chess, long walks",
            "availability": ["0-morning", "2-evening"], "gender": "female",
            "max_load": "2", "active": "on"} | values


def test_the_coordinator_adds_a_person_as_volunteer(client: Client,
                                                    vw: VolunteeringWorld) -> None:
    person = make_person(organisation=vw.programme.organisation, name="Ulla Hansen")
    client = sign_in(client, vw.coordinator)
    assert "Ulla Hansen" in client.get(url("volunteer_new", vw.programme.pk)).content.decode()
    response = client.post(url("volunteer_new", vw.programme.pk),
                           profile_values(person=person.pk, areas=[vw.area.pk]))
    volunteer = VolunteerProfile.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == url("volunteer",
                                                                       volunteer.pk)
    assert volunteer.languages == ["da", "en"] and volunteer.skills == ["chess", "long walks"]
    assert volunteer.availability == ["0-morning", "2-evening"]
    assert list(volunteer.areas.all()) == [vw.area]
    assert RoleGrant.objects.filter(person=person, role="volunteer",
                                    programme_id=vw.programme.pk).exists()


def test_a_volunteer_with_bad_values_is_refused(client: Client, vw: VolunteeringWorld) -> None:
    person = make_person(organisation=vw.programme.organisation)
    client = sign_in(client, vw.coordinator)
    response = client.post(url("volunteer_new", vw.programme.pk),
                           profile_values(person=person.pk, languages="Dansk"))
    assert response.status_code == 422 and "is not a language code" in response.content.decode()
    response = client.post(url("volunteer_new", vw.programme.pk),
                           profile_values(person=person.pk, max_load="50"))
    assert response.status_code == 422 and "from 1 to 20" in response.content.decode()
    response = client.post(url("volunteer_new", vw.programme.pk),
                           profile_values(person=vw.volunteer.person.pk))
    assert response.status_code == 422  # already volunteers: not a choice
    assert not VolunteerProfile.objects.filter(person=person).exists()


def test_others_may_not_add_volunteers(client: Client, vw: VolunteeringWorld) -> None:
    for user in (vw.other_coordinator, vw.volunteer_user, vw.outsider):
        assert sign_in(client, user).get(url("volunteer_new", vw.programme.pk)
                                         ).status_code == 403
    assert sign_in(client, vw.coordinator).get(url("volunteer_new", 999999)).status_code == 404


def test_the_coordinator_edits_a_profile(client: Client, vw: VolunteeringWorld) -> None:
    client = sign_in(client, vw.coordinator)
    form = client.get(url("volunteer_edit", vw.volunteer.pk)).content.decode()
    assert 'value="0-morning" id="id_availability_0" checked' in form
    assert 'value="0-evening" id="id_availability_2" checked' not in form
    response = client.post(url("volunteer_edit", vw.volunteer.pk),
                           profile_values(note="Har bil", areas=[vw.area.pk]))
    assert response.status_code == 302
    vw.volunteer.refresh_from_db()
    assert vw.volunteer.note == "Har bil" and vw.volunteer.gender == "female"
    response = client.post(url("volunteer_edit", vw.volunteer.pk),
                           profile_values(note="CPR 010203-1234"))
    assert response.status_code == 422 and "CPR number" in response.content.decode()
    assert sign_in(client, vw.other_coordinator).post(
        url("volunteer_edit", vw.volunteer.pk), profile_values()).status_code == 404
    assert sign_in(client, vw.coordinator).get(url("volunteer_edit", 999999)).status_code == 404


# Certificates --------------------------------------------------------------------------------

def test_the_coordinator_records_and_removes_a_certificate(client: Client,
                                                           vw: VolunteeringWorld) -> None:
    client = sign_in(client, vw.coordinator)
    response = client.post(url("certificate_new", vw.volunteer.pk), {
        "certificate-kind": "dk_child_certificate", "certificate-issued": "2026-10-01",
        "certificate-expires": "2028-10-01"})
    assert response.status_code == 302
    certificate = Certificate.objects.get(kind="dk_child_certificate")
    assert certificate.added_by == vw.coordinator and certificate.expires == dt.date(2028, 10, 1)
    response = client.post(url("certificate_delete", certificate.pk))
    assert response.status_code == 302 and response["Location"] == url("volunteer",
                                                                       vw.volunteer.pk)
    assert not Certificate.objects.filter(pk=certificate.pk).exists()


def test_a_bad_certificate_is_refused_on_the_profile(client: Client,
                                                     vw: VolunteeringWorld) -> None:
    client = sign_in(client, vw.coordinator)
    response = client.post(url("certificate_new", vw.volunteer.pk), {
        "certificate-kind": "dk_child_certificate", "certificate-issued": "2026-12-01"})
    assert response.status_code == 422
    assert "cannot be issued in the future" in response.content.decode()
    response = client.post(url("certificate_new", vw.volunteer.pk), {
        "certificate-kind": "course", "certificate-issued": "2026-10-01"})
    assert response.status_code == 422 and "Name the course" in response.content.decode()
    assert vw.volunteer.certificates.count() == 1


def test_only_keepers_record_or_remove_certificates(client: Client,
                                                    vw: VolunteeringWorld) -> None:
    certificate = vw.volunteer.certificates.get()
    values = {"certificate-kind": "dk_child_certificate", "certificate-issued": "2026-10-01"}
    client = sign_in(client, vw.volunteer_user)
    assert client.post(url("certificate_new", vw.volunteer.pk), values).status_code == 403
    assert client.post(url("certificate_delete", certificate.pk)).status_code == 403
    client = sign_in(client, vw.other_coordinator)
    assert client.post(url("certificate_new", vw.volunteer.pk), values).status_code == 404
    assert client.post(url("certificate_delete", certificate.pk)).status_code == 404
    assert sign_in(client, vw.coordinator).post(
        url("certificate_delete", 999999)).status_code == 404
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_an_expired_certificate_keeps_the_volunteer_out_of_every_match(
        client: Client, vw: VolunteeringWorld) -> None:
    """The issue's done-means: never matched, and the coordinator sees why."""
    certificate = vw.volunteer.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(expires=dt.date(2026, 11, 16))
    referral = make_referral(vw.programme, vw.referrer, state=Referral.State.ACCEPTED)
    with pytest.raises(Exception, match="expired"):
        actions.do_match(vw.coordinator, referral, vw.volunteer)
    page = sign_in(client, vw.coordinator).get(url("volunteer", vw.volunteer.pk))
    assert "a required certificate has expired" in page.content.decode()
