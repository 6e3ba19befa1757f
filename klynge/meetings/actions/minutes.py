"""The minutes: each item's outcome, the general note, approval by the approvers the body's
rules name, dissent, and the freeze once all have approved."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.audit.models import AuditEntry
from klynge.core.writes import apply_changes, locked
from klynge.governance.models import Body
from klynge.meetings import rules
from klynge.meetings.actions import cases_link
from klynge.meetings.actions.common import (
    State,
    lock_meeting,
    minutes_changed,
    person_of,
    refuse_before_release,
    refuse_if_frozen,
    tell,
    users_of,
    written,
)
from klynge.meetings.models import AgendaItem, Meeting, MinutesApproval

Outcome = AgendaItem.Outcome


def _check_outcome(item: AgendaItem, outcome: str, wording: str,
                   forwarded_to: Body | None) -> None:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if outcome in (Outcome.APPROVED, Outcome.REJECTED) and not wording:
        raise ValidationError({"wording": _("Write the decision's wording.")})
    if outcome == Outcome.FORWARDED:
        body = item.meeting.body
        if forwarded_to is None or forwarded_to.pk == body.pk:
            raise ValidationError({"forwarded_to": _("Choose the body the item goes to.")})
        if forwarded_to.collaboration_id != body.collaboration_id:
            raise ValidationError({"forwarded_to": _("An item can only go to a body of the "
                                                     "same collaboration.")})
    if item.case_id is not None and item.outcome:
        raise ValidationError(_("The outcome of item %(number)s is recorded on case "
                                "%(case)s and cannot be recorded again.")
                              % {"number": item.number, "case": item.case.file_number})  # type: ignore[union-attr]


@transaction.atomic
def do_record_outcome(actor: Any, meeting: Meeting, item: AgendaItem, *, outcome: str,
                      wording: str = "", forwarded_to: Body | None = None,
                      debate: str | None = None) -> AgendaItem:
    """Record what ``meeting`` decided on its ``item``. For an item about a case the case
    is decided, postponed or forwarded too (a decision, kept apart from recommendations)."""
    meeting = lock_meeting(meeting)
    if item.meeting_id != meeting.pk:
        raise ValidationError(_("Item %(number)s belongs to another meeting; record its "
                                "outcome there.") % {"number": item.number})
    refuse_if_frozen(meeting)
    refuse_before_release(meeting)
    item = locked(AgendaItem).select_related("case").get(pk=item.pk)
    item.meeting = meeting
    wording = wording.strip()
    _check_outcome(item, outcome, wording, forwarded_to)
    values: dict[str, Any] = {
        "outcome": outcome, "wording": wording,
        "forwarded_to": forwarded_to if outcome == Outcome.FORWARDED else None,
        "outcome_recorded_at": timezone.now()}
    if debate is not None:
        values["debate"] = debate.strip()
    changes = apply_changes(item, values)
    item.save()
    if item.case is not None:
        cases_link.record_outcome(actor, item)
    written(actor, AuditEntry.Verb.UPDATE, item, meeting, changes=changes)
    minutes_changed(meeting)
    return item


@transaction.atomic
def do_write_minutes_note(actor: Any, meeting: Meeting, note: str) -> Meeting:
    """The general part of the minutes (what is not about one item)."""
    meeting = lock_meeting(meeting)
    refuse_if_frozen(meeting)
    refuse_before_release(meeting)
    changes = apply_changes(meeting, {"minutes_note": note.strip()})
    if changes:
        meeting.save(update_fields=["minutes_note"])
        written(actor, AuditEntry.Verb.UPDATE, meeting, meeting, changes=changes)
        minutes_changed(meeting)
    return meeting


@transaction.atomic
def do_send_minutes_for_approval(actor: Any, meeting: Meeting) -> list[MinutesApproval]:
    """Ask the approvers the body's rules name to approve the minutes."""
    meeting = lock_meeting(meeting)
    refuse_if_frozen(meeting)
    if meeting.state not in (State.AGENDA_RELEASED, State.HELD):
        raise ValidationError(_("Only the minutes of a held meeting can be sent for "
                                "approval."))
    missing = list(meeting.items.filter(outcome="").values_list("number", flat=True))
    if missing:
        raise ValidationError(_("Record an outcome for every item first (missing: "
                                "%(numbers)s).") % {"numbers": ", ".join(map(str, missing))})
    people = rules.approvers(meeting)
    MinutesApproval.objects.filter(meeting=meeting).delete()
    approvals = [MinutesApproval.objects.create(meeting=meeting, person=person)
                 for person in people]
    old = meeting.state
    meeting.state = State.MINUTES_IN_APPROVAL
    meeting.save(update_fields=["state"])
    written(actor, AuditEntry.Verb.UPDATE, meeting, meeting,
            changes={"state": (old, meeting.state)},
            approvers=[person.pk for person in people])
    tell(actor, meeting, gettext_noop("The minutes of the meeting of %(body)s on %(date)s "
                                      "await your approval."),
         users=users_of(people), followers=False)
    return approvals


