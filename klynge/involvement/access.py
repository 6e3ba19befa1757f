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
from klynge.core.periods import covering
from klynge.governance.access import visible_bodies
from klynge.governance.models import Body, Participation
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


def involved_bodies(user: Any, case: Case) -> QuerySet[Body]:
    """The bodies an entry may name: the case's collaboration's own bodies and the
    organisations' bodies taking part in it today (an elder council is its municipality's
    body), that the user may see; panels and elder councils first, no secretariat."""
    today = timezone.localdate()
    taking_part = (Participation.objects.on(today).filter(collaboration_id=case.collaboration_id)
                   .values("body_id"))
    return (visible_bodies(user).filter(covering(today))
            .filter(Q(collaboration_id=case.collaboration_id) | Q(pk__in=taking_part))
            .exclude(kind=Body.Kind.SECRETARIAT)
            .order_by("name", "pk"))
