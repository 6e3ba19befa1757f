"""The admin: platform administrators only, and one write path.

Whatever the actions refuse cannot be created through the admin by anyone: not by adding,
changing, reverting to an earlier version, deleting one or deleting many.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Collaboration, Partnership
from klynge.governance.models import Body, Person, RoleGrant, Seat
from klynge.testing.auth import sign_in
from klynge.testing.factories import (
    make_body,
    make_collaboration,
    make_organisation,
    make_person,
    make_seat,
)
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db

MODELS = [
    "reference_country", "reference_region", "reference_municipality",
    "reference_municipalityregion", "collaborations_collaboration",
    "collaborations_organisation", "collaborations_partnership", "governance_body",
    "governance_person", "governance_seat", "governance_participation",
    "governance_rolegrant", "audit_auditentry",
]


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def admin_client(client: Client, world: World) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, world.admin)


def seat_form(seat: Seat | None = None, **values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"body": "", "person": "", "represents": "", "constituency": "",
                            "role": Seat.Role.MEMBER, "capacity": Seat.Capacity.REPRESENTATIVE,
                            "term_start": "2023-01-01", "term_end": "", "change_reason": ""}
    if seat is not None:
        data |= {"body": seat.body_id, "person": seat.person_id or "", "role": seat.role,
                 "capacity": seat.capacity, "term_start": seat.term_start.isoformat(),
                 "term_end": seat.term_end.isoformat() if seat.term_end else ""}
    return data | values


# Who may use it -------------------------------------------------------------------------------

@pytest.mark.parametrize("model", MODELS)
def test_every_admin_page_opens_for_an_administrator(admin_client: Client, model: str) -> None:
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    if model not in ("reference_country", "audit_auditentry"):
        assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 200


@pytest.mark.parametrize("who", ["secretariat", "member", "outsider"])
def test_nobody_else_gets_in(client: Client, world: World, who: str) -> None:
    user = getattr(world, who)
    user.is_staff = True  # not even staff status lets them in
    user.save()
    sign_in(client, user)
    response = client.get(reverse("admin:governance_seat_changelist"), follow=True)
    assert response.status_code == 403


def test_the_signed_out_are_sent_to_klynges_login(client: Client) -> None:
    response = client.get(reverse("admin:governance_seat_changelist"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))


def test_an_administrator_without_a_second_factor_is_sent_to_set_one_up(
    client: Client, world: World
) -> None:
    client.force_login(world.admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("second_factor_setup") in response["Location"]


# Nothing the actions refuse ----------------------------------------------------------------

def test_a_second_seat_for_a_person_in_a_body_is_refused(admin_client: Client,
                                                        world: World) -> None:
    """The review's case: a person who holds a seat is given a second one in the same body."""
    seat = Seat.objects.get(person__user=world.member)
    before = Seat.objects.count()
    response = admin_client.post(reverse("admin:governance_seat_add"), seat_form(
        body=seat.body_id, person=seat.person_id, term_start="2024-01-01"))
    assert response.status_code == 200
    assert "already holds a seat" in response.text
    assert Seat.objects.count() == before


@pytest.mark.parametrize(("values", "message"), [
    ({"term_start": "2024-01-01", "term_end": "2023-12-31"}, "cannot be before its start"),
    ({"term_start": "2019-01-01"}, "cannot start before the body does"),
])
def test_a_seat_with_a_bad_term_is_refused(admin_client: Client, world: World,
                                           values: dict[str, str], message: str) -> None:
    before = Seat.objects.count()
    response = admin_client.post(reverse("admin:governance_seat_add"), seat_form(
        body=world.panel.pk, person=make_person().pk, **values))
    assert response.status_code == 200 and message in response.text
    assert Seat.objects.count() == before


def test_a_seat_representing_a_non_partner_is_refused(admin_client: Client,
                                                      world: World) -> None:
    stranger = make_organisation(name="Fremmed A/S")
    response = admin_client.post(reverse("admin:governance_seat_add"), seat_form(
        body=world.panel.pk, person=make_person().pk, represents=stranger.pk))
    assert response.status_code == 200
    assert "only represent a partner" in response.text
    assert not Seat.objects.filter(represents=stranger).exists()


