"""The cases app's actions, called when an agenda item is about a case, so the case's own
history shows its agendas, decisions and action items (``klynge.cases.actions``)."""

from __future__ import annotations

from typing import Any

from klynge.cases import actions as case_actions
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body
from klynge.meetings.models import AgendaItem


def item_details(item: AgendaItem) -> dict[str, Any]:
    """What a case event says of the meeting: which, when, the item's number."""
    meeting = item.meeting
    return {"meeting": meeting.pk, "date": meeting.day.isoformat(), "item": item.number,
            "body": meeting.body_id}


def put_on_agenda(actor: Any, case: Case, item: AgendaItem) -> None:
    case_actions.do_put_on_agenda(actor, case, item.meeting.body, details=item_details(item))


def take_off_agenda(actor: Any, case: Case, item: AgendaItem, reason: str = "") -> None:
    details = item_details(item) | ({"reason": reason} if reason else {})
    case_actions.do_take_off_agenda(actor, case, details=details)


def record_outcome(actor: Any, item: AgendaItem) -> None:
    """The item's outcome on its case: a decision, a postponement or a forwarding."""
    case = item.case
    assert case is not None
    details = item_details(item)
    outcome = item.outcome
    if outcome == AgendaItem.Outcome.POSTPONED:
        case_actions.do_record_postponement(actor, case, details=details)
    elif outcome == AgendaItem.Outcome.FORWARDED:
        assert isinstance(item.forwarded_to, Body)
        case_actions.do_forward_case(actor, case, item.forwarded_to, item.wording,
                                     details=details)
    else:
        case_actions.do_record_decision(actor, case, item.meeting.body, outcome, item.wording,
                                   item.meeting.day, details=details)


def note_action_item(actor: Any, case: Case, details: dict[str, Any]) -> None:
    case_actions.do_note_action_item(actor, case, details=details)


def move_case(actor: Any, case: Case, to_collaboration: Collaboration, reason: str) -> Case:
    return case_actions.do_move_case(actor, case, to_collaboration, reason=reason)
