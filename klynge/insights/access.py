"""Who may work with a collaboration's data sets and runs. The only place that decides it.

- an administrator, and whoever holds the analyst role on the collaboration (a role grant,
  or through a seat), register data sets, start runs and see everything of them, the
  unsuppressed results included;
- a member of the collaboration (a seat in one of its bodies, or in an organisation's body
  taking part in it) gets 403 on its data sets and runs (the published results will be on
  its population page, for them all);
- everyone else gets 404, on the data sets and runs as on the workspace.

The population page (``get_collaboration_for_results``) shows the published results to the
analysts and the members, and the unsuppressed ones to the analysts only; 404 to everyone
else.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from klynge.collaborations.models import Collaboration
from klynge.governance.access import get_collaboration_for_user
from klynge.governance.roles import roles_of
from klynge.insights.models import DataSet, Run


def may_analyse(user: Any, collaboration_id: int | None) -> bool:
    roles = roles_of(user)
    return roles.is_admin or collaboration_id in roles.analyst_of


def get_collaboration_for_analyst(user: Any, code: str) -> Collaboration:
    """The collaboration, for its analysts (see the module's docstring for 403 and 404)."""
    collaboration = get_collaboration_for_user(user, code)
    _refuse(user, collaboration.pk)
    return collaboration


def sees_results(user: Any, collaboration_id: int) -> bool:
    """The collaboration's published results: its analysts and members (as below)."""
    roles = roles_of(user)
    return (may_analyse(user, collaboration_id)
            or collaboration_id in (roles.member_collaborations
                                    | roles.participating_collaborations
                                    | roles.secretariat_of))


def get_collaboration_for_results(user: Any, code: str, unsuppressed: bool = False
                                  ) -> Collaboration:
    """The collaboration, for its population page: 404 for anyone outside it; with
    ``unsuppressed``, 403 for a member who is not its analyst."""
    collaboration = get_collaboration_for_user(user, code)
    if not sees_results(user, collaboration.pk):
        raise Http404
    if unsuppressed and not may_analyse(user, collaboration.pk):
        raise PermissionDenied
    return collaboration


def _refuse(user: Any, collaboration_id: int) -> None:
    """Nothing for an analyst; 403 for another member of the collaboration; else 404."""
    if may_analyse(user, collaboration_id):
        return
    if sees_results(user, collaboration_id):
        raise PermissionDenied
    raise Http404


def datasets_of(collaboration: Collaboration) -> QuerySet[DataSet]:
    return DataSet.objects.filter(collaboration=collaboration)


def get_dataset_for_user(user: Any, pk: int) -> DataSet:
    try:
        dataset = DataSet.objects.select_related("collaboration").get(pk=pk)
    except DataSet.DoesNotExist:
        raise Http404 from None
    _refuse(user, dataset.collaboration_id)
    return dataset


def get_run_for_user(user: Any, pk: int) -> Run:
    try:
        run = Run.objects.select_related("dataset__collaboration").get(pk=pk)
    except Run.DoesNotExist:
        raise Http404 from None
    _refuse(user, run.dataset.collaboration_id)
    return run