def test_changing_a_seat_into_a_duplicate_is_refused(admin_client: Client, world: World) -> None:
    held = Seat.objects.get(person__user=world.member)
    other = make_seat(world.strategic, make_person())
    url = reverse("admin:governance_seat_change", args=[other.pk])
    response = admin_client.post(url, seat_form(other, person=held.person_id))
    assert response.status_code == 200 and "already holds a seat" in response.text
    other.refresh_from_db()
    assert other.person_id != held.person_id


def test_reverting_to_a_version_the_actions_refuse_is_refused(admin_client: Client,
                                                              world: World) -> None:
    """History "revert": an earlier version that is no longer allowed is not restored."""
    held = Seat.objects.get(person__user=world.member)
    other = make_seat(world.strategic, make_person())
    other.person = held.person  # written around the actions, as data from before the checks
    other.save()
    other.person = make_person(name="Ny Person")
    other.save()
    old = other.history.order_by("history_id")[1]  # the duplicate
    url = reverse("admin:governance_seat_simple_history", args=[other.pk, old.history_id])
    response = admin_client.post(url, seat_form(other, person=held.person_id))
    assert response.status_code == 200 and "already holds a seat" in response.text
    other.refresh_from_db()
    assert other.person.name == "Ny Person"


def test_a_body_reporting_to_another_collaboration_is_refused(admin_client: Client,
                                                              world: World) -> None:
    foreign = make_body(world.other_collaboration, name="Fremmed gruppe")
    response = admin_client.post(reverse("admin:governance_body_add"), {
        "collaboration": world.collaboration.pk, "kind": Body.Kind.WORKING_GROUP,
        "name": "Ny gruppe", "parent": foreign.pk, "valid_from": "2023-01-01",
        "confidence": "confirmed"})
    assert response.status_code == 200
    assert "same collaboration" in response.text
    assert not Body.objects.filter(name="Ny gruppe").exists()


def test_a_body_cannot_report_to_its_own_child(admin_client: Client, world: World) -> None:
    world.panel.parent = world.strategic
    world.panel.save()
    url = reverse("admin:governance_body_change", args=[world.strategic.pk])
    response = admin_client.post(url, {
        "kind": Body.Kind.STRATEGIC, "name": "Styregruppe", "parent": world.panel.pk,
        "valid_from": "2022-07-01", "confidence": "confirmed"})
    assert response.status_code == 200 and "below it" in response.text
    world.strategic.refresh_from_db()
    assert world.strategic.parent is None


def test_an_overlapping_partnership_is_refused(admin_client: Client, world: World) -> None:
    organisation = make_organisation()
    Partnership.objects.create(collaboration=world.collaboration, organisation=organisation,
                               valid_from=dt.date(2022, 7, 1))
    response = admin_client.post(reverse("admin:collaborations_partnership_add"), {
        "collaboration": world.collaboration.pk, "organisation": organisation.pk,
        "valid_from": "2024-01-01", "valid_to": "2026-12-31", "confidence": "confirmed"})
    assert response.status_code == 200 and "already a partner" in response.text
    assert Partnership.objects.filter(organisation=organisation).count() == 1


def test_a_grant_outside_its_scope_is_refused(admin_client: Client, world: World) -> None:
    person = make_person()
    response = admin_client.post(reverse("admin:governance_rolegrant_add"), {
        "person": person.pk, "role": RoleGrant.Role.ANALYST,
        "organisation": make_organisation().pk, "valid_from": "2024-01-01"})
    assert response.status_code == 200 and "granted in one collaboration" in response.text
    assert not RoleGrant.objects.exists()


