"""What an agenda or a minutes document shows, loaded in a fixed number of queries.

A reader sees an item in full when :func:`~.access.shows_item` says so; otherwise the item
keeps its number and general title (*Closed item – personal matter*) and nothing else: no
case, papers, attendance, conflicts, debate, decision or action items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from klynge.attachments.models import Attachment
from klynge.governance.models import Body, Person
from klynge.governance.roles import Roles
from klynge.meetings.documents.access import shows_item
from klynge.meetings.documents.language import language_of_body
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    Conflict,
    ItemAttendance,
    Meeting,
    MinutesApproval,
)
from klynge.meetings.notes import figures_for, notes_for


@dataclass
class ItemEntry:
    item: AgendaItem
    full: bool  # the reader sees the item's content
    papers: list[Attachment] = field(default_factory=list)
    present: list[ItemAttendance] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)  # from the apps above (``notes.py``)
    figures: list[Any] = field(default_factory=list)  # likewise

    @property
    def number(self) -> int:
        return self.item.number

    @property
    def title(self) -> str:
        return self.item.title if self.full else self.item.public_title

    @property
    def file_number(self) -> str:
        case = self.item.case if self.full else None
        return case.file_number if case is not None else ""


@dataclass
class AttendanceRow:
    person: Person
    substitute_for: Person | None
    present_for: list[int] = field(default_factory=list)  # item numbers
    absent_for: list[int] = field(default_factory=list)


@dataclass
class MeetingDocument:
    meeting: Meeting
    body: Body
    language: str
    public: bool
    items: list[ItemEntry]
    attendance: list[AttendanceRow] = field(default_factory=list)
    approvals: list[MinutesApproval] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        return not self.meeting.minutes_frozen


def _meeting(meeting: Meeting) -> Meeting:
    return (Meeting.objects
            .select_related("body__collaboration__country", "body__organisation__country")
            .get(pk=meeting.pk))


def _items(meeting: Meeting, minutes: bool) -> list[AgendaItem]:
    items = (meeting.items.select_related("case", "forwarded_to").order_by("number")
             .prefetch_related(Prefetch("conflicts", queryset=Conflict.objects
                                        .select_related("person").order_by("person__name"))))
    if minutes:
        items = items.prefetch_related(
            Prefetch("attendance", queryset=ItemAttendance.objects
                     .select_related("person", "substitute_for").order_by("person__name")),
            Prefetch("action_items",
                     queryset=ActionItem.objects.select_related("owner").order_by("due_on", "pk")),
        )
    loaded = list(items)
    for item in loaded:
        item.meeting = meeting  # the access rules read the meeting's body from it
    return loaded


def _papers(items: list[AgendaItem]) -> dict[int, list[Attachment]]:
    if not items:
        return {}
    papers: dict[int, list[Attachment]] = {}
    rows = (Attachment.objects
            .filter(content_type=ContentType.objects.get_for_model(AgendaItem),
                    object_id__in=[item.pk for item in items])
            .order_by("uploaded_at", "pk"))
    for attachment in rows:
        papers.setdefault(attachment.object_id, []).append(attachment)
    return papers


def _entry(item: AgendaItem, full: bool, papers: dict[int, list[Attachment]],
           minutes: bool) -> ItemEntry:
    entry = ItemEntry(item=item, full=full)
    if not full:
        return entry
    entry.papers = papers.get(item.pk, [])
    if minutes:
        entry.conflicts = list(item.conflicts.all())
        excluded = {conflict.person_id for conflict in entry.conflicts}
        entry.present = [mark for mark in item.attendance.all()
                         if mark.present and mark.person_id not in excluded]
        entry.action_items = list(item.action_items.all())
    return entry


def _attendance(items: list[AgendaItem]) -> list[AttendanceRow]:
    """Who was there, for which items (numbers only, so a closed item reveals nothing)."""
    rows: dict[int, AttendanceRow] = {}
    for item in items:
        for mark in item.attendance.all():
            row = rows.setdefault(mark.person_id, AttendanceRow(mark.person, mark.substitute_for))
            (row.present_for if mark.present else row.absent_for).append(item.number)
    return sorted(rows.values(), key=lambda row: (not row.present_for, row.person.name))


def build(meeting: Meeting, roles: Roles | None, *, minutes: bool) -> MeetingDocument:
    """The agenda (``minutes=False``) or the minutes of ``meeting`` as ``roles`` may read
    them (None: the public)."""
    meeting = _meeting(meeting)
    items = _items(meeting, minutes)
    full = {item.pk: shows_item(roles, item) for item in items}
    papers = _papers([item for item in items if full[item.pk]])
    document = MeetingDocument(
        meeting=meeting, body=meeting.body, language=language_of_body(meeting.body),
        public=roles is None,
        items=[_entry(item, full[item.pk], papers, minutes) for item in items],
    )
    figures = figures_for([item for item in items if full[item.pk]])
    for entry in document.items:
        entry.figures = figures.get(entry.item.pk, [])
    if minutes:
        notes = notes_for([item for item in items if full[item.pk]])
        for entry in document.items:
            entry.notes = notes.get(entry.item.pk, [])
        document.attendance = _attendance(items)
        document.approvals = list(meeting.approvals.select_related("person")
                                  .order_by("approved_at", "person__name", "pk"))
    return document
