"""The case's state machine: a table of named transitions and who may take each.

Each :class:`Transition` names the states it leaves from, the state it leads to (None: the
case stays where it is, e.g. a recommendation), who may take it and whether it needs a
reason. :func:`allowed` lists what a user may do to a case now (the case page shows only
those); :func:`check` refuses an illegal step with a translated message naming the state,
before anything is written.

Who:
- ``SUBMITTER``: the person who submitted the case, or a member of the body it was
  submitted as;
- ``SECRETARIAT``: the collaboration's secretariat (and administrators);
- ``CHAIR``: a chair or co-chair of the body the case is with;
- ``MEETINGS``: the meetings app, recording what happened at a meeting; it decides itself
  who may do that (the secretariat building the agenda, recording the minutes), so the
  state is checked here and the actor there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klynge.cases import access
from klynge.cases.models import Case, CaseEvent, State
from klynge.governance.roles import Roles, roles_of

SUBMITTER = "submitter"
SECRETARIAT = "secretariat"
CHAIR = "chair"
MEETINGS = "meetings"

# What a state is called inside "A case that is … cannot be …".
STATE_WORDS: dict[str, Promise] = {
    State.SUBMITTED: _("submitted"),
    State.AT_BODY: _("with a body"),
    State.ON_AGENDA: _("on an agenda"),
    State.DECIDED: _("decided"),
    State.RETURNED: _("returned to the submitter"),
    State.REJECTED: _("rejected"),
    State.WITHDRAWN: _("withdrawn"),
    State.CLOSED: _("closed"),
}


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise  # the button
    sources: tuple[str, ...]
    target: str | None  # None: the state stays
    who: frozenset[str]
    event: str  # CaseEvent.Kind
    refused: Promise  # "A case that is %(state)s cannot be …"
    reason_required: bool = False
    needs_body: bool = False  # takes the body the case goes to
    on_page: bool = True  # offered on the case page (the meetings' steps are not)


S = State
K = CaseEvent.Kind
_T = Transition
TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    _T("route", _("Route"), (S.SUBMITTED, S.AT_BODY, S.DECIDED), S.AT_BODY,
       frozenset({SECRETARIAT}), K.ROUTED, _("A case that is %(state)s cannot be routed."),
       needs_body=True),
    _T("return", _("Return to the submitter"), (S.SUBMITTED, S.AT_BODY), S.RETURNED,
       frozenset({SECRETARIAT}), K.RETURNED,
       _("A case that is %(state)s cannot be returned to the submitter."),
       reason_required=True),
    _T("resubmit", _("Submit again"), (S.RETURNED,), S.SUBMITTED, frozenset({SUBMITTER}),
       K.RESUBMITTED, _("A case that is %(state)s cannot be submitted again.")),
    _T("reject", _("Reject"), (S.SUBMITTED, S.AT_BODY), S.REJECTED, frozenset({SECRETARIAT}),
       K.REJECTED, _("A case that is %(state)s cannot be rejected."), reason_required=True),
    _T("withdraw", _("Withdraw"), (S.SUBMITTED, S.RETURNED, S.AT_BODY), S.WITHDRAWN,
       frozenset({SUBMITTER}), K.WITHDRAWN, _("A case that is %(state)s cannot be withdrawn.")),
    _T("recommend", _("Give a recommendation"), (S.AT_BODY,), None,
       frozenset({SECRETARIAT, CHAIR}), K.RECOMMENDED,
       _("A case that is %(state)s cannot be given a recommendation.")),
    _T("put_on_agenda", _("Put on an agenda"), (S.AT_BODY, S.DECIDED), S.ON_AGENDA,
       frozenset({MEETINGS}), K.PUT_ON_AGENDA,
       _("A case that is %(state)s cannot be put on an agenda."), needs_body=True,
       on_page=False),
    _T("take_off_agenda", _("Take off the agenda"), (S.ON_AGENDA,), S.AT_BODY,
       frozenset({MEETINGS}), K.TAKEN_OFF_AGENDA,
       _("A case that is %(state)s cannot be taken off an agenda."), on_page=False),
    _T("decide", _("Record a decision"), (S.ON_AGENDA,), S.DECIDED, frozenset({MEETINGS}),
       K.DECIDED, _("A case that is %(state)s cannot be decided."), on_page=False),
    _T("postpone", _("Postpone"), (S.ON_AGENDA,), S.AT_BODY, frozenset({MEETINGS}),
       K.POSTPONED, _("A case that is %(state)s cannot be postponed."), on_page=False),
    _T("forward", _("Forward to another body"), (S.ON_AGENDA, S.AT_BODY, S.DECIDED), S.AT_BODY,
       frozenset({MEETINGS, SECRETARIAT}), K.FORWARDED,
       _("A case that is %(state)s cannot be forwarded."), needs_body=True, on_page=False),
    _T("note_action_item", _("Note an action item"), (S.ON_AGENDA, S.AT_BODY, S.DECIDED), None,
       frozenset({MEETINGS}), K.ACTION_ITEM,
       _("A case that is %(state)s cannot be given an action item."), on_page=False),
    _T("close", _("Close"), (S.DECIDED, S.AT_BODY), S.CLOSED, frozenset({SECRETARIAT}),
       K.CLOSED, _("A case that is %(state)s cannot be closed.")),
    _T("reopen", _("Reopen"), (S.CLOSED, S.REJECTED), S.AT_BODY, frozenset({SECRETARIAT}),
       K.REOPENED, _("A case that is %(state)s cannot be reopened."), reason_required=True,
       needs_body=True),
    _T("move", _("Move to the successor council"), (S.SUBMITTED, S.AT_BODY, S.ON_AGENDA, S.DECIDED,
                                             S.RETURNED), None,
       frozenset({MEETINGS}), K.MOVED,
       _("A case that is %(state)s cannot be moved to another collaboration."), on_page=False),
)}
# A case is offered the reform move when open; an open case arrives SUBMITTED, except one
# returned to its submitter, which stays with the submitter (see actions.do_move_case).
del S, K, _T


def transition(name: str) -> Transition:
    return TRANSITIONS[name]


def standing(roles: Roles, case: Case, *, chair: bool | None = None) -> frozenset[str]:
    """What the user is to ``case``: submitter, secretariat, chair of its current body.

    ``chair`` may be given when known; otherwise it costs one query, and only for a member
    of the case's current body."""
    held: set[str] = set()
    if roles.is_secretariat_of(case.collaboration_id):
        held.add(SECRETARIAT)
    if access.is_submitter(roles, case):
        held.add(SUBMITTER)
    if chair is None:
        chair = access.is_chair_of(roles, case.current_body_id)
    if chair:
        held.add(CHAIR)
    return frozenset(held)


