"""The programme pages: the collaboration's list, a programme's page, creating, editing and
deleting a programme; happy paths, 403, 404, bad input and the list's query count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.accounts.models import User
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Organisation
from klynge.governance.models import RoleGrant
from klynge.testing.auth import sign_in
from klynge.testing.factories import (
    make_grant,
    make_organisation,
    make_organisation_body,
    make_partnership,
    make_person,
    make_user,
)
from klynge.testing.volunteering import (
    VolunteeringWorld,
    make_programme,
    make_referral,
    make_stay,
)
from klynge.volunteering import access
from klynge.volunteering.models import Booking, Programme, Referral

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def secretary_of(organisation: Organisation) -> User:
    user = make_user()
    make_grant(make_person(user=user), RoleGrant.Role.ORGANISATION_SECRETARY,
               organisation=organisation)
    return user


def list_url(vw: VolunteeringWorld) -> str:
    return reverse("volunteering:programmes", args=[vw.collaboration.code])


# The list ------------------------------------------------------------------------------------

def test_the_list_shows_each_programme_with_who_it_is_for_and_what_is_free(
        client: Client, vw: VolunteeringWorld) -> None:
    Programme.objects.filter(pk=vw.programme.pk).update(places=3, min_age=65,
                                                        diagnosis_groups=["cancer"])
    make_referral(vw.programme, vw.referrer, state=Referral.State.ACCEPTED)
    referral = make_referral(vw.stay, vw.referrer, state=Referral.State.ACCEPTED)
    Booking.objects.create(referral=referral, room=1, starts_on=dt.date(2026, 11, 10),
                           ends_on=dt.date(2026, 11, 20))
    page = sign_in(client, vw.outsider).get(list_url(vw)).content.decode()
    assert "Patientnavigatører" in page and "Rekreationsophold" in page
    assert "Age: 65 and over" in page and "Diagnosis groups: cancer" in page
    assert "Living in: Horsens" in page
    assert "3 places" in page and "2 places" in page  # capacity, and one taken
    assert "2 rooms, stays of up to 14 days" in page and "1 room<" in page
    assert "New programme" not in page


def test_the_list_offers_a_new_programme_to_the_organisations_secretary(
        client: Client, vw: VolunteeringWorld) -> None:
    page = sign_in(client, secretary_of(vw.programme.organisation)).get(
        list_url(vw)).content.decode()
    assert reverse("volunteering:programme_new", args=[vw.collaboration.code]) in page


def test_the_list_of_an_unknown_collaboration_is_404(client: Client,
                                                     vw: VolunteeringWorld) -> None:
    response = sign_in(client, vw.outsider).get(
        reverse("volunteering:programmes", args=["nowhere"]))
    assert response.status_code == 404


def test_the_list_needs_a_sign_in(client: Client, vw: VolunteeringWorld) -> None:
    assert client.get(list_url(vw)).status_code == 302


def test_the_list_query_count_does_not_grow(client: Client, vw: VolunteeringWorld,
                                           django_assert_max_num_queries: object) -> None:
    sign_in(client, vw.coordinator).get(list_url(vw))  # warm up
    with CaptureQueriesContext(connection) as one:
        client.get(list_url(vw))
    for n in range(4):
        programme = make_programme(vw.collaboration, name=f"Flere {n}", areas=[vw.area],
                                   places=5)
        make_referral(programme, state=Referral.State.ACCEPTED)
        make_stay(vw.collaboration, name=f"Ophold {n}", areas=[vw.area])
    with django_assert_max_num_queries(len(one.captured_queries)):  # type: ignore[operator]
        response = client.get(list_url(vw))
    assert response.content.decode().count("Flere ") == 4


def test_the_collaboration_page_links_to_its_programmes(client: Client,
                                                        vw: VolunteeringWorld) -> None:
    page = sign_in(client, vw.outsider).get(vw.collaboration.get_absolute_url())
    assert list_url(vw) in page.content.decode()


# A programme's page --------------------------------------------------------------------------

def programme_url(programme: Programme, name: str = "programme") -> str:
    return reverse(f"volunteering:{name}", args=[programme.pk])


def test_the_programme_page_describes_the_programme(client: Client,
                                                    vw: VolunteeringWorld) -> None:
    Programme.objects.filter(pk=vw.programme.pk).update(
        purpose="Følgeskab i behandlingen", volunteer_task="Følger patienten til samtaler",
        duration_weeks=12, max_age=30, social_situations=["lives_alone"], languages=["da"],
        places=10, required_course="Navigatørkursus",
        required_certificates=["course", "dk_criminal_record"], retention_days=400)
    page = sign_in(client, vw.outsider).get(programme_url(vw.programme)).content.decode()
    for text in ("Følgeskab i behandlingen", "Følger patienten til samtaler", "For 12 weeks",
                 "up to 30", "lives alone", "Regionshospitalet", "referrer",
                 "the course Navigatørkursus", "criminal record certificate (Denmark)",
                 "400 days after", "10 places are free now"):
        assert text in page, text
    for name in ("programme_edit", "volunteers", "statistics"):
        assert programme_url(vw.programme, name) not in page
    assert "Delete the programme" not in page


def test_the_coordinator_sees_the_links_to_volunteers_and_statistics(
        client: Client, vw: VolunteeringWorld) -> None:
    page = sign_in(client, vw.coordinator).get(programme_url(vw.programme)).content.decode()
    for name in ("programme_edit", "volunteers", "statistics"):
        assert programme_url(vw.programme, name) in page
    assert "Delete the programme" not in page  # only the organisation's secretary may


def test_the_referrer_is_told_they_may_refer(client: Client, vw: VolunteeringWorld) -> None:
    page = sign_in(client, vw.referrer).get(programme_url(vw.programme)).content.decode()
    assert "You may refer a patient" in page


def test_the_volunteer_finds_their_profile(client: Client, vw: VolunteeringWorld) -> None:
    page = sign_in(client, vw.volunteer_user).get(programme_url(vw.programme))
    assert reverse("volunteering:volunteer", args=[vw.volunteer.pk]) in page.content.decode()


def test_an_unknown_programme_is_404(client: Client, vw: VolunteeringWorld) -> None:
    response = sign_in(client, vw.outsider).get(
        reverse("volunteering:programme", args=[999999]))
    assert response.status_code == 404


# Creating, editing, deleting -----------------------------------------------------------------

def new_values(vw: VolunteeringWorld, **values: object) -> dict[str, object]:
    return {"organisation": vw.programme.organisation.pk, "kind": "choir",
            "name": "Lungekoret", "places": "20", "areas": [vw.area.pk],
            "diagnosis_groups": ["lung"], "languages": "da, AR",
            "referring_organisations": [vw.hospital.pk], "referring_roles": ["referrer"],
            "required_certificates": ["dk_criminal_record"], "retention_days": "365",
            "active": "on"} | values


def test_the_secretary_creates_a_programme(client: Client, vw: VolunteeringWorld) -> None:
    team = make_organisation_body(vw.programme.organisation, kind="programme_team",
                                  name="Koordinatorgruppen")
    url = reverse("volunteering:programme_new", args=[vw.collaboration.code])
    client = sign_in(client, secretary_of(vw.programme.organisation))
    assert "Koordinatorgruppen" in client.get(url).content.decode()
    response = client.post(url, new_values(vw, team=team.pk))
    programme = Programme.objects.get(name="Lungekoret")
    assert response.status_code == 302
    assert response["Location"] == programme_url(programme)
    assert programme.collaboration == vw.collaboration and programme.team == team
    assert programme.languages == ["da", "ar"] and programme.places == 20
    assert list(programme.areas.all()) == [vw.area]
    assert list(programme.referring_organisations.all()) == [vw.hospital]
    assert AuditEntry.objects.filter(verb="create", object_type="volunteering.programme",
                                     object_id=str(programme.pk)).exists()


def test_a_programme_with_bad_values_is_refused_on_the_form(client: Client,
                                                            vw: VolunteeringWorld) -> None:
    url = reverse("volunteering:programme_new", args=[vw.collaboration.code])
    client = sign_in(client, secretary_of(vw.programme.organisation))
    response = client.post(url, new_values(vw, kind="recovery_stay"))
    assert response.status_code == 422
    assert "A recovery stay has rooms" in response.content.decode()
    response = client.post(url, new_values(vw, languages="Danish"))
    assert response.status_code == 422 and "is not a language code" in response.content.decode()
    assert not Programme.objects.filter(name="Lungekoret").exists()


def test_a_secretary_cannot_create_a_programme_for_another_organisation(
        client: Client, vw: VolunteeringWorld) -> None:
    other = make_organisation(kind=Organisation.Kind.VOLUNTARY)
    make_partnership(vw.collaboration, other)
    url = reverse("volunteering:programme_new", args=[vw.collaboration.code])
    response = sign_in(client, secretary_of(vw.programme.organisation)).post(
        url, new_values(vw, organisation=other.pk))
    assert response.status_code == 422
    assert not Programme.objects.filter(name="Lungekoret").exists()


def test_only_secretaries_and_administrators_may_create(client: Client,
                                                        vw: VolunteeringWorld) -> None:
    url = reverse("volunteering:programme_new", args=[vw.collaboration.code])
    for user in (vw.coordinator, vw.outsider, vw.referrer):
        assert sign_in(client, user).get(url).status_code == 403
    admin = make_user(is_superuser=True, is_staff=True)
    assert sign_in(client, admin).get(url).status_code == 200
    assert sign_in(client, admin).get(reverse(
        "volunteering:programme_new", args=["nowhere"])).status_code == 404


def test_the_coordinator_edits_the_programme(client: Client, vw: VolunteeringWorld) -> None:
    url = programme_url(vw.programme, "programme_edit")
    client = sign_in(client, vw.coordinator)
    form = client.get(url)
    assert form.status_code == 200 and "Patientnavigatører" in form.content.decode()
    values = new_values(vw, name="Navigatører", min_age="18", max_age="80",
                        social_situations=["lonely"])
    del values["organisation"]
    response = client.post(url, values)
    assert response.status_code == 302
    vw.programme.refresh_from_db()
    assert vw.programme.name == "Navigatører" and vw.programme.kind == "choir"
    assert vw.programme.min_age == 18 and vw.programme.social_situations == ["lonely"]
    response = client.post(url, values | {"min_age": "90"})
    assert response.status_code == 422
    assert "cannot be below the lowest" in response.content.decode()


def test_others_may_not_edit(client: Client, vw: VolunteeringWorld) -> None:
    url = programme_url(vw.programme, "programme_edit")
    for user in (vw.other_coordinator, vw.referrer, vw.volunteer_user):
        assert sign_in(client, user).get(url).status_code == 403
        assert sign_in(client, user).post(url, {"name": "x"}).status_code == 403
    assert sign_in(client, vw.coordinator).get(
        reverse("volunteering:programme_edit", args=[999999])).status_code == 404


def test_the_secretary_deletes_a_programme_made_by_mistake(client: Client,
                                                           vw: VolunteeringWorld) -> None:
    mistake = make_programme(vw.collaboration, organisation=vw.programme.organisation,
                             referring=[vw.hospital], name="Fejl")
    client = sign_in(client, secretary_of(vw.programme.organisation))
    assert "Delete the programme" in client.get(programme_url(mistake)).content.decode()
    response = client.post(programme_url(mistake, "programme_delete"))
    assert response.status_code == 302 and response["Location"] == list_url(vw)
    assert not Programme.objects.filter(pk=mistake.pk).exists()


def test_a_used_programme_is_not_deleted(client: Client, vw: VolunteeringWorld) -> None:
    client = sign_in(client, secretary_of(vw.programme.organisation))
    page = client.get(programme_url(vw.programme)).content.decode()
    assert "make it inactive instead" in page
    response = client.post(programme_url(vw.programme, "programme_delete"), follow=True)
    assert "make it inactive instead" in response.content.decode()
    assert Programme.objects.filter(pk=vw.programme.pk).exists()


def test_a_coordinator_may_not_delete(client: Client, vw: VolunteeringWorld) -> None:
    response = sign_in(client, vw.coordinator).post(
        programme_url(vw.programme, "programme_delete"))
    assert response.status_code == 403
    assert sign_in(client, vw.coordinator).post(
        reverse("volunteering:programme_delete", args=[999999])).status_code == 404


# May refer -----------------------------------------------------------------------------------

def test_may_refer_follows_what_referring_requires(vw: VolunteeringWorld) -> None:
    assert access.may_refer(vw.referrer, vw.programme)
    for user in (vw.coordinator, vw.outsider, vw.volunteer_user, vw.other_coordinator):
        assert not access.may_refer(user, vw.programme)
    Programme.objects.filter(pk=vw.programme.pk).update(
        referring_roles=["referrer", "coordinator"])
    vw.programme.refresh_from_db()
    assert access.may_refer(make_user_with_roles(vw), vw.programme)
    Programme.objects.filter(pk=vw.programme.pk).update(active=False)
    vw.programme.refresh_from_db()
    assert not access.may_refer(vw.referrer, vw.programme)


def make_user_with_roles(vw: VolunteeringWorld) -> User:
    """A fresh coordinator of the programme (roles are cached on the user object)."""
    user = make_user()
    make_grant(make_person(user=user), RoleGrant.Role.COORDINATOR,
               programme_id=vw.programme.pk)
    return user


def test_a_referrer_of_an_organisation_that_may_not_refer_may_not(
        vw: VolunteeringWorld) -> None:
    other = make_organisation(kind=Organisation.Kind.HOSPITAL)
    make_partnership(vw.collaboration, other)
    referrer = make_user()
    make_grant(make_person(user=referrer, organisation=other), RoleGrant.Role.REFERRER,
               organisation=other)
    assert not access.may_refer(referrer, vw.programme)
