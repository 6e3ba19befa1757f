"""Who may see and keep a case's involvement ledger. The only place that decides it.

- whoever may see the case sees its ledger (``klynge.cases.access``);
- the collaboration's secretariat (and administrators) record, change and remove entries;
- everything else answers 404, and a reader who tries to change the ledger 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from klynge.cases import access as case_access
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.core.periods import covering
from klynge.governance.access import can_edit_body, get_body_for_user, visible_bodies
from klynge.governance.models import Body, Participation
from klynge.governance.roles import roles_of
from klynge.involvement.models import Involvement


def may_keep_ledger(user: Any, case: Case) -> bool:
    """Recording, changing and removing entries: the case's secretariat."""
    return case_access.may_change_case(user, case)


def get_case_for_ledger(user: Any, pk: int, write: bool = False) -> Case:
    """The case whose ledger is shown: 404 unless the user may see the case; with ``write``,
    403 unless they keep its ledger."""
    case = case_access.get_case_for_user(user, pk)
    if write and not may_keep_ledger(user, case):
        raise PermissionDenied
    return case


def get_involvement_for_user(user: Any, pk: int, write: bool = False) -> Involvement:
    """An entry of a ledger: 404 unless the user may see its case; with ``write``, 403
    unless they keep the ledger."""
    try:
        involvement = (Involvement.objects
                       .select_related("case__collaboration", "case__submitted_by", "body")
                       .get(pk=pk))
    except Involvement.DoesNotExist:
        raise Http404 from None
    if not case_access.may_see_case(user, involvement.case):
        raise Http404
    if write and not may_keep_ledger(user, involvement.case):
        raise PermissionDenied
    return involvement


def collaboration_bodies(user: Any, collaboration_id: int | None) -> QuerySet[Body]:
    """The bodies of a collaboration and the organisations' bodies taking part in it today
    (an elder council is its municipality's body), that the user may see."""
    today = timezone.localdate()
    taking_part = (Participation.objects.on(today).filter(collaboration_id=collaboration_id)
                   .values("body_id"))
    return (visible_bodies(user).filter(covering(today))
            .filter(Q(collaboration_id=collaboration_id) | Q(pk__in=taking_part)))


def involved_bodies(user: Any, case: Case) -> QuerySet[Body]:
    """The bodies an entry may name: :func:`collaboration_bodies` of the case's
    collaboration, but no secretariat."""
    return (collaboration_bodies(user, case.collaboration_id)
            .exclude(kind=Body.Kind.SECRETARIAT).order_by("name", "pk"))


def get_collaboration_body_for_user(user: Any, pk: int) -> tuple[Body, Collaboration]:
    """A body of a collaboration, and the collaboration (its involvement overview): 404 for
    a body the user may not see, and for an organisation's body."""
    body = get_body_for_user(user, pk)
    if body.collaboration is None:
        raise Http404
    return body, body.collaboration


def may_set_followed(user: Any, body: Body) -> bool:
    """Who says what a panel follows: its members, and whoever keeps the body (its
    collaboration's secretariat, its organisation's secretary)."""
    if body.kind not in Body.PANEL_KINDS:
        return False
    return body.pk in roles_of(user).member_of or can_edit_body(user, body)


def get_panel_for_user(user: Any, pk: int, write: bool = False) -> Body:
    """A panel or elder council, for the themes it follows: 404 for one the user may not see
    and for any other body; with ``write``, 403 unless :func:`may_set_followed`."""
    body = get_body_for_user(user, pk)
    if body.kind not in Body.PANEL_KINDS:
        raise Http404
    if write and not may_set_followed(user, body):
        raise PermissionDenied
    return body
