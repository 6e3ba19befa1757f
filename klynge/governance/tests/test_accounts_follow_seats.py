"""Accounts for real people: invited when seated, closed when the last seat or role ends,
erased on request."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import User
from klynge.audit.models import AuditEntry
from klynge.governance import actions
from klynge.governance.lifecycle import deactivate_ended_accounts
from klynge.governance.models import Person, Seat
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_grant, make_person, make_seat
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db
Commit = Callable[..., Any]


@pytest.fixture
def world() -> World:
    return make_world()


def test_seating_a_new_person_with_an_address_invites_them(
    world: World, django_capture_on_commit_callbacks: Commit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        seat = actions.do_add_seat(world.secretariat, world.strategic,
                                   new_person_name="Ny Person", new_person_email="ny@example.org",
                                   term_start=dt.date(2026, 1, 1))
    user = seat.person.user  # type: ignore[union-attr]
    assert user is not None and user.email == "ny@example.org" and user.username == "ny"
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["ny@example.org"]]
    assert "/accounts/invitation/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(verb=AuditEntry.Verb.INVITE, actor=world.secretariat,
                                     object_id=str(user.pk)).exists()


def test_no_address_no_invitation(world: World,
                                  django_capture_on_commit_callbacks: Commit) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        seat = actions.do_add_seat(world.secretariat, world.strategic, new_person_name="Uden Mail",
                                   term_start=dt.date(2026, 1, 1))
    assert seat.person.user is None and not mail.outbox  # type: ignore[union-attr]


def test_a_refused_seat_invites_nobody(world: World,
                                       django_capture_on_commit_callbacks: Commit) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        actions.do_add_seat(world.secretariat, world.strategic, new_person_name="Afvist",
                            new_person_email="afvist@example.org",
                            term_start=dt.date(2026, 1, 1), term_end=dt.date(2025, 1, 1))
    assert not mail.outbox and not User.objects.filter(email="afvist@example.org").exists()
    assert not Person.objects.filter(name="Afvist").exists()


def test_the_invited_person_sets_a_password(client: Client, world: World,
                                            django_capture_on_commit_callbacks: Commit) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_add_seat(world.secretariat, world.strategic, new_person_name="Ny Person",
                            new_person_email="ny@example.org", term_start=dt.date(2026, 1, 1))
    url = re.search(r"http://[^\s]+/accounts/invitation/\S+", mail.outbox[0].body).group(0)
    path = url.split("127.0.0.1:8000", 1)[1]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Choose your password" in client.get(path).text
    short = client.post(path, {"new_password1": "kort", "new_password2": "kort"})
    assert short.status_code == 422
    done = client.post(path, {"new_password1": "en lang og god sætning",
                              "new_password2": "en lang og god sætning"})
    assert done.status_code == 302
    assert User.objects.get(email="ny@example.org").has_usable_password()
    assert client.get(path).status_code == 400  # the link worked once


def test_a_tampered_invitation_is_refused(client: Client) -> None:
    assert client.get(reverse("accept_invitation", args=["MTIz", "nope-nope"])).status_code == 400
    assert client.get(reverse("accept_invitation", args=["%%%", "x-y"])).status_code == 400


def test_the_secretariat_sends_the_invitation_again(
    client: Client, world: World, django_capture_on_commit_callbacks: Commit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        seat = actions.do_add_seat(world.secretariat, world.strategic, new_person_name="Ny Person",
                                   new_person_email="ny@example.org",
                                   term_start=dt.date(2026, 1, 1))
    sign_in(client, world.secretariat)
    url = reverse("governance:person_reinvite", args=[seat.person_id])
    assert sign_in(Client(), world.member).post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert len(mail.outbox) == 2


def test_an_account_is_closed_when_the_last_seat_ends(
    world: World, django_capture_on_commit_callbacks: Commit
) -> None:
    # The e-mail is in the account's language (Danish when none is chosen).
    User.objects.filter(pk=world.member.pk).update(email="member@example.org", language="en")
    seat = Seat.objects.get(person__user=world.member)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_end_seat(world.secretariat, seat, dt.date(2026, 6, 30))  # in the past
    world.member.refresh_from_db()
    assert not world.member.is_active
    assert [m.to for m in mail.outbox] == [["member@example.org"]]
    assert "closed" in mail.outbox[0].subject and "no longer hold" in mail.outbox[0].body
    assert AuditEntry.objects.filter(verb=AuditEntry.Verb.DEACTIVATE).exists()


def test_an_account_with_another_role_stays_open(
    world: World, django_capture_on_commit_callbacks: Commit
) -> None:
    person = Person.objects.get(user=world.member)
    make_grant(person, collaboration=world.collaboration)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_end_seat(world.secretariat, Seat.objects.get(person=person),
                            dt.date(2026, 6, 30))
    world.member.refresh_from_db()
    assert world.member.is_active


def test_a_seat_ending_later_is_checked_by_the_daily_sweep(world: World) -> None:
    seat = Seat.objects.get(person__user=world.member)
    actions.do_end_seat(world.secretariat, seat, dt.date(2026, 12, 15))
    assert deactivate_ended_accounts() == []  # still seated until the 15th
    Seat.objects.filter(pk=seat.pk).update(term_end=dt.date(2026, 11, 1))
    out = StringIO()
    call_command("deactivate_ended_accounts", stdout=out)
    world.member.refresh_from_db()
    assert not world.member.is_active and "member" in out.getvalue()


def test_administrators_are_never_closed(world: World) -> None:
    make_person(user=world.admin)
    assert deactivate_ended_accounts() == []


def test_erasing_a_person_reaches_their_history(world: World) -> None:
    person = make_person(name="Hemmelig Hansen", email="hh@example.org", phone="12345678")
    actions.do_update_person(world.secretariat, person, phone="87654321")
    seat = make_seat(world.strategic, person)
    actions.do_erase_person(world.admin, person)
    person.refresh_from_db()
    assert person.erased and person.name.startswith("Erased person") and not person.email
    assert not person.history.filter(name="Hemmelig Hansen").exists()
    assert not AuditEntry.objects.filter(object_repr__contains="Hemmelig").exists()
    update = AuditEntry.objects.get(verb=AuditEntry.Verb.UPDATE, object_type="governance.person")
    assert update.changes == {"phone": {"personal": True}}  # never the number itself
    seat.refresh_from_db()
    assert seat.person == person  # the seat stays, held by the erased person


def test_an_erased_persons_account_is_closed(world: World) -> None:
    person = Person.objects.get(user=world.member)
    actions.do_erase_person(world.admin, person)
    user = User.objects.get(pk=world.member.pk)
    assert not user.is_active and user.username == f"erased-{user.pk}" and not user.email
