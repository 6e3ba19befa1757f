"""The pages where a secretariat does what it once did in the admin: the description, partners,
filling and correcting seats, people, analysts, and organisations' own bodies.

Each view: the happy path, 403 for a reader, 404 for what the user may not see, bad input.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Partnership
from klynge.governance.models import Body, Participation, Person, RoleGrant, Seat
from klynge.governance.tests.views_support import english  # noqa: F401
from klynge.testing.auth import sign_in
from klynge.testing.factories import (
    make_grant,
    make_organisation,
    make_organisation_body,
    make_partnership,
    make_person,
    make_seat,
)
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def as_(client: Client, user: object) -> Client:
    return sign_in(client, user)


# The collaboration's description and partners --------------------------------------------

def test_secretariat_edits_the_description(client: Client, world: World) -> None:
    url = reverse("governance:collaboration_edit", args=[world.collaboration.code])
    as_(client, world.secretariat)
    assert client.get(url).status_code == 200
    assert client.post(url, {"description": "Vi samarbejder."}).status_code == 302
    world.collaboration.refresh_from_db()
    assert world.collaboration.description == "Vi samarbejder."
    assert as_(Client(), world.member).get(url).status_code == 403
    assert client.get(reverse("governance:collaboration_edit", args=["nope"])).status_code == 404


def test_partners_are_added_and_ended(client: Client, world: World) -> None:
    organisation = make_organisation(name="Røde Kors")
    url = reverse("governance:partner_add", args=[world.collaboration.code])
    as_(client, world.secretariat)
    response = client.post(url, {"partner-organisation": organisation.pk,
                                 "partner-valid_from": "2024-01-01",
                                 "partner-valid_to": "2026-12-31"})
    assert response.status_code == 302
    partnership = Partnership.objects.get(organisation=organisation)
    again = client.post(url, {"partner-organisation": organisation.pk,
                              "partner-valid_from": "2025-01-01",
                              "partner-valid_to": "2026-12-31"})
    assert again.status_code == 422 and "already a partner" in again.text
    end = reverse("governance:partner_end", args=[partnership.pk])
    bad = client.post(end, {"last_day": "2023-01-01"})
    assert bad.status_code == 422 and "cannot be before the first day" in bad.text
    assert client.post(end, {"last_day": "2025-06-30"}).status_code == 302
    partnership.refresh_from_db()
    assert partnership.valid_to == dt.date(2025, 6, 30)
    assert as_(Client(), world.member).post(end, {"last_day": "2025-01-01"}).status_code == 403
    assert client.get(reverse("governance:partner_end", args=[99999])).status_code == 404


# Seats -----------------------------------------------------------------------------------

def test_a_vacancy_is_filled_with_one_form(client: Client, world: World) -> None:
    vacancy = make_seat(world.strategic, vacant=True, role=Seat.Role.MEMBER)
    url = reverse("governance:seat_fill", args=[vacancy.pk])
    as_(client, world.secretariat)
    assert "Fill a vacant seat" in client.get(url).text
    prefix = f"fill-{vacancy.pk}-"
    response = client.post(url, {f"{prefix}person": "", f"{prefix}new_person_name": "Ny Leder",
                                 f"{prefix}new_person_email": "",
                                 f"{prefix}from_date": "2022-07-01"})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.person is not None and vacancy.person.name == "Ny Leder"


def test_filling_from_a_later_day_keeps_the_vacancy_in_the_history(client: Client,
                                                                  world: World) -> None:
    vacancy = make_seat(world.strategic, vacant=True)
    person = make_person(name="Senere Leder")
    make_seat(world.panel, person)  # so the secretariat may see and seat them
    url = reverse("governance:seat_fill", args=[vacancy.pk])
    prefix = f"fill-{vacancy.pk}-"
    as_(client, world.secretariat).post(url, {f"{prefix}person": person.pk,
                                              f"{prefix}from_date": "2025-01-01"})
    vacancy.refresh_from_db()
    assert vacancy.person is None and vacancy.term_end == dt.date(2024, 12, 31)
    filled = Seat.objects.get(body=world.strategic, person=person)
    assert filled.term_start == dt.date(2025, 1, 1)


def test_fill_refuses_bad_input_and_readers(client: Client, world: World) -> None:
    vacancy = make_seat(world.strategic, vacant=True)
    url = reverse("governance:seat_fill", args=[vacancy.pk])
    prefix = f"fill-{vacancy.pk}-"
    response = as_(client, world.secretariat).post(url, {f"{prefix}from_date": "2025-01-01"})
    assert response.status_code == 422 and "Choose an existing person" in response.text
    assert as_(Client(), world.member).get(url).status_code == 403
    hidden = make_seat(world.confidential, vacant=True)
    assert as_(Client(), world.member).get(
        reverse("governance:seat_fill", args=[hidden.pk])).status_code == 404


def test_a_seat_is_corrected(client: Client, world: World) -> None:
    seat = Seat.objects.get(person__user=world.member)
    url = reverse("governance:seat_edit", args=[seat.pk])
    data = {"represents": "", "constituency": "", "role": Seat.Role.CHAIR,
            "capacity": Seat.Capacity.DIRECTOR, "term_start": "2022-07-01", "term_end": ""}
    assert as_(client, world.secretariat).post(url, data).status_code == 302
    seat.refresh_from_db()
    assert (seat.role, seat.capacity) == (Seat.Role.CHAIR, Seat.Capacity.DIRECTOR)
    bad = client.post(url, data | {"term_end": "2020-01-01"})
    assert bad.status_code == 422 and "cannot be before its start" in bad.text
    assert as_(Client(), world.member).post(url, data).status_code == 403


def test_a_mistaken_seat_is_deleted_after_a_confirmation(client: Client, world: World) -> None:
    seat = make_seat(world.strategic, make_person(name="Fejl Person"))
    url = reverse("governance:seat_delete", args=[seat.pk])
    as_(client, world.secretariat)
    assert "Delete only a seat that was added by mistake" in client.get(url).text
    assert Seat.objects.filter(pk=seat.pk).exists()
    assert client.post(url).status_code == 302
    assert not Seat.objects.filter(pk=seat.pk).exists()
    assert AuditEntry.objects.filter(verb=AuditEntry.Verb.DELETE, object_id=str(seat.pk)).exists()
    other = make_seat(world.strategic)
    assert as_(Client(), world.member).post(
        reverse("governance:seat_delete", args=[other.pk])).status_code == 403


def test_the_body_page_splits_past_current_and_upcoming(client: Client, world: World) -> None:
    past = make_seat(world.strategic, term_end=dt.date(2023, 6, 30))
    upcoming = make_seat(world.strategic, term_start=dt.date(2030, 1, 1))
    response = as_(client, world.member).get(world.strategic.get_absolute_url())
    seats = response.context["seats"]
    assert past in seats.past and upcoming in seats.upcoming
    assert upcoming not in seats.current  # a seat that starts in 2030 is not current
    assert "Upcoming seats" in response.text


# People ----------------------------------------------------------------------------------

def test_the_secretariat_corrects_a_persons_details(client: Client, world: World) -> None:
    person = Person.objects.get(user=world.member)
    url = reverse("governance:person_edit", args=[person.pk])
    data = {"name": "Medlem Madsen", "title": "Direktør", "organisation": "",
            "email": "mm@example.org", "phone": "12 34 56 78"}
    assert as_(client, world.secretariat).post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.phone == "12 34 56 78"
    entry = AuditEntry.objects.get(verb=AuditEntry.Verb.UPDATE, object_type="governance.person")
    assert entry.changes["phone"] == {"personal": True}
    bad = client.post(url, data | {"email": "ikke en adresse"})
    assert bad.status_code == 422
    # Readers may not, nor the person themself (they ask their secretariat).
    assert as_(Client(), world.panel_member).post(url, data).status_code == 403
    assert as_(Client(), world.member).post(url, data).status_code == 403


# Role grants -----------------------------------------------------------------------------

def test_the_secretariat_grants_and_ends_an_analyst(client: Client, world: World) -> None:
    url = reverse("governance:grant_in_collaboration", args=[world.collaboration.code])
    as_(client, world.secretariat)
    response = client.post(url, {"grant-person": "", "grant-new_person_name": "Ana Lytiker",
                                 "grant-new_person_email": "", "grant-role": "analyst",
                                 "grant-valid_from": "2026-01-01", "grant-valid_to": "",
                                 "grant-reason": "population pages"})
    assert response.status_code == 302
    grant = RoleGrant.objects.get(person__name="Ana Lytiker")
    assert (grant.collaboration, grant.granted_by) == (world.collaboration, world.secretariat)
    assert AuditEntry.objects.filter(verb=AuditEntry.Verb.GRANT).exists()
    end = reverse("governance:grant_end", args=[grant.pk])
    assert client.post(end, {"last_day": "2026-06-30"}).status_code == 302
    grant.refresh_from_db()
    assert grant.valid_to == dt.date(2026, 6, 30)


def test_a_refused_grant_creates_nobody(client: Client, world: World) -> None:
    url = reverse("governance:grant_in_collaboration", args=[world.collaboration.code])
    response = as_(client, world.secretariat).post(url, {
        "grant-new_person_name": "Ingen", "grant-role": "analyst",
        "grant-valid_from": "2026-01-01", "grant-valid_to": "2025-01-01"})
    assert response.status_code == 422
    assert not Person.objects.filter(name="Ingen").exists()


def test_grants_are_refused_to_readers_and_outside_the_collaboration(client: Client,
                                                                     world: World) -> None:
    data = {"grant-new_person_name": "X", "grant-role": "analyst",
            "grant-valid_from": "2026-01-01"}
    url = reverse("governance:grant_in_collaboration", args=[world.collaboration.code])
    assert as_(client, world.member).post(url, data).status_code == 403
    other = reverse("governance:grant_in_collaboration",
                    args=[world.other_collaboration.code])
    assert as_(Client(), world.secretariat).post(other, data).status_code == 403
    grant = make_grant(make_person(), collaboration=world.other_collaboration)
    end = reverse("governance:grant_end", args=[grant.pk])
    assert as_(Client(), world.secretariat).get(end).status_code == 404


# Bodies of organisations -----------------------------------------------------------------

def test_an_organisations_secretary_keeps_its_elder_council(client: Client,
                                                            world: World) -> None:
    organisation = make_organisation(name="Odder Kommune")
    make_partnership(world.collaboration, organisation)
    secretary = make_person(user=world.outsider)
    make_grant(secretary, RoleGrant.Role.ORGANISATION_SECRETARY, organisation=organisation)
    as_(client, world.outsider)
    create = reverse("governance:organisation_body_create", args=[organisation.pk])
    response = client.post(create, {"body-name": "Ældrerådet", "body-kind": "elder_council",
                                    "body-valid_from": "2024-01-01"})
    assert response.status_code == 302
    elders = Body.objects.get(name="Ældrerådet")
    assert elders.organisation == organisation and elders.collaboration is None
    wrong = client.post(create, {"body-name": "Politisk", "body-kind": "political",
                                 "body-valid_from": "2024-01-01"})
    assert wrong.status_code == 422
    take_part = reverse("governance:participation_add", args=[elders.pk])
    response = client.post(take_part, {"participation-collaboration": world.collaboration.pk,
                                       "participation-valid_from": "2024-01-01"})
    assert response.status_code == 302
    assert Participation.objects.get(body=elders).collaboration == world.collaboration
    page = as_(Client(), world.member).get(world.collaboration.get_absolute_url())
    assert "Ældrerådet" in page.text  # shown among the bodies taking part
    assert as_(Client(), world.secretariat).post(create, {
        "body-name": "X", "body-kind": "elder_council",
        "body-valid_from": "2024-01-01"}).status_code == 403


def test_a_collaborations_body_does_not_take_part_elsewhere(client: Client,
                                                            world: World) -> None:
    url = reverse("governance:participation_add", args=[world.strategic.pk])
    response = as_(client, world.secretariat).post(url, {
        "participation-collaboration": world.other_collaboration.pk,
        "participation-valid_from": "2024-01-01"})
    assert response.status_code == 302  # back to the body: nothing to do for it
    assert not Participation.objects.exists()
    hidden = make_organisation_body(confidential=True)
    assert as_(Client(), world.member).get(hidden.get_absolute_url()).status_code == 404
