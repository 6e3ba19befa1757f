"""The admin: corrections keep their history; secretariats see only their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.governance.models import Body, Seat
from klynge.reference.loader import LoadSummary
from klynge.reference.models import Municipality
from klynge.testing.factories import (
    make_body,
    make_municipality,
    make_person,
    make_seat,
    make_user,
)
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


def _municipality_form(municipality: Municipality, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "country": municipality.country_id, "code": municipality.code,
        "name": municipality.name, "valid_from": municipality.valid_from.isoformat(),
        "valid_to": "", "confidence": municipality.confidence, "source": municipality.source,
        "change_reason": "",
    }
    data.update(changes)
    return data


def test_superuser_corrects_a_municipality_and_the_history_shows_it(
    loaded: LoadSummary, client: Client
) -> None:
    admin = make_user("platformadmin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    odder = Municipality.objects.get(country__code="DK", code="0727")
    url = reverse("admin:reference_municipality_change", args=[odder.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _municipality_form(
        odder, name="Odder Kommune", change_reason="the official name"
    ))
    assert response.status_code == 302, response.content.decode()[:2000]

    latest, previous = odder.history.all()[:2]
    assert (latest.name, latest.history_user, latest.history_change_reason) == (
        "Odder Kommune", admin, "the official name"
    )
    assert previous.name == "Odder"
    page = client.get(reverse("admin:reference_municipality_history", args=[odder.pk]))
    assert page.status_code == 200
    for text in ("Odder Kommune", "platformadmin", "the official name"):
        assert text in page.content.decode()
    entry = AuditEntry.objects.get(
        verb=AuditEntry.Verb.UPDATE, object_type="reference.municipality"
    )
    assert entry.actor == admin
    assert entry.changes == {"name": "Odder → Odder Kommune", "reason": "the official name"}


def test_unconfirmed_facts_are_marked_in_the_list(loaded: LoadSummary, client: Client) -> None:
    client.force_login(make_user(is_superuser=True, is_staff=True))
    response = client.get(reverse("admin:governance_collaboration_changelist"),
                          {"confidence__exact": "unconfirmed"})
    content = response.content.decode()
    assert "Sundhedsklynge Fyn" in content
    assert "Aarhusklyngen" not in content
    assert "⚠" in content


def test_reference_admin_is_for_superusers_only(db: None, client: Client) -> None:
    world = _staff_world()
    client.force_login(world.secretariat)
    municipality = make_municipality()
    assert client.get(reverse("admin:reference_municipality_changelist")).status_code == 403
    change = reverse("admin:reference_municipality_change", args=[municipality.pk])
    assert client.get(change).status_code in (403, 404)


def _staff_world() -> World:
    world = make_world()
    world.secretariat.is_staff = True
    world.secretariat.save()
    return world


def _other_seat(world: World) -> Seat:
    body = make_body(world.other_collaboration, kind=Body.Kind.STRATEGIC, name="Andet udvalg")
    return make_seat(body, make_person(name="Olga Otherside"))


def test_secretariat_sees_only_its_own_seats(db: None, client: Client) -> None:
    world = _staff_world()
    other = _other_seat(world)
    client.force_login(world.secretariat)
    response = client.get(reverse("admin:governance_seat_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Member" in content and "Panel" in content
    assert "Olga Otherside" not in content
    assert "Andet udvalg" not in content  # not even in the filters
    assert client.get(reverse("admin:governance_seat_change", args=[other.pk])).status_code == 404
    history = client.get(reverse("admin:governance_seat_history", args=[other.pk]))
    assert history.status_code == 404
    other_body = reverse("admin:governance_body_change", args=[other.body.pk])
    assert client.get(other_body).status_code == 404
    assert client.get(reverse("admin:governance_collaboration_change",
                              args=[world.other_collaboration.pk])).status_code == 404


def test_secretariat_changes_its_own_seat_but_cannot_move_it_away(
    db: None, client: Client
) -> None:
    world = _staff_world()
    other = _other_seat(world)
    seat = Seat.objects.get(person__user=world.member)
    client.force_login(world.secretariat)
    url = reverse("admin:governance_seat_change", args=[seat.pk])
    assert client.get(url).status_code == 200
    data = {
        "body": seat.body_id, "person": seat.person_id, "represents": "", "constituency": "",
        "role": Seat.Role.CHAIR, "capacity": seat.capacity,
        "term_start": seat.term_start.isoformat(), "term_end": "", "change_reason": "elected",
    }
    assert client.post(url, data).status_code == 302
    seat.refresh_from_db()
    assert seat.role == Seat.Role.CHAIR
    assert seat.history.first().history_user == world.secretariat
    entry = AuditEntry.objects.get(object_type="governance.seat", verb=AuditEntry.Verb.UPDATE)
    assert entry.collaboration_code == world.collaboration.code

    response = client.post(url, {**data, "body": other.body_id})
    assert response.status_code == 200  # the form, with an error: not one of the choices
    seat.refresh_from_db()
    assert seat.body_id == world.strategic.pk


def test_secretariat_cannot_add_a_collaboration(db: None, client: Client) -> None:
    world = _staff_world()
    client.force_login(world.secretariat)
    assert client.get(reverse("admin:governance_collaboration_add")).status_code == 403


def test_staff_member_who_is_not_a_secretariat_is_refused(db: None, client: Client) -> None:
    world = make_world()
    world.member.is_staff = True
    world.member.save()
    client.force_login(world.member)
    assert client.get(reverse("admin:governance_seat_changelist")).status_code == 403


def test_non_staff_user_is_refused(db: None, client: Client) -> None:
    world = make_world()  # the secretariat is not staff here
    client.force_login(world.secretariat)
    response = client.get(reverse("admin:governance_seat_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_ended_secretariat_seat_loses_access(db: None, client: Client) -> None:
    world = _staff_world()
    Seat.objects.filter(person__user=world.secretariat).update(term_end=dt.date(2023, 1, 1))
    client.force_login(world.secretariat)
    assert client.get(reverse("admin:governance_seat_changelist")).status_code == 403


def test_superuser_sees_every_seat(db: None, client: Client) -> None:
    world = _staff_world()
    _other_seat(world)
    client.force_login(world.admin)
    content = client.get(reverse("admin:governance_seat_changelist")).content.decode()
    assert "Olga Otherside" in content and "Member" in content


@pytest.mark.parametrize("model", [
    "reference_country", "reference_region", "reference_municipality",
    "reference_municipalityregion", "governance_collaboration", "governance_organisation",
    "governance_partnership", "governance_body", "governance_person", "governance_seat",
])
def test_every_admin_page_opens_for_a_superuser(db: None, client: Client, model: str) -> None:
    make_world()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 200
