"""The admin: programmes, volunteers and certificates are written through the actions (what
they refuse cannot be made here); referrals are looked at without the patient's data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_person, make_user
from klynge.testing.volunteering import VolunteeringWorld, make_referral
from klynge.volunteering.models import Certificate, Programme, VolunteerProfile

pytestmark = pytest.mark.django_db
MODELS = ["programme", "volunteerprofile", "certificate", "referral", "booking", "match",
          "contact"]


@pytest.fixture
def admin_client(client: Client) -> Client:
    return sign_in(client, make_user(is_superuser=True, is_staff=True))


def programme_form(vw: VolunteeringWorld, **values: object) -> dict[str, object]:
    return {"organisation": vw.programme.organisation.pk, "collaboration": vw.collaboration.pk,
            "team": "", "kind": "choir", "name": "Lungekoret", "purpose": "",
            "volunteer_task": "", "duration_weeks": "", "min_age": "", "max_age": "",
            "areas": [vw.area.pk], "diagnosis_groups": "[]", "social_situations": "[]",
            "languages": '["da"]', "places": "20", "rooms": "", "max_stay_days": "",
            "referring_organisations": [vw.hospital.pk], "referring_roles": '["referrer"]',
            "required_certificates": "[]", "required_course": "", "retention_days": "365",
            "active": "on", "change_reason": ""} | values


def test_every_page_opens(admin_client: Client, vw: VolunteeringWorld) -> None:
    make_referral(vw.programme)
    for model in MODELS:
        assert admin_client.get(reverse(f"admin:volunteering_{model}_changelist")
                                ).status_code == 200
    for model in ("programme", "volunteerprofile", "certificate"):
        assert admin_client.get(reverse(f"admin:volunteering_{model}_add")).status_code == 200


def test_a_programme_is_created_through_the_action(admin_client: Client,
                                                   vw: VolunteeringWorld) -> None:
    response = admin_client.post(reverse("admin:volunteering_programme_add"),
                                 programme_form(vw))
    assert response.status_code == 302, response.content.decode()[:3000]
    programme = Programme.objects.get(name="Lungekoret")
    assert list(programme.areas.all()) == [vw.area]
    assert list(programme.referring_organisations.all()) == [vw.hospital]
    assert AuditEntry.objects.filter(verb="create", object_id=str(programme.pk),
                                     object_type="volunteering.programme").exists()


def test_what_the_actions_refuse_is_refused(admin_client: Client,
                                            vw: VolunteeringWorld) -> None:
    response = admin_client.post(reverse("admin:volunteering_programme_add"),
                                 programme_form(vw, rooms="3"))
    assert response.status_code == 200 and "Only a recovery stay has rooms" in response.text
    response = admin_client.post(reverse("admin:volunteering_programme_add"), programme_form(
        vw, organisation=vw.hospital.pk))
    assert "voluntary or patient organisation" in response.text
    assert not Programme.objects.filter(name="Lungekoret").exists()
    response = admin_client.post(reverse("admin:volunteering_certificate_add"), {
        "volunteer": vw.volunteer.pk, "kind": "dk_criminal_record", "course_name": "",
        "issued": "2026-01-01", "expires": "2025-01-01", "change_reason": ""})
    assert "expires after it is issued" in response.text
    assert Certificate.objects.count() == 1
    response = admin_client.post(reverse("admin:volunteering_volunteerprofile_add"), {
        "person": vw.volunteer.person.pk, "programme": vw.programme.pk, "languages": '["da"]',
        "skills": "[]", "availability": "[]", "gender": "", "supports_gender": "",
        "max_load": "1", "note": "", "active": "on", "change_reason": ""})
    assert "already volunteers" in response.text
    assert VolunteerProfile.objects.count() == 1


def test_a_volunteer_is_added_through_the_action(admin_client: Client,
                                                 vw: VolunteeringWorld) -> None:
    person = make_person(name="Bent Frivillig")
    response = admin_client.post(reverse("admin:volunteering_volunteerprofile_add"), {
        "person": person.pk, "programme": vw.programme.pk, "areas": [vw.area.pk],
        "languages": '["da", "tr"]', "skills": '["walks"]', "availability": '["1-morning"]',
        "gender": "male", "supports_gender": "", "max_load": "2", "note": "", "active": "on",
        "change_reason": ""})
    assert response.status_code == 302
    volunteer = VolunteerProfile.objects.get(person=person)
    assert volunteer.languages == ["da", "tr"] and list(volunteer.areas.all()) == [vw.area]
    assert person.grants.filter(role="volunteer", programme_id=vw.programme.pk).exists()


def test_the_referral_admin_shows_no_patient_data(admin_client: Client,
                                                  vw: VolunteeringWorld) -> None:
    referral = make_referral(vw.programme, first_name="Gudrun", needs="Ensom efter dødsfald")
    page = admin_client.get(reverse("admin:volunteering_referral_change",
                                    args=[referral.pk])).text
    listing = admin_client.get(reverse("admin:volunteering_referral_changelist")).text
    for text in ("Gudrun", "Ensom", "Deling af behov"):
        assert text not in page and text not in listing
    assert admin_client.get(reverse("admin:volunteering_referral_add")).status_code == 403
