"""My work, a collaboration's action items, and the reform move."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance import access as governance_access
from klynge.governance.views.common import UNPROCESSABLE
from klynge.meetings import access, actions, forms, handover, pages_follow_up
from klynge.meetings.models import ActionItem


@login_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/my_work.html", pages_follow_up.my_work_context(request))


@login_required
@require_GET
def action_items(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = governance_access.get_collaboration_for_user(request.user, code,
                                                                 write=True)
    return render(request, "meetings/action_items.html",
                  pages_follow_up.action_items_context(request, collaboration))


def _council(request: HttpRequest, code: str) -> Collaboration:
    council = governance_access.get_collaboration_for_user(request.user, code, write=True)
    if council.kind != Collaboration.Kind.HEALTH_COUNCIL:
        raise Http404
    return council


def _plan(council: Collaboration, cluster_code: str) -> handover.Handover:
    cluster = Collaboration.objects.filter(code=cluster_code,
                                           kind=Collaboration.Kind.HEALTH_CLUSTER).first()
    if cluster is None:
        raise Http404
    plan = handover.handover_of(cluster)
    if not plan.receives(council):
        raise Http404
    return plan


@login_required
@require_GET
def handover_list(request: HttpRequest, code: str) -> HttpResponse:
    council = _council(request, code)
    return render(request, "meetings/handover_list.html",
                  pages_follow_up.handover_list_context(council))


@login_required
@require_http_methods(["GET", "POST"])
def handover_page(request: HttpRequest, code: str, cluster: str) -> HttpResponse:
    """GET: the cluster's open cases and action items; POST: take them all over."""
    council = _council(request, code)
    plan = _plan(council, cluster)
    if request.method == "POST":
        try:
            cases, items = actions.do_take_over(request.user, plan.cluster, council)
        except ValidationError as error:
            context = pages_follow_up.handover_context(request, council, plan,
                                                       failed=error.messages)
            return render(request, "meetings/handover.html", context, status=UNPROCESSABLE)
        messages.success(request, _("%(council)s took over %(cases)d cases and %(items)d "
                                    "action items from %(cluster)s.")
                         % {"council": council.name, "cases": cases, "items": items,
                            "cluster": plan.cluster.name})
        return redirect("meetings:handover", code=council.code, cluster=plan.cluster.code)
    return render(request, "meetings/handover.html",
                  pages_follow_up.handover_context(request, council, plan))


@login_required
@require_POST
def handover_one(request: HttpRequest, code: str, cluster: str, kind: str,
                 pk: int) -> HttpResponse:
    """One case or action item of a split cluster goes to the council chosen for it."""
    council = _council(request, code)
    plan = _plan(council, cluster)
    if kind not in ("case", "action-item"):
        raise Http404
    form = forms.CouncilChoiceForm(request.POST, councils=plan.councils)
    if not form.is_valid():
        context = pages_follow_up.handover_context(request, council, plan,
                                                   failed=[_("Choose a council.")])
        return render(request, "meetings/handover.html", context, status=UNPROCESSABLE)
    chosen = form.cleaned_data["council"]
    if not access.may_hand_over(request.user, plan.cluster, chosen):
        raise PermissionDenied
    try:
        if kind == "case":
            case = Case.objects.filter(pk=pk, collaboration=plan.cluster).first()
            if case is None:
                raise Http404
            actions.do_hand_over_case(request.user, plan.cluster, case, chosen)
        else:
            item = ActionItem.objects.filter(pk=pk, collaboration=plan.cluster).first()
            if item is None:
                raise Http404
            actions.do_hand_over_action_item(request.user, plan.cluster, item, chosen)
    except ValidationError as error:
        context = pages_follow_up.handover_context(request, council, plan,
                                                   failed=error.messages)
        return render(request, "meetings/handover.html", context, status=UNPROCESSABLE)
    messages.success(request, _("It now belongs to %(council)s.") % {"council": chosen.name})
    return redirect("meetings:handover", code=council.code, cluster=plan.cluster.code)
