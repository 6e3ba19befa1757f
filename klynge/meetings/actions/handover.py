"""The reform move: a cluster's open cases and action items go to its successor council,
with their history intact."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.core.writes import locked
from klynge.meetings import handover
from klynge.meetings.actions import cases_link
from klynge.meetings.models import ActionItem


def _check_pair(cluster: Collaboration, council: Collaboration) -> handover.Handover:
    if cluster.kind != Collaboration.Kind.HEALTH_CLUSTER:
        raise ValidationError(_("%(name)s is not a health cluster.") % {"name": cluster.name})
    if council.kind != Collaboration.Kind.HEALTH_COUNCIL:
        raise ValidationError(_("%(name)s is not a health council.") % {"name": council.name})
    plan = handover.handover_of(cluster)
    if not plan.receives(council):
        raise ValidationError(_("%(council)s shares no municipality with %(cluster)s.")
                              % {"council": council.name, "cluster": cluster.name})
    return plan


def _reason(cluster: Collaboration) -> str:
    return _("Taken over from %(cluster)s at the reform.") % {"cluster": cluster.name}


def _move_case(actor: Any, case: Case, cluster: Collaboration, council: Collaboration
               ) -> Case:
    return cases_link.move_case(actor, case, council, _reason(cluster))


def _move_action_item(actor: Any, action_item: ActionItem, council: Collaboration) -> None:
    old = action_item.collaboration_id
    action_item.collaboration = council
    action_item.save(update_fields=["collaboration"])
    record(actor, AuditEntry.Verb.UPDATE, action_item, changes={"collaboration": (old,
                                                                                 council.pk)},
           collaboration_code=council.code, details={"step": "reform_move"})


@transaction.atomic
def do_take_over(actor: Any, cluster: Collaboration, council: Collaboration
                 ) -> tuple[int, int]:
    """``council`` takes over every open case and action item of ``cluster`` (its single
    successor; a split cluster is decided case by case). Returns (cases, action items)."""
    plan = _check_pair(cluster, council)
    if plan.is_split:
        raise ValidationError(_("The municipalities of %(cluster)s go to more than one "
                                "council; decide where each case goes.")
                              % {"cluster": cluster.name})
    cases = list(locked(Case).filter(pk__in=handover.open_cases(cluster).values("pk")))
    items = list(locked(ActionItem).filter(collaboration=cluster, done_at__isnull=True))
    for case in cases:
        _move_case(actor, case, cluster, council)
    for action_item in items:
        _move_action_item(actor, action_item, council)
    record(actor, AuditEntry.Verb.UPDATE, council, collaboration_code=council.code,
           details={"step": "take_over", "from": cluster.code,
                    "cases": [case.pk for case in cases],
                    "action_items": [item.pk for item in items]})
    return len(cases), len(items)


@transaction.atomic
def do_hand_over_case(actor: Any, cluster: Collaboration, case: Case,
                      council: Collaboration) -> Case:
    """One open case of a (split) cluster goes to ``council``, one of the councils sharing
    its municipalities; its open action items go with it."""
    _check_pair(cluster, council)
    case = locked(Case).get(pk=case.pk)
    if case.collaboration_id != cluster.pk or not case.is_open:
        raise ValidationError(_("Case %(number)s is no open case of %(cluster)s.")
                              % {"number": case.file_number, "cluster": cluster.name})
    items = list(locked(ActionItem).filter(case=case, collaboration=cluster,
                                           done_at__isnull=True))
    moved = _move_case(actor, case, cluster, council)
    for action_item in items:
        _move_action_item(actor, action_item, council)
    record(actor, AuditEntry.Verb.UPDATE, council, collaboration_code=council.code,
           details={"step": "take_over_case", "from": cluster.code, "case": case.pk,
                    "action_items": [item.pk for item in items]})
    return moved


@transaction.atomic
def do_hand_over_action_item(actor: Any, cluster: Collaboration, action_item: ActionItem,
                             council: Collaboration) -> ActionItem:
    """One open action item of a (split) cluster goes to ``council``."""
    _check_pair(cluster, council)
    action_item = locked(ActionItem).get(pk=action_item.pk)
    if action_item.collaboration_id != cluster.pk or action_item.done_at is not None:
        raise ValidationError(_("This is no open action item of %(cluster)s.")
                              % {"cluster": cluster.name})
    _move_action_item(actor, action_item, council)
    return action_item
