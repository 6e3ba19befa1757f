"""``klynge deactivate_ended_accounts``: the daily sweep that closes accounts without a role."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from klynge.accounts.models import User
from klynge.audit.models import AuditEntry
from klynge.governance.models import RoleGrant
from klynge.testing.factories import (
    make_body,
    make_grant,
    make_person,
    make_seat,
    make_user,
)

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("deactivate_ended_accounts", stdout=out)
    return out.getvalue()


def seated(username: str, **seat: object) -> User:
    user = make_user(username)
    make_seat(make_body(), make_person(user=user), **seat)  # type: ignore[arg-type]
    return user


def test_it_closes_only_the_accounts_whose_last_seat_or_role_has_ended() -> None:
    today = timezone.localdate()
    ended = seated("ended", term_end=today - dt.timedelta(days=1))
    current = seated("current")
    last_day_today = seated("lastday", term_end=today)
    coming = seated("coming", term_start=today + dt.timedelta(days=30))
    granted = make_user("granted")
    make_grant(make_person(user=granted), RoleGrant.Role.ANALYST)
    admin = make_user("admin", is_superuser=True)
    make_person(user=admin)
    no_person = make_user("noperson")

    output = run()

    assert "Closed 1 account whose last seat or role has ended:" in output
    assert "  ended" in output.splitlines()
    for user in (ended, current, last_day_today, coming, granted, admin, no_person):
        user.refresh_from_db()
    assert not ended.is_active
    assert all(u.is_active for u in (current, last_day_today, coming, granted, admin,
                                     no_person))
    entry = AuditEntry.objects.get(verb=AuditEntry.Verb.DEACTIVATE)
    assert entry.object_id == str(ended.pk)


def test_it_lists_every_closed_account_and_is_safe_to_run_again() -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    for username in ("first", "second"):
        seated(username, term_end=yesterday)

    output = run()
    assert "Closed 2 accounts whose last seat or role has ended:" in output
    assert {"  first", "  second"} <= set(output.splitlines())

    assert run().strip() == "No accounts were closed."
    assert AuditEntry.objects.filter(verb=AuditEntry.Verb.DEACTIVATE).count() == 2


def test_nothing_to_close() -> None:
    seated("current")
    assert run().strip() == "No accounts were closed."
    assert User.objects.filter(is_active=False).count() == 0
