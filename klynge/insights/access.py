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

from klynge.cases.access import get_case_for_user, may_edit_case, visible_cases
from klynge.cases.models import OPEN_STATES, Case
from klynge.collaborations.models import Collaboration
from klynge.governance.access import get_collaboration_for_user
from klynge.governance.roles import roles_of
from klynge.insights.models import Citation, DataSet, Run


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


def attachable_cases(user: Any, collaboration: Collaboration) -> list[Case]:
    """The collaboration's open cases to which ``user`` may attach an indicator view
    (:func:`may_attach_to`), the newest 200."""
    if not sees_results(user, collaboration.pk):
        return []
    cases = (visible_cases(user).filter(state__in=OPEN_STATES, collaboration=collaboration)
             .select_related("submitted_by").order_by("-year", "-serial")[:200])
    return [case for case in cases if may_attach_to(user, case)]


def may_attach_to(user: Any, case: Case) -> bool:
    """Attaching views to a case being prepared (the case seen, and open): its
    collaboration's analysts, and whoever may change the case's text (``cases.access
    .may_edit_case``: the secretariat while the case is open, the submitter while it waits
    for screening or was returned), if they see the collaboration's published results."""
    if not case.is_open or not sees_results(user, case.collaboration_id):
        return False
    return may_analyse(user, case.collaboration_id) or may_edit_case(user, case)


def get_case_for_attaching(user: Any, pk: int) -> Case:
    """The case, to attach a view to or change its views: 404 if the user may not see it,
    403 unless :func:`may_attach_to`."""
    case = get_case_for_user(user, pk)
    if not may_attach_to(user, case):
        raise PermissionDenied
    return case


def get_citation_for_user(user: Any, pk: int, write: bool = False) -> Citation:
    """A view attached to a case: seen with the case (404 otherwise); with ``write`` (update
    or remove it), 403 unless the user may attach views to the case."""
    try:
        citation = Citation.objects.select_related("run").get(pk=pk)
    except Citation.DoesNotExist:
        raise Http404 from None
    citation.case = (get_case_for_attaching(user, citation.case_id) if write
                     else get_case_for_user(user, citation.case_id))
    return citation
