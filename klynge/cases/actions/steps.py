"""The steps the secretariat, a chair and the submitter take on the case page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.cases import states
from klynge.cases.actions.common import (
    actor_roles,
    check_body,
    fresh,
    secretariat_user_ids,
    take,
    tell,
)
from klynge.cases.models import Case, Recommendation, State
from klynge.governance.models import Body


@transaction.atomic
def do_route_case(actor: Any, case: Case, to_body: Body | None, reason: str = "") -> Case:
    """The secretariat sends the case to a body of the collaboration: a working group, or up
    the hierarchy to the strategic or political level."""
    current = fresh(case)
    states.check("route", current, roles=actor_roles(actor), reason=reason)
    check_body(current, to_body)
    assert to_body is not None
    if current.state == State.AT_BODY and current.current_body_id == to_body.pk:
        raise ValidationError({"to_body": _("The case is already with %(body)s.")
                               % {"body": to_body.name}})
    case, _event = take(actor, current, "route", roles=actor_roles(actor), reason=reason,
                        to_body=to_body)
    tell(actor, case, gettext_noop("Case %(number)s was routed to a body."))
    return case


@transaction.atomic
def do_return_case(actor: Any, case: Case, reason: str) -> Case:
    """Back to the submitter, with a reason; they may change it and submit it again."""
    case, _event = take(actor, case, "return", roles=actor_roles(actor), reason=reason)
    tell(actor, case, gettext_noop("Case %(number)s was returned to the submitter."))
    return case


@transaction.atomic
def do_resubmit_case(actor: Any, case: Case, reason: str = "") -> Case:
    case, _event = take(actor, case, "resubmit", roles=actor_roles(actor), reason=reason)
    tell(actor, case, gettext_noop("Case %(number)s was submitted again."),
         also_users=secretariat_user_ids(case))
    return case


@transaction.atomic
def do_reject_case(actor: Any, case: Case, reason: str) -> Case:
    case, _event = take(actor, case, "reject", roles=actor_roles(actor), reason=reason)
    tell(actor, case, gettext_noop("Case %(number)s was rejected."))
    return case


@transaction.atomic
def do_withdraw_case(actor: Any, case: Case, reason: str = "") -> Case:
    case, _event = take(actor, case, "withdraw", roles=actor_roles(actor), reason=reason)
    tell(actor, case, gettext_noop("Case %(number)s was withdrawn."),
         also_users=secretariat_user_ids(case))
    return case


@transaction.atomic
def do_recommend(actor: Any, case: Case, text: str, *,
                 details: dict[str, Any] | None = None) -> Recommendation:
    """The body the case is with recommends what the deciding body should do; kept apart
    from the decisions. The secretariat or a chair of that body records it."""
    if not text.strip():
        raise ValidationError({"text": _("Write the recommendation.")})
    current = fresh(case)
    body = current.current_body
    case, made = take(actor, current, "recommend", roles=actor_roles(actor),
                      details=details)
    assert body is not None
    recommendation = Recommendation.objects.create(
        case=case, body=body, text=text.strip(), given_on=timezone.localdate(),
        recorded_by=made.actor, details=dict(details or {}))
    made.details = {**made.details, "recommendation": recommendation.pk}
    made.from_body = body
    made.save(update_fields=["details", "from_body"])
    tell(actor, case, gettext_noop("A recommendation was given on case %(number)s."))
    return recommendation


@transaction.atomic
def do_close_case(actor: Any, case: Case, reason: str = "") -> Case:
    case, _event = take(actor, case, "close", roles=actor_roles(actor), reason=reason)
    tell(actor, case, gettext_noop("Case %(number)s was closed."))
    return case


@transaction.atomic
def do_reopen_case(actor: Any, case: Case, reason: str, to_body: Body | None = None) -> Case:
    """A closed or rejected case back with a body (its last one unless another is given),
    with a reason."""
    current = fresh(case)
    states.check("reopen", current, roles=actor_roles(actor), reason=reason)
    body = check_body(current, to_body or current.current_body)
    case, _event = take(actor, current, "reopen", roles=actor_roles(actor), reason=reason,
                        to_body=body)
    tell(actor, case, gettext_noop("Case %(number)s was reopened."))
    return case

