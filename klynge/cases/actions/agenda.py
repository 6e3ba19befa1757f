"""The steps the meetings app records on a case, and the reform's move to the successor.

The meetings app (above this one) decides who may build an agenda and record the minutes;
these actions check the case's state and the bodies, write the case's own history, and tell
its followers. ``details`` says what the step refers to (the meeting, its date, the item's
number), for the history's text; never personal data, never a closed item's title.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.cases import states
from klynge.cases.actions.common import (
    audit,
    check_body,
    event,
    fresh,
    secretariat_user_ids,
    take,
    tell,
    term_topics,
)
from klynge.cases.actions.submission import next_serial
from klynge.cases.models import Case, CaseEvent, Decision, State
from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body
from klynge.vocabulary.models import Term


@transaction.atomic
def do_put_on_agenda(actor: Any, case: Case, body: Body, *,
                     details: dict[str, Any] | None = None) -> Case:
    """The case is on the agenda of a meeting of ``body``, which it is now with."""
    current = fresh(case)
    states.check("put_on_agenda", current)
    check_body(current, body, "body")
    case, _event = take(actor, current, "put_on_agenda", roles=None, to_body=body,
                        details=details)
    tell(actor, case, gettext_noop("Case %(number)s was put on an agenda."))
    return case


@transaction.atomic
def do_take_off_agenda(actor: Any, case: Case, *,
                       details: dict[str, Any] | None = None) -> Case:
    case, _event = take(actor, case, "take_off_agenda", roles=None, details=details)
    tell(actor, case, gettext_noop("Case %(number)s was taken off an agenda."))
    return case


@transaction.atomic
def do_record_decision(actor: Any, case: Case, body: Body, outcome: str, wording: str,
                       decided_on: dt.date, *,
                       details: dict[str, Any] | None = None) -> Decision:
    """What ``body`` decided at its meeting; kept apart from the recommendations."""
    current = fresh(case)
    states.check("decide", current)
    check_body(current, body, "body")
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome: approved, rejected or "
                                            "noted.")})
    if not wording.strip():
        raise ValidationError({"wording": _("Write the decision's wording.")})
    case, made = take(actor, current, "decide", roles=None, details=details)
    decision = Decision.objects.create(
        case=case, body=body, outcome=outcome, wording=wording.strip(), decided_on=decided_on,
        recorded_by=made.actor, details=dict(details or {}))
    made.from_body = body
    made.details = {**made.details, "decision": decision.pk, "outcome": outcome}
    made.save(update_fields=["from_body", "details"])
    tell(actor, case, gettext_noop("Case %(number)s was decided."),
         also_topics=term_topics(case))
    return decision


@transaction.atomic
def do_record_postponement(actor: Any, case: Case, *,
                           details: dict[str, Any] | None = None) -> Case:
    """Postponed at the meeting: back with the body, for a later agenda."""
    case, _event = take(actor, case, "postpone", roles=None, details=details)
    tell(actor, case, gettext_noop("Case %(number)s was postponed."))
    return case


@transaction.atomic
def do_forward_case(actor: Any, case: Case, to_body: Body, reason: str = "", *,
                    details: dict[str, Any] | None = None) -> Case:
    """Forwarded to another body of the collaboration; where it came from is kept."""
    current = fresh(case)
    states.check("forward", current)
    check_body(current, to_body)
    if current.current_body_id == to_body.pk:
        raise ValidationError({"to_body": _("The case is already with %(body)s.")
                               % {"body": to_body.name}})
    case, _event = take(actor, current, "forward", roles=None, reason=reason, to_body=to_body,
                        details=details)
    tell(actor, case, gettext_noop("Case %(number)s was forwarded to another body."))
    return case


@transaction.atomic
def do_note_action_item(actor: Any, case: Case, *,
                        details: dict[str, Any] | None = None) -> CaseEvent:
    """An action item was given on the case (the meetings app keeps the item itself)."""
    case, made = take(actor, case, "note_action_item", roles=None, details=details)
    tell(actor, case, gettext_noop("An action item was given on case %(number)s."))
    return made


def _same_terms(case: Case, to: Collaboration) -> None:
    """Tag the case with the receiving collaboration's terms of the same codes; a term it
    lacks stays as it was (a term of the old collaboration, as history)."""
    for name in ("target_groups", "themes"):
        manager = getattr(case, name)
        old = list(manager.all())
        codes = {(t.kind, t.code) for t in old}
        there = {(t.kind, t.code): t for t in Term.objects.filter(collaboration=to)
                 if (t.kind, t.code) in codes}
        manager.set([there.get((t.kind, t.code), t) for t in old])


@transaction.atomic
def do_move_case(actor: Any, case: Case, to_collaboration: Collaboration, *,
                 reason: str = "") -> Case:
    """The reform: an open case moves to the successor collaboration. It gets the next
    number in the receiving series, keeps its former number, where it came from and its
    whole history. It arrives submitted, for the new secretariat to screen (a case returned
    to its submitter stays with the submitter); the old collaboration's bodies stay in its
    history."""
    case = fresh(case)
    states.check("move", case)
    if to_collaboration.pk == case.collaboration_id:
        raise ValidationError(_("The case is already in %(collaboration)s.")
                              % {"collaboration": to_collaboration.name})
    old = case.collaboration
    former, old_state, old_body = case.file_number, case.state, case.current_body
    year = timezone.localdate().year
    case.collaboration, case.moved_from, case.former_file_number = to_collaboration, old, former
    case.year, case.serial = year, next_serial(to_collaboration, year)
    case.current_body = None
    case.state = State.RETURNED if old_state == State.RETURNED else State.SUBMITTED
    case.save()
    _same_terms(case, to_collaboration)
    details = {"from_collaboration": old.code, "to_collaboration": to_collaboration.code,
               "former_file_number": former}
    event(actor, case, CaseEvent.Kind.MOVED, from_state=old_state, to_state=case.state,
          from_body=old_body, reason=reason, details=details)
    audit(actor, "move", case, reason=reason, changes={
        "collaboration": (old, to_collaboration), "file_number": (former, case.file_number),
        "state": (old_state, case.state), "current_body": (old_body, None)}, details=details)
    tell(actor, case, gettext_noop("Case %(number)s came from another collaboration."),
         also_users=secretariat_user_ids(case))
    return case
