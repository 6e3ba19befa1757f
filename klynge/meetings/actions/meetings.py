"""Scheduling, changing and cancelling a meeting; a body's meeting rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.audit.actions import acting_user, created, record
from klynge.audit.models import AuditEntry
from klynge.core.writes import apply_changes, only_fields
from klynge.governance.models import Body
from klynge.meetings.actions.common import (
    State,
    lock_meeting,
    refuse_if_frozen,
    tell,
    written,
)
from klynge.meetings.models import Meeting, MeetingRules

MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "video_url")
WHEN_AND_WHERE = ("starts_at", "ends_at", "place", "video_url")


def check_meeting(values: dict[str, Any]) -> None:
    """A meeting ends after it starts."""
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts is None or ends is None:
        raise ValidationError(_("A meeting needs a start and an end."))
    if ends <= starts:
        raise ValidationError({"ends_at": _("A meeting cannot end before it starts.")})


@transaction.atomic
def do_schedule_meeting(actor: Any, body: Body, *, starts_at: dt.datetime,
                        ends_at: dt.datetime, title: str = "", place: str = "",
                        video_url: str = "") -> Meeting:
    """A new meeting of ``body``, with its agenda still to be built."""
    values = {"title": title.strip(), "starts_at": starts_at, "ends_at": ends_at,
              "place": place.strip(), "video_url": video_url.strip()}
    check_meeting(values)
    if body.valid_to is not None and starts_at.date() > body.valid_to:
        raise ValidationError({"starts_at": _("%(body)s ends on %(date)s; a meeting cannot "
                                              "be scheduled after that.")
                               % {"body": body.name, "date": body.valid_to.isoformat()}})
    meeting = Meeting.objects.create(body=body, created_by=acting_user(actor), **values)
    meeting = lock_meeting(meeting)
    written(actor, AuditEntry.Verb.CREATE, meeting, meeting,
            changes=created(meeting, [n for n in values if values[n]]))
    return meeting


@transaction.atomic
def do_change_meeting(actor: Any, meeting: Meeting, **values: Any) -> Meeting:
    """Change the title, time or place. Members are told of a new time or place once the
    agenda is out; calendars see a new sequence number."""
    only_fields(values, MEETING_FIELDS, "do_change_meeting")
    meeting = lock_meeting(meeting)
    refuse_if_frozen(meeting)
    if "title" in values:
        values["title"] = values["title"].strip()
    check_meeting({name: getattr(meeting, name) for name in MEETING_FIELDS} | values)
    changes = apply_changes(meeting, values)
    if not changes:
        return meeting
    meeting.sequence += 1
    meeting.save()
    written(actor, AuditEntry.Verb.UPDATE, meeting, meeting, changes=changes)
    if meeting.agenda_released_at is not None and set(changes) & set(WHEN_AND_WHERE):
        tell(actor, meeting, gettext_noop("The meeting of %(body)s on %(date)s has a new "
                                          "time or place."))
    return meeting


@transaction.atomic
def do_cancel_meeting(actor: Any, meeting: Meeting, *, reason: str = "") -> Meeting:
    """Cancel a meeting that has not been held; its cases come off the agenda."""
    from klynge.meetings.actions.agenda import take_cases_off

    meeting = lock_meeting(meeting)
    refuse_if_frozen(meeting)
    if meeting.state not in (State.PLANNED, State.AGENDA_IN_REVIEW, State.AGENDA_RELEASED):
        raise ValidationError(_("A meeting that has been held cannot be cancelled."))
    old = meeting.state
    meeting.state = State.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["state", "sequence"])
    take_cases_off(actor, meeting, reason=_("The meeting was cancelled."))
    written(actor, AuditEntry.Verb.UPDATE, meeting, meeting, reason=reason,
            changes={"state": (old, meeting.state)})
    tell(actor, meeting, gettext_noop("The meeting of %(body)s on %(date)s is cancelled."),
         followers=meeting.agenda_released_at is not None)
    return meeting


@transaction.atomic
def do_set_meeting_rules(actor: Any, body: Body, *, minutes_approved_by: str,
                         substitutes_allowed: bool) -> MeetingRules:
    """Who approves the minutes of ``body``'s meetings, and whether substitutes may come."""
    if minutes_approved_by not in MeetingRules.Approval.values:
        raise ValidationError({"minutes_approved_by": _("Choose who approves the minutes.")})
    rules = MeetingRules.objects.select_for_update().filter(body=body).first()
    values = {"minutes_approved_by": minutes_approved_by,
              "substitutes_allowed": substitutes_allowed}
    code = body.collaboration.code if body.collaboration is not None else ""
    if rules is None:
        rules = MeetingRules.objects.create(body=body, **values)
        changes = created(rules, values)
        verb = AuditEntry.Verb.CREATE
    else:
        changes = apply_changes(rules, values)
        rules.save()
        verb = AuditEntry.Verb.UPDATE
    if changes:
        record(actor, verb, rules, changes=changes, collaboration_code=code)
    return rules
