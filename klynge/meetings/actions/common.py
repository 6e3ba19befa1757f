"""What the meetings actions share: locking the meeting, the frozen minutes, the audit entry,
the acting person, and telling people."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from klynge.audit.actions import record, with_reason
from klynge.core.writes import locked
from klynge.governance.models import Person
from klynge.governance.roles import Roles
from klynge.meetings import access
from klynge.meetings.models import Meeting, MinutesApproval
from klynge.notifications.actions import do_notify

State = Meeting.State


def code_of(meeting: Meeting) -> str:
    """The collaboration an audit entry about ``meeting`` belongs to ('' for an
    organisation's body)."""
    collaboration = meeting.body.collaboration
    return collaboration.code if collaboration is not None else ""


def written(actor: Any, verb: str, obj: models.Model, meeting: Meeting, *,
            changes: dict[str, tuple[Any, Any]] | None = None, reason: str = "",
            **details: Any) -> None:
    """Audit a write about ``obj`` of ``meeting``; call inside the action's transaction."""
    record(actor, verb, obj, changes=changes, collaboration_code=code_of(meeting),
           details=with_reason(reason, meeting=meeting.pk, **details))


def lock_meeting(meeting: Meeting | int) -> Meeting:
    """The meeting's row, locked until the transaction ends, with its body."""
    pk = meeting if isinstance(meeting, int) else meeting.pk
    return locked(Meeting).select_related("body__collaboration", "body__organisation").get(pk=pk)


def refuse_if_frozen(meeting: Meeting) -> None:
    """Approved minutes are frozen: nothing about the meeting changes any more."""
    if meeting.state == State.MINUTES_APPROVED:
        raise ValidationError(_("The minutes of this meeting are approved and can no longer "
                                "be changed."))
    if meeting.state == State.CANCELLED:
        raise ValidationError(_("This meeting is cancelled and can no longer be changed."))


def refuse_before_release(meeting: Meeting) -> None:
    """What happens at the meeting is recorded only after the agenda is released."""
    if meeting.state in (State.PLANNED, State.AGENDA_IN_REVIEW):
        raise ValidationError(_("Release the agenda before recording what happened at the "
                                "meeting."))


def minutes_changed(meeting: Meeting) -> None:
    """A change to the minutes: a released meeting is now held, and approvals given to
    minutes awaiting approval are void (the approvers approve the changed minutes)."""
    if meeting.state == State.AGENDA_RELEASED:
        meeting.state = State.HELD
        meeting.save(update_fields=["state"])
    elif meeting.state == State.MINUTES_IN_APPROVAL:
        MinutesApproval.objects.filter(meeting=meeting).update(approved_at=None)


def person_of(actor: Any) -> Person:
    """The person of the signed-in ``actor``; refused if the account has none."""
    person = Person.objects.filter(user_id=getattr(actor, "pk", None) or 0).first()
    if person is None:
        raise ValidationError(_("Your account is not linked to a person in Klynge; ask the "
                                "secretariat."))
    return person


def tell(actor: Any, meeting: Meeting, message: str, *, users: Iterable[int] = (),
         followers: bool = True, **params: Any) -> None:
    """Tell ``users`` (and, with ``followers``, whoever follows the meeting or its body)
    about ``meeting``, each only if they may see it. ``message`` names only the body and the
    date, never an item."""
    body = meeting.body
    params = {"body": body.name, "date": meeting.day.isoformat()} | params
    chosen = set(users)

    def may_see(user: Any) -> bool:
        if not followers and user.pk not in chosen:
            return False
        return access.may_see_meeting(Roles.for_user(user), meeting)

    do_notify(
        actor, topic=("meeting", meeting.pk), message=message, params=params,
        url=meeting.get_absolute_url(), may_see=may_see,
        collaboration=body.collaboration,
        also_topics=[("body", body.pk)] if followers else [], also_users=users)


def users_of(people: Iterable[Person]) -> list[int]:
    return [person.user_id for person in people if person.user_id is not None]
