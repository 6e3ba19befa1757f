"""What every case action shares: taking a step of the state machine, writing its event and
audit entry, and telling the case's followers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import acting_user, record, with_reason
from klynge.cases import access, states
from klynge.cases.models import Case, CaseEvent
from klynge.core.writes import locked
from klynge.governance.models import Body, Seat
from klynge.governance.roles import Roles
from klynge.notifications.actions import do_notify
from klynge.notifications.models import Notification, Topic

UNCHANGED: Any = object()


def fresh(case: Case) -> Case:
    """``case`` again, its row locked until the transaction ends, with what steps read."""
    return (locked(Case).select_related("collaboration", "submitted_by", "current_body",
                                        "origin_body", "submitting_body")
            .get(pk=case.pk))


def actor_roles(actor: Any) -> Roles:
    return Roles.for_user(actor)


def check_body(case: Case, body: Body | None, field: str = "to_body") -> Body:
    """A body the case may go to: one of its collaboration's, in force today."""
    if body is None:
        raise ValidationError({field: _("Choose the body the case goes to.")})
    today = timezone.localdate()
    if body.collaboration_id != case.collaboration_id:
        raise ValidationError({field: _("%(body)s is not a body of %(collaboration)s.") % {
            "body": body.name, "collaboration": case.collaboration.name}})
    if not body.is_valid_on(today):
        raise ValidationError({field: _("%(body)s does not exist on %(date)s.") % {
            "body": body.name, "date": today.isoformat()}})
    return body


def event(actor: Any, case: Case, kind: str, *, from_state: str = "", to_state: str = "",
          from_body: Body | None = None, to_body: Body | None = None, reason: str = "",
          details: dict[str, Any] | None = None) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, kind=kind, at=timezone.now(),
        actor=acting_user(actor),
        from_state=from_state, to_state=to_state, from_body=from_body, to_body=to_body,
        reason=reason.strip(), details=dict(details or {}))


def audit(actor: Any, verb: str, case: Case, *,
          changes: dict[str, tuple[Any, Any]] | None = None, reason: str = "",
          details: dict[str, Any] | None = None) -> None:
    record(actor, verb, case, changes=changes,
           details=with_reason(reason.strip()) | dict(details or {}),
           collaboration_code=case.collaboration.code)


def take(actor: Any, case: Case, name: str, *, roles: Roles | None, reason: str = "",
         to_body: Any = UNCHANGED, details: dict[str, Any] | None = None
         ) -> tuple[Case, CaseEvent]:
    """Take the transition ``name``: check it (state, reason and, with ``roles``, who),
    move the case, and write its event and audit entry. Call inside the action's
    transaction; the case is locked first, so two steps never cross."""
    case = fresh(case)
    step = states.check(name, case, roles=roles, reason=reason)
    old_state, old_body = case.state, case.current_body
    changes: dict[str, tuple[Any, Any]] = {}
    if step.target is not None and step.target != old_state:
        changes["state"] = (old_state, step.target)
        case.state = step.target
    if to_body is not UNCHANGED and to_body != old_body:
        changes["current_body"] = (old_body, to_body)
        case.current_body = to_body
        if case.origin_body_id is None:
            case.origin_body = to_body  # where its handling began; kept when forwarded
    if changes:
        case.save()
    made = event(actor, case, step.event, from_state=old_state, to_state=case.state,
                 from_body=old_body, to_body=None if to_body is UNCHANGED else to_body,
                 reason=reason, details=details)
    audit(actor, name, case, changes=changes, reason=reason, details=details)
    return case, made


def submitter_user_ids(case: Case) -> list[int]:
    person = case.submitted_by if case.submitted_by_id is not None else None
    return [person.user_id] if person is not None and person.user_id is not None else []


def secretariat_user_ids(case: Case) -> list[int]:
    """The users sitting in the secretariat of the case's collaboration today."""
    return list(Seat.objects.on(timezone.localdate())
                .filter(body__collaboration_id=case.collaboration_id,
                        body__kind=Body.Kind.SECRETARIAT, person__user__isnull=False)
                .values_list("person__user_id", flat=True))


def term_topics(case: Case) -> list[tuple[str, int]]:
    """The case's themes and target groups as topics: whoever follows one of them (a user a
    theme; a panel or elder council either, ``klynge.involvement.following``) is told."""
    themes = case.themes.through.objects.filter(case=case).values_list("term_id", flat=True)
    groups = case.target_groups.through.objects.filter(case=case).values_list("term_id",
                                                                               flat=True)
    return [(Topic.THEME, pk) for pk in [*themes, *groups]]


def tell(actor: Any, case: Case, message: str, *, also_users: list[int] | None = None,
         also_topics: list[tuple[str, int]] | None = None) -> list[Notification]:
    """Tell the case's followers and its submitter (and ``also_users``) of ``message``, a
    msgid marked with ``gettext_noop`` that may use ``%(number)s`` and ``%(title)s``; only
    those who may see the case are told."""
    def may_see(user: Any) -> bool:
        return access.may_see_case(Roles.for_user(user), case)

    return do_notify(
        actor, topic=(Topic.CASE, case.pk), message=message,
        params={"number": case.file_number, "title": case.title},
        url=case.get_absolute_url(), may_see=may_see, collaboration=case.collaboration,
        also_topics=also_topics or [],
        also_users=[*submitter_user_ids(case), *(also_users or [])])