def _in_approval(meeting: Meeting) -> Meeting:
    meeting = lock_meeting(meeting)
    refuse_if_frozen(meeting)
    if meeting.state != State.MINUTES_IN_APPROVAL:
        raise ValidationError(_("The minutes are not awaiting approval."))
    return meeting


@transaction.atomic
def do_approve_minutes(actor: Any, meeting: Meeting) -> MinutesApproval:
    """An approver approves the minutes, with the time; when the last one has, the minutes
    are approved and frozen, and their open items published."""
    meeting = _in_approval(meeting)
    person = person_of(actor)
    approval = (MinutesApproval.objects.select_for_update()
                .filter(meeting=meeting, person=person, approver=True).first())
    if approval is None:
        raise ValidationError(_("You are not among those who approve these minutes."))
    if approval.approved_at is not None:
        raise ValidationError(_("You have already approved these minutes."))
    approval.approved_at = timezone.now()
    approval.save(update_fields=["approved_at"])
    written(actor, AuditEntry.Verb.UPDATE, approval, meeting,
            changes={"approved_at": (None, approval.approved_at)})
    waiting = MinutesApproval.objects.filter(meeting=meeting, approver=True,
                                             approved_at__isnull=True)
    if not waiting.exists():
        _freeze(actor, meeting)
    return approval


def _freeze(actor: Any, meeting: Meeting) -> None:
    meeting.state = State.MINUTES_APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.save(update_fields=["state", "minutes_approved_at"])
    written(actor, AuditEntry.Verb.UPDATE, meeting, meeting,
            changes={"state": (State.MINUTES_IN_APPROVAL, meeting.state)})
    tell(actor, meeting, gettext_noop("The minutes of the meeting of %(body)s on %(date)s "
                                      "are approved."),
         users=users_of(rules.members(meeting.body, meeting.day)))


@transaction.atomic
def do_record_dissent(actor: Any, meeting: Meeting, text: str) -> MinutesApproval:
    """A member's dissent on the minutes, kept with them (it does not approve them)."""
    meeting = _in_approval(meeting)
    text = text.strip()
    if not text:
        raise ValidationError({"dissent": _("Write the dissent.")})
    person = person_of(actor)
    row = MinutesApproval.objects.select_for_update().filter(meeting=meeting,
                                                             person=person).first()
    if row is None:
        if person.pk not in {p.pk for p in rules.members(meeting.body, meeting.day)}:
            raise ValidationError(_("Only a member of %(body)s can record a dissent.")
                                  % {"body": meeting.body.name})
        row = MinutesApproval.objects.create(meeting=meeting, person=person, approver=False)
    old = row.dissent
    row.dissent = text
    row.save(update_fields=["dissent"])
    written(actor, AuditEntry.Verb.UPDATE, row, meeting, changes={"dissent": (old, text)})
    return row