def test_deleting_a_body_with_seats_is_refused_one_or_many(admin_client: Client,
                                                           world: World) -> None:
    url = reverse("admin:governance_body_delete", args=[world.strategic.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200 and "give it an end date" in response.text
    response = admin_client.post(reverse("admin:governance_body_changelist"), {
        "action": "delete_selected", "_selected_action": [world.strategic.pk, world.panel.pk],
        "post": "yes"})
    assert response.status_code == 200 and "give it an end date" in response.text
    assert Body.objects.filter(pk__in=[world.strategic.pk, world.panel.pk]).count() == 2


def test_deleting_a_person_with_a_history_is_refused(admin_client: Client,
                                                     world: World) -> None:
    person = Person.objects.get(user=world.member)
    response = admin_client.post(reverse("admin:governance_person_delete", args=[person.pk]),
                                 {"post": "yes"})
    assert response.status_code == 200 and "erased, not deleted" in response.text
    assert Person.objects.filter(pk=person.pk).exists()


def test_deleting_a_collaboration_with_bodies_is_refused(admin_client: Client,
                                                         world: World) -> None:
    url = reverse("admin:collaborations_collaboration_delete", args=[world.collaboration.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200 and "end it instead" in response.text
    assert Collaboration.objects.filter(pk=world.collaboration.pk).exists()


# What it does write -----------------------------------------------------------------------

def test_an_allowed_change_goes_through_the_action(admin_client: Client, world: World) -> None:
    seat = Seat.objects.get(person__user=world.member)
    url = reverse("admin:governance_seat_change", args=[seat.pk])
    response = admin_client.post(url, seat_form(seat, role=Seat.Role.CHAIR,
                                                 change_reason="elected chair"))
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.role == Seat.Role.CHAIR
    assert seat.history.first().history_change_reason == "elected chair"
    entry = AuditEntry.objects.get(object_type="governance.seat", verb=AuditEntry.Verb.UPDATE)
    assert entry.actor == world.admin
    assert entry.changes == {"role": {"old": "member", "new": "chair"}}
    assert entry.details == {"reason": "elected chair"}
    assert entry.collaboration_code == world.collaboration.code


def test_a_bulk_delete_of_mistaken_seats_goes_through_the_action(admin_client: Client,
                                                                 world: World) -> None:
    mistakes = [make_seat(world.panel, make_person()) for _ in range(2)]
    response = admin_client.post(reverse("admin:governance_seat_changelist"), {
        "action": "delete_selected", "_selected_action": [s.pk for s in mistakes],
        "post": "yes"})
    assert response.status_code == 302
    assert not Seat.objects.filter(pk__in=[s.pk for s in mistakes]).exists()
    assert AuditEntry.objects.filter(verb=AuditEntry.Verb.DELETE,
                                     object_type="governance.seat").count() == 2


def test_no_admin_writes_around_the_actions() -> None:
    """No inline forms or editable lists: the base class refuses them, and every Klynge
    model admin of a model with writes is an ActionAdmin (or read-only)."""
    from django.contrib import admin

    from klynge.core.admin import ActionAdmin

    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("klynge."):
            continue
        assert not model_admin.inlines and not model_admin.list_editable, model
        writes = model_admin.has_add_permission(_AdminRequest())
        assert isinstance(model_admin, ActionAdmin) or not writes, model


class _AdminRequest:
    """Enough of a request for ``has_add_permission`` with a verified administrator."""

    class user:  # noqa: N801
        is_authenticated = is_active = is_superuser = True

        @staticmethod
        def is_verified() -> bool:
            return True


def test_collaboration_admin_writes_through_the_action(admin_client: Client) -> None:
    country = make_collaboration().country
    response = admin_client.post(reverse("admin:collaborations_collaboration_add"), {
        "code": "ny-klynge", "name": "Ny klynge", "kind": "innovation_cluster",
        "country": country.pk, "valid_from": "2024-01-01", "confidence": "unconfirmed",
        "source": "a test"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="collaborations.collaboration",
                                   verb=AuditEntry.Verb.CREATE)
    assert entry.changes["name"] == {"old": None, "new": "Ny klynge"}
