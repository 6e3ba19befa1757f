"""Who comes: members' answers (attending, absent, a substitute), attendance per item, and
declared conflicts of interest, which keep a member out of an item."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import created
from klynge.audit.models import AuditEntry
from klynge.core.writes import apply_changes, locked
from klynge.governance.models import Person
from klynge.meetings import rules
from klynge.meetings.actions.common import (
    State,
    lock_meeting,
    minutes_changed,
    refuse_before_release,
    refuse_if_frozen,
    written,
)
from klynge.meetings.models import AgendaItem, Conflict, ItemAttendance, Meeting, Response

Answer = Response.Answer


def _refuse_not_member(meeting: Meeting, person: Person) -> None:
    if person.pk not in {p.pk for p in rules.members(meeting.body, meeting.day)}:
        raise ValidationError(_("%(name)s has no seat in %(body)s on the day of the meeting.")
                              % {"name": person.name, "body": meeting.body.name})


@transaction.atomic
def do_answer_invitation(actor: Any, meeting: Meeting, person: Person, answer: str,
                         substitute: Person | None = None) -> Response:
    """A member says whether they come, or who comes in their place (where the body allows
    substitutes)."""
    meeting = lock_meeting(meeting)
    refuse_if_frozen(meeting)
    if meeting.state in (State.MINUTES_IN_APPROVAL,):
        raise ValidationError(_("The meeting has been held."))
    _refuse_not_member(meeting, person)
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Choose an answer.")})
    if answer == Answer.SUBSTITUTE:
        if not rules.rules_for(meeting.body).substitutes_allowed:
            raise ValidationError({"answer": _("%(body)s does not allow substitutes.")
                                   % {"body": meeting.body.name}})
        if substitute is None or substitute.pk == person.pk:
            raise ValidationError({"substitute": _("Name the person who comes in your "
                                                   "place.")})
    else:
        substitute = None
    response = Response.objects.select_for_update().filter(meeting=meeting,
                                                           person=person).first()
    values = {"answer": answer, "substitute": substitute, "answered_at": timezone.now()}
    if response is None:
        response = Response.objects.create(meeting=meeting, person=person, **values)
        changes = created(response, ["answer", "substitute"])
    else:
        changes = apply_changes(response, values)
        response.save()
    written(actor, AuditEntry.Verb.UPDATE, response, meeting, changes=changes)
    return response


def expected_people(meeting: Meeting) -> list[tuple[Person, Person | None]]:
    """Who may be present at ``meeting``: each member, and each substitute named in a
    response with the member they stand in for."""
    members = rules.members(meeting.body, meeting.day)
    ids = {member.pk for member in members}
    result: list[tuple[Person, Person | None]] = [(member, None) for member in members]
    responses = (Response.objects.filter(meeting=meeting, answer=Answer.SUBSTITUTE,
                                         substitute__isnull=False)
                 .select_related("person", "substitute"))
    for response in responses:
        if response.person_id in ids and response.substitute is not None:
            result.append((response.substitute, response.person))
    return result


def _item(item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    meeting = lock_meeting(item.meeting_id)
    refuse_if_frozen(meeting)
    refuse_before_release(meeting)
    item = locked(AgendaItem).get(pk=item.pk)
    item.meeting = meeting
    return meeting, item


@transaction.atomic
def do_record_attendance(actor: Any, item: AgendaItem, present: Iterable[Person]
                         ) -> list[ItemAttendance]:
    """Who was present for ``item``: each expected person in ``present`` is present, the
    others absent. A member with a declared conflict on the item cannot be present."""
    meeting, item = _item(item)
    present_ids = {person.pk for person in present}
    expected = expected_people(meeting)
    unknown = present_ids - {person.pk for person, _for in expected}
    if unknown:
        raise ValidationError(_("Only the members and their substitutes can be present."))
    conflicted = dict(Conflict.objects.filter(item=item, person_id__in=present_ids)
                      .values_list("person_id", "person__name"))
    if conflicted:
        raise ValidationError(_("%(names)s declared a conflict of interest on item "
                                "%(number)s and cannot be present for it.")
                              % {"names": ", ".join(sorted(conflicted.values())),
                                 "number": item.number})
    rows = []
    for person, stands_in_for in expected:
        row, _made = ItemAttendance.objects.update_or_create(
            item=item, person=person,
            defaults={"present": person.pk in present_ids, "substitute_for": stands_in_for})
        rows.append(row)
    written(actor, AuditEntry.Verb.UPDATE, item, meeting, step="attendance",
            present=sorted(present_ids))
    minutes_changed(meeting)
    return rows


@transaction.atomic
def do_declare_conflict(actor: Any, item: AgendaItem, person: Person, reason: str
                        ) -> Conflict:
    """Record a member's conflict of interest on ``item``: they are not present for it."""
    meeting, item = _item(item)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the conflict of interest.")})
    if person.pk not in {p.pk for p, _for in expected_people(meeting)}:
        raise ValidationError({"person": _("%(name)s is not a member of %(body)s.")
                               % {"name": person.name, "body": meeting.body.name}})
    if Conflict.objects.filter(item=item, person=person).exists():
        raise ValidationError({"person": _("%(name)s has already declared a conflict on "
                                           "this item.") % {"name": person.name}})
    conflict = Conflict.objects.create(item=item, person=person, reason=reason,
                                       recorded_by=actor if actor.is_authenticated else None)
    ItemAttendance.objects.filter(item=item, person=person).update(present=False)
    written(actor, AuditEntry.Verb.CREATE, conflict, meeting, item=item.pk,
            changes=created(conflict, ["person", "reason"]))
    minutes_changed(meeting)
    return conflict


@transaction.atomic
def do_withdraw_conflict(actor: Any, conflict: Conflict) -> None:
    """Remove a conflict recorded by mistake."""
    meeting, item = _item(conflict.item)
    written(actor, AuditEntry.Verb.DELETE, conflict, meeting, item=item.pk)
    conflict.delete()
    minutes_changed(meeting)