def allowed(roles_or_user: Any, case: Case, *, chair: bool | None = None) -> list[Transition]:
    """The transitions the user may take on ``case`` now, as the case page offers them."""
    roles = roles_of(roles_or_user)
    held = standing(roles, case, chair=chair)
    return [t for t in TRANSITIONS.values()
            if t.on_page and case.state in t.sources and t.who & held]


def may_take(roles_or_user: Any, case: Case, step: Transition) -> bool:
    """Whether the user is one who may take ``step`` on ``case`` (whatever its state)."""
    return bool(step.who & standing(roles_of(roles_or_user), case))


def refusal(step: Transition, state: str) -> ValidationError:
    words = STATE_WORDS.get(state, state)
    return ValidationError(str(step.refused) % {"state": words},
                           code="illegal_transition")


def check(name: str, case: Case, *, roles: Roles | None = None, reason: str = "") -> Transition:
    """Refuse ``name`` on ``case`` unless its state allows it, the reason it needs is given
    and (with ``roles``; the meetings app checks its own actor) the user may take it."""
    step = TRANSITIONS[name]
    if case.state not in step.sources:
        raise refusal(step, case.state)
    if roles is not None and step.who != {MEETINGS} and not step.who & standing(roles, case):
        raise PermissionDenied
    if step.reason_required and not reason.strip():
        raise ValidationError({"reason": gettext("Give a reason; the submitter and the case's "
                                                 "history will show it.")},
                              code="reason_required")
    return step
