"""What the volunteering actions share: refusing, locking, the audit code, telling people."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from klynge.core.writes import locked
from klynge.governance.roles import Roles
from klynge.notifications.actions import do_notify
from klynge.notifications.models import Topic
from klynge.volunteering import access
from klynge.volunteering.models import Programme, Referral


def refuse_unless(allowed: bool) -> None:
    """403 for an actor who may not do this (views check first; this is the last word)."""
    if not allowed:
        raise PermissionDenied


def code(programme: Programme) -> str:
    """The collaboration an audit entry about the programme belongs to."""
    return programme.collaboration.code


def locked_referral(referral: Referral | int) -> Referral:
    """The referral's row, locked until the transaction ends (its state is what every step
    checks)."""
    pk = referral if isinstance(referral, int) else referral.pk
    found: Referral = (locked(Referral)
                       .select_related("programme__collaboration", "referred_by", "area")
                       .get(pk=pk))
    return found


def referrer_user_ids(referral: Referral) -> list[int]:
    person = referral.referred_by
    return [person.user_id] if person is not None and person.user_id is not None else []


def tell_referrer(actor: Any, referral: Referral, message: str, **params: Any) -> None:
    """Tell the referrer (who may still see the referral) of a change of its status:
    ``message`` is a msgid marked with ``gettext_noop`` that may use ``%(number)s`` and
    ``%(programme)s``; it names no patient data, since it also goes by e-mail."""
    def may_see(user: Any) -> bool:
        return access.may_see_referral(Roles.for_user(user), referral)

    do_notify(actor, topic=(Topic.REFERRAL, referral.pk), message=message,
              params={"number": referral.pk, "programme": referral.programme.name, **params},
              url=reverse("volunteering:referral", args=[referral.pk]), may_see=may_see,
              collaboration=referral.programme.collaboration,
              also_users=referrer_user_ids(referral))


def tell_user(actor: Any, user_id: int | None, programme: Programme, message: str,
              **params: Any) -> None:
    """Tell one user about something in ``programme`` (a volunteer of a match, of a
    certificate about to expire); nobody else, whoever follows the programme."""
    if user_id is None:
        return
    do_notify(actor, topic=(Topic.PROGRAMME, programme.pk), message=message,
              params={"programme": programme.name, **params},
              url=reverse("volunteering:overview"), may_see=lambda user: user.pk == user_id,
              collaboration=programme.collaboration, also_users=[user_id])
