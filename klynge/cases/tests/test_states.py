"""The state machine: every step refused from every state it does not leave from, with a
message naming the state and nothing changed; what each user is offered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from klynge.audit.models import AuditEntry
from klynge.cases import actions, states
from klynge.cases.models import Case, State
from klynge.cases.tests.conftest import CaseWorld
from klynge.notifications.models import Notification
from klynge.testing.cases import make_case

pytestmark = pytest.mark.django_db

Step = Callable[[CaseWorld, Case], Any]
STEPS: dict[str, Step] = {
    "route": lambda c, case: actions.do_route_case(c.world.secretariat, case, c.working_group),
    "return": lambda c, case: actions.do_return_case(c.world.secretariat, case, "why"),
    "resubmit": lambda c, case: actions.do_resubmit_case(c.world.member, case),
    "reject": lambda c, case: actions.do_reject_case(c.world.secretariat, case, "why"),
    "withdraw": lambda c, case: actions.do_withdraw_case(c.world.member, case),
    "recommend": lambda c, case: actions.do_recommend(c.world.secretariat, case, "text"),
    "put_on_agenda": lambda c, case: actions.do_put_on_agenda(c.world.secretariat, case,
                                                              c.world.strategic),
    "take_off_agenda": lambda c, case: actions.do_take_off_agenda(c.world.secretariat, case),
    "decide": lambda c, case: actions.do_record_decision(
        c.world.secretariat, case, c.world.strategic, "approved", "Ja", dt.date(2026, 11, 30)),
    "postpone": lambda c, case: actions.do_record_postponement(c.world.secretariat, case),
    "forward": lambda c, case: actions.do_forward_case(c.world.secretariat, case,
                                                       c.working_group, ""),
    "note_action_item": lambda c, case: actions.do_note_action_item(c.world.secretariat, case),
    "close": lambda c, case: actions.do_close_case(c.world.secretariat, case),
    "reopen": lambda c, case: actions.do_reopen_case(c.world.secretariat, case, "why",
                                                     c.world.strategic),
    "move": lambda c, case: actions.do_move_case(c.world.admin, case,
                                                 c.world.other_collaboration),
}
ILLEGAL = [(name, state) for name, step in states.TRANSITIONS.items()
           for state in State.values if state not in step.sources]
LEGAL = [(name, state) for name, step in states.TRANSITIONS.items() for state in step.sources]


def test_every_transition_has_a_step() -> None:
    assert set(STEPS) == set(states.TRANSITIONS)


def _case(cw: CaseWorld, state: str) -> Case:
    person = cw.world.member.person  # type: ignore[attr-defined]
    return make_case(cw.world.collaboration, state=state, current_body=cw.world.strategic,
                     submitted_by=person)


@pytest.mark.parametrize(("name", "state"), ILLEGAL)
def test_an_illegal_transition_is_refused(cw: CaseWorld, name: str, state: str) -> None:
    case = _case(cw, state)
    audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        STEPS[name](cw, case)
    assert error.value.code == "illegal_transition"
    assert str(states.STATE_WORDS[state]) in error.value.messages[0]
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.state, fresh.current_body_id, fresh.collaboration_id) == (
        state, cw.world.strategic.pk, cw.world.collaboration.pk)
    assert not fresh.events.exists() and AuditEntry.objects.count() == audit
    assert not Notification.objects.exists()


@pytest.mark.parametrize(("name", "state"), LEGAL)
def test_a_legal_transition_is_taken(cw: CaseWorld, name: str, state: str) -> None:
    case = _case(cw, state)
    STEPS[name](cw, case)
    fresh = Case.objects.get(pk=case.pk)
    target = states.TRANSITIONS[name].target
    assert fresh.events.count() == 1
    if target is not None:
        assert fresh.state == target
    assert AuditEntry.objects.filter(object_type="cases.case").exists()


def test_the_message_names_the_state(cw: CaseWorld) -> None:
    case = _case(cw, State.REJECTED)
    with pytest.raises(ValidationError) as error:
        STEPS["route"](cw, case)
    assert error.value.messages == ["A case that is rejected cannot be routed."]


def _offered(user: Any, case: Case) -> set[str]:
    return {step.name for step in states.allowed(user, case)}


def test_what_each_user_is_offered(cw: CaseWorld) -> None:
    w = cw.world
    submitted = _case(cw, State.SUBMITTED)
    assert _offered(w.secretariat, submitted) == {"route", "return", "reject"}
    assert _offered(w.admin, submitted) == {"route", "return", "reject"}
    assert _offered(w.member, submitted) == {"withdraw"}  # the submitter
    assert _offered(w.panel_member, submitted) == set()
    at_group = make_case(w.collaboration, state=State.AT_BODY, current_body=cw.working_group)
    assert _offered(cw.chair, at_group) == {"recommend"}
    assert _offered(w.secretariat, at_group) == {"route", "return", "reject", "recommend",
                                                 "close"}
    assert _offered(cw.chair, _case(cw, State.AT_BODY)) == set()  # not their body
    assert _offered(w.secretariat, _case(cw, State.CLOSED)) == {"reopen"}
    assert _offered(w.member, _case(cw, State.RETURNED)) == {"resubmit", "withdraw"}
