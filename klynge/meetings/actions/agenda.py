"""Building the agenda: items (about a case or free-standing, open or closed), their papers,
the chairs' review, and the release to the members."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.attachments.actions import do_attach_file, do_remove_attachment
from klynge.attachments.models import Attachment
from klynge.audit.actions import created
from klynge.audit.models import AuditEntry
from klynge.cases.models import OPEN_STATES, Case
from klynge.core.signals import rows_changed
from klynge.core.writes import apply_changes, locked, only_fields
from klynge.hearings.models import Hearing, summary_ready
from klynge.meetings import rules
from klynge.meetings.actions import cases_link
from klynge.meetings.actions.common import (
    State,
    code_of,
    lock_meeting,
    minutes_changed,
    person_of,
    refuse_if_frozen,
    tell,
    users_of,
    written,
)
from klynge.meetings.models import AgendaItem, AgendaReview, Meeting

ITEM_FIELDS = ("title", "description", "proposal", "closed", "closed_reason", "debate")
RENUMBER_OFFSET = 10000


def _closed_values(values: dict[str, Any]) -> None:
    """A closed item has a general title to publish (the plain one by default); an open
    item has none."""
    if "closed" not in values:
        return
    if values["closed"]:
        values["closed_reason"] = values.get("closed_reason") or AgendaItem.ClosedReason.OTHER
        if values["closed_reason"] not in AgendaItem.ClosedReason.values:
            raise ValidationError({"closed_reason": _("Choose how the closed item is "
                                                      "published.")})
    else:
        values["closed_reason"] = ""


def _check_case(meeting: Meeting, case: Case) -> None:
    if case.collaboration_id != meeting.body.collaboration_id:
        raise ValidationError({"case": _("Case %(number)s belongs to another collaboration.")
                               % {"number": case.file_number}})
    if case.state not in OPEN_STATES:
        raise ValidationError({"case": _("Case %(number)s is %(state)s and cannot go on an "
                                         "agenda.") % {"number": case.file_number,
                                                       "state": case.get_state_display()}})
    if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        raise ValidationError({"case": _("Case %(number)s is already on this agenda.")
                               % {"number": case.file_number}})


def _check_hearing(meeting: Meeting, hearing: Hearing) -> None:
    if hearing.collaboration_id != meeting.body.collaboration_id:
        raise ValidationError({"hearing": _("The hearing belongs to another collaboration.")})
    if not summary_ready(hearing):
        raise ValidationError({"hearing": _("The hearing of %(title)s has no summary yet; "
                                            "it can go on an agenda once it is summarised.")
                               % {"title": hearing.title}})


@transaction.atomic
def do_add_item(actor: Any, meeting: Meeting, *, title: str = "", description: str = "",
                proposal: str = "", case: Case | None = None, closed: bool = False,
                closed_reason: str = "", hearing: Hearing | None = None) -> AgendaItem:
    """A new item at the end of the agenda; an item about a case puts the case on the
    agenda (the case's history says so); an item may present a hearing's summary."""
    meeting = lock_meeting(meeting)
    refuse_if_frozen(meeting)
    if case is not None:
        _check_case(meeting, case)
    if hearing is not None:
        hearing = Hearing.objects.get(pk=hearing.pk)  # as it is now, not as the caller read it
        _check_hearing(meeting, hearing)
    title = ((title or "").strip() or (case.title if case is not None else "")
             or (_("Hearing summary: %(title)s") % {"title": hearing.title}
                 if hearing is not None else ""))
    if not title:
        raise ValidationError({"title": _("An agenda item needs a title.")})
    values: dict[str, Any] = {"title": title, "description": description,
                              "proposal": proposal, "closed": closed,
                              "closed_reason": closed_reason}
    _closed_values(values)
    last = meeting.items.aggregate(last=Max("number"))["last"] or 0
    item = AgendaItem.objects.create(meeting=meeting, number=last + 1, case=case,
                                     hearing=hearing, **values)
    if case is not None:
        cases_link.put_on_agenda(actor, case, item)
    written(actor, AuditEntry.Verb.CREATE, item, meeting,
            changes=created(item, ["number", "case", "hearing",
                                   *[n for n in values if values[n]]]))
    return item


def _locked_item(item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    meeting = lock_meeting(item.meeting_id)
    refuse_if_frozen(meeting)
    item = locked(AgendaItem).select_related("case").get(pk=item.pk)
    item.meeting = meeting
    return meeting, item


@transaction.atomic
def do_change_item(actor: Any, item: AgendaItem, **values: Any) -> AgendaItem:
    """Change an item's text, whether it is closed, or the debate recorded on it."""
    only_fields(values, ITEM_FIELDS, "do_change_item")
    meeting, item = _locked_item(item)
    if "title" in values:
        values["title"] = values["title"].strip()
        if not values["title"]:
            raise ValidationError({"title": _("An agenda item needs a title.")})
    _closed_values(values)
    changes = apply_changes(item, values)
    if changes:
        item.save()
        written(actor, AuditEntry.Verb.UPDATE, item, meeting, changes=changes)
        if "debate" in changes:
            minutes_changed(meeting)
    return item


def _renumber(meeting: Meeting, ordered: list[AgendaItem]) -> dict[int, tuple[int, int]]:
    """Give ``ordered`` the numbers 1, 2, … (through numbers no item has, so the one item
    per number rule holds at every step); ``{pk: (old, new)}`` of those that moved."""
    moved = {item.pk: (item.number, position)
             for position, item in enumerate(ordered, start=1) if item.number != position}
    for pk, (old, _new) in moved.items():
        AgendaItem.objects.filter(pk=pk).update(number=old + RENUMBER_OFFSET)
    for pk, (_old, new) in moved.items():
        AgendaItem.objects.filter(pk=pk).update(number=new)
    if moved:
        rows_changed.send(sender=AgendaItem, pks=list(moved))
    return moved


@transaction.atomic
def do_reorder_items(actor: Any, meeting: Meeting, order: list[int]) -> list[AgendaItem]:
    """Put the items in the order of ``order`` (every item's id, once)."""
    meeting = lock_meeting(meeting)
    refuse_if_frozen(meeting)
    items = {item.pk: item for item in locked(AgendaItem).filter(meeting=meeting)}
    if sorted(order) != sorted(items):
        raise ValidationError(_("The new order must list every item of the agenda once."))
    moved = _renumber(meeting, [items[pk] for pk in order])
    if moved:
        written(actor, AuditEntry.Verb.UPDATE, meeting, meeting,
                step="reorder_items", numbers={str(pk): list(n) for pk, n in moved.items()})
    return list(meeting.items.order_by("number"))


@transaction.atomic
def do_move_item(actor: Any, item: AgendaItem, steps: int) -> list[AgendaItem]:
    """Move an item up (``steps`` < 0) or down the agenda."""
    ids = list(AgendaItem.objects.filter(meeting_id=item.meeting_id)
               .order_by("number").values_list("pk", flat=True))
    position = ids.index(item.pk)
    target = max(0, min(len(ids) - 1, position + steps))
    ids.insert(target, ids.pop(position))
    return do_reorder_items(actor, item.meeting, ids)


@transaction.atomic
def do_remove_item(actor: Any, item: AgendaItem) -> None:
    """Take an item off the agenda (its case comes off too); the items after it move up."""
    meeting, item = _locked_item(item)
    if item.outcome or item.action_items.exists():
        raise ValidationError(_("Item %(number)s has an outcome or action items and cannot "
                                "be removed.") % {"number": item.number})
    if item.case is not None:
        cases_link.take_off_agenda(actor, item.case, item)
    for paper in Attachment.objects.of(item):
        do_remove_attachment(actor, paper, collaboration_code=code_of(meeting))
    written(actor, AuditEntry.Verb.DELETE, item, meeting, number=item.number)
    item.delete()
    _renumber(meeting, list(AgendaItem.objects.filter(meeting=meeting).order_by("number")))


def take_cases_off(actor: Any, meeting: Meeting, reason: str) -> None:
    """Every case on ``meeting``'s agenda comes off it (the meeting is cancelled)."""
    for item in meeting.items.select_related("case").filter(case__isnull=False):
        assert item.case is not None
        item.meeting = meeting
        cases_link.take_off_agenda(actor, item.case, item, reason)


# Papers ------------------------------------------------------------------------------------

@transaction.atomic
def do_attach_papers(actor: Any, item: AgendaItem, uploads: list[UploadedFile]
                     ) -> list[Attachment]:
    """Attach papers to an item; a refused file refuses them all."""
    meeting, item = _locked_item(item)
    return [do_attach_file(actor, item, upload, collaboration_code=code_of(meeting))
            for upload in uploads]


@transaction.atomic
def do_remove_paper(actor: Any, item: AgendaItem, paper: Attachment) -> None:
    meeting, item = _locked_item(item)
    if not paper.belongs_to(item):
        raise ValidationError(_("That paper belongs to another item."))
    do_remove_attachment(actor, paper, collaboration_code=code_of(meeting))


# Review and release ------------------------------------------------------------------------

def _refuse_empty(meeting: Meeting) -> None:
    if not meeting.items.exists():
        raise ValidationError(_("The agenda has no items yet."))


@transaction.atomic
def do_send_agenda_for_review(actor: Any, meeting: Meeting) -> list[AgendaReview]:
    """Send the agenda to the body's chairs (and co-chairs) before it is released."""
    meeting = lock_meeting(meeting)
    if meeting.state != State.PLANNED:
        raise ValidationError(_("Only an agenda that is not yet released or in review can be "
                                "sent for review."))
    _refuse_empty(meeting)
    chairs = rules.chairs(meeting.body, meeting.day)
    if not chairs:
        raise ValidationError(_("%(body)s has no chair on the day of the meeting.")
                              % {"body": meeting.body.name})
    now = timezone.now()
    AgendaReview.objects.filter(meeting=meeting).delete()
    reviews = [AgendaReview.objects.create(meeting=meeting, person=person, requested_at=now)
               for person in chairs]
    meeting.state = State.AGENDA_IN_REVIEW
    meeting.save(update_fields=["state"])
    written(actor, AuditEntry.Verb.UPDATE, meeting, meeting,
            changes={"state": (State.PLANNED, meeting.state)},
            reviewers=[person.pk for person in chairs])
    tell(actor, meeting, gettext_noop("The agenda of the meeting of %(body)s on %(date)s "
                                      "awaits your review."),
         users=users_of(chairs), followers=False)
    return reviews


@transaction.atomic
def do_answer_review(actor: Any, meeting: Meeting, *, approved: bool,
                     comment: str = "") -> AgendaReview:
    """A chair approves the agenda, or comments on it."""
    meeting = lock_meeting(meeting)
    if meeting.state != State.AGENDA_IN_REVIEW:
        raise ValidationError(_("The agenda is not in review."))
    comment = comment.strip()
    if not approved and not comment:
        raise ValidationError({"comment": _("Say what should change in the agenda.")})
    person = person_of(actor)
    review = AgendaReview.objects.select_for_update().filter(meeting=meeting,
                                                             person=person).first()
    if review is None:
        raise ValidationError(_("You are not asked to review this agenda."))
    changes = apply_changes(review, {"approved": approved, "comment": comment,
                                     "answered_at": timezone.now()})
    review.save()
    written(actor, AuditEntry.Verb.UPDATE, review, meeting, changes=changes)
    return review


@transaction.atomic
def do_release_agenda(actor: Any, meeting: Meeting) -> Meeting:
    """Release the agenda: the members and the body's followers are told."""
    meeting = lock_meeting(meeting)
    if meeting.state not in (State.PLANNED, State.AGENDA_IN_REVIEW):
        raise ValidationError(_("This agenda is already released."))
    _refuse_empty(meeting)
    old = meeting.state
    meeting.state = State.AGENDA_RELEASED
    meeting.agenda_released_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["state", "agenda_released_at", "sequence"])
    written(actor, AuditEntry.Verb.UPDATE, meeting, meeting,
            changes={"state": (old, meeting.state)})
    members = rules.members(meeting.body, meeting.day)
    tell(actor, meeting, gettext_noop("The agenda of the meeting of %(body)s on %(date)s is "
                                      "released."), users=users_of(members))
    return meeting
