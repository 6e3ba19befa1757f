"""Factories for meetings: ``make_<noun>(**overrides)``, each one row with sensible defaults;
``released_meeting`` builds a meeting with an agenda the members can see."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from klynge.governance.models import Body, Person
from klynge.meetings.models import ActionItem, AgendaItem, Meeting, MeetingRules
from klynge.testing.factories import make_body, make_person

_counter = itertools.count(1)


def make_meeting(body: Body | None = None, **kw: Any) -> Meeting:
    """A meeting of ``body`` a week from now (two hours long) unless told otherwise."""
    body = body or make_body()
    starts = kw.pop("starts_at", timezone.now() + dt.timedelta(days=7))
    kw.setdefault("ends_at", starts + dt.timedelta(hours=2))
    kw.setdefault("title", f"Møde {next(_counter)}")
    kw.setdefault("place", "Mødelokale 1")
    if kw.get("state") in (Meeting.State.AGENDA_RELEASED, Meeting.State.HELD,
                           Meeting.State.MINUTES_IN_APPROVAL, Meeting.State.MINUTES_APPROVED):
        kw.setdefault("agenda_released_at", timezone.now())
    return Meeting.objects.create(body=body, starts_at=starts, **kw)


def make_item(meeting: Meeting | None = None, **kw: Any) -> AgendaItem:
    """The next item of ``meeting``'s agenda."""
    meeting = meeting or make_meeting()
    kw.setdefault("number", meeting.items.count() + 1)
    kw.setdefault("title", f"Punkt {kw['number']}")
    if kw.get("closed"):
        kw.setdefault("closed_reason", AgendaItem.ClosedReason.PERSONAL)
    return AgendaItem.objects.create(meeting=meeting, **kw)


def make_action_item(item: AgendaItem | None = None, **kw: Any) -> ActionItem:
    item = item or make_item()
    collaboration = item.meeting.body.collaboration
    kw.setdefault("collaboration", collaboration)
    kw.setdefault("title", f"Opgave {next(_counter)}")
    kw.setdefault("due_on", timezone.localdate() + dt.timedelta(days=14))
    if "owner" not in kw:
        kw["owner"] = make_person()
    return ActionItem.objects.create(item=item, case=item.case, **kw)


def make_rules(body: Body, **kw: Any) -> MeetingRules:
    kw.setdefault("minutes_approved_by", MeetingRules.Approval.MEMBERS_PRESENT)
    return MeetingRules.objects.create(body=body, **kw)


def person_of(user: Any) -> Person:
    return Person.objects.get(user=user)
