"""What the follow-up pages show: my work, a collaboration's action items, the reform move."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone

from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body
from klynge.governance.roles import roles_of
from klynge.meetings import forms, handover
from klynge.meetings.models import ActionItem, AgendaReview, Meeting, MinutesApproval
from klynge.meetings.pages import own_person

State = Meeting.State
PAGE_SIZE = 50


def my_work_context(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's coming meetings, what waits for them, and their action items."""
    roles = roles_of(request.user)
    person = own_person(request)
    now = timezone.now()
    coming = (Meeting.objects.filter(body_id__in=roles.member_of, ends_at__gte=now)
              .exclude(state=State.CANCELLED).select_related("body").order_by("starts_at"))
    if person is None:
        reviews, approvals, action_items = [], [], []
    else:
        reviews = list(AgendaReview.objects.filter(
            person=person, answered_at__isnull=True, meeting__state=State.AGENDA_IN_REVIEW)
            .select_related("meeting__body").order_by("meeting__starts_at"))
        approvals = list(MinutesApproval.objects.filter(
            person=person, approver=True, approved_at__isnull=True,
            meeting__state=State.MINUTES_IN_APPROVAL)
            .select_related("meeting__body").order_by("meeting__starts_at"))
        action_items = list(ActionItem.objects.filter(owner=person, done_at__isnull=True)
                            .select_related("item__meeting__body", "case", "collaboration")
                            .order_by("due_on", "pk"))
    return {"person": person, "coming": list(coming[:50]), "reviews": reviews,
            "approvals": approvals, "action_items": action_items,
            "today": timezone.localdate()}


def action_items_context(request: HttpRequest, collaboration: Collaboration
                         ) -> dict[str, Any]:
    bodies = Body.objects.filter(collaboration=collaboration).order_by("name")
    form = forms.ActionItemFilterForm(request.GET or None, bodies=bodies)
    today = timezone.localdate()
    rows = (ActionItem.objects.filter(collaboration=collaboration)
            .select_related("owner", "case", "item__meeting__body")
            .order_by("done_at", "due_on", "pk"))
    show = "open"
    if form.is_valid():
        data = form.cleaned_data
        show = data["show"] or "open"
        if data["owner"]:
            rows = rows.filter(owner__name__icontains=data["owner"])
        if data["body"] is not None:
            rows = rows.filter(item__meeting__body=data["body"])
    rows = {
        "open": rows.filter(done_at__isnull=True),
        "overdue": rows.filter(done_at__isnull=True, due_on__lt=today),
        "done": rows.filter(done_at__isnull=False),
    }.get(show, rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"collaboration": collaboration, "form": form, "page": page, "today": today,
            "query": query.urlencode(), "show": show,
            "overdue_count": ActionItem.objects.filter(
                collaboration=collaboration, done_at__isnull=True, due_on__lt=today).count()}


def handover_list_context(council: Collaboration) -> dict[str, Any]:
    return {"council": council, "handovers": handover.clusters_for(council)}


def handover_context(request: HttpRequest, council: Collaboration, plan: handover.Handover,
                     **given: Any) -> dict[str, Any]:
    cases = list(handover.open_cases(plan.cluster).select_related("current_body"))
    items = list(handover.open_action_items(plan.cluster))
    choose = plan.is_split
    return {
        "council": council, "cluster": plan.cluster, "plan": plan, "cases": cases,
        "action_items": items, "split": choose,
        "choice_form": forms.CouncilChoiceForm(councils=plan.councils) if choose else None,
        "failed": given.get("failed"),
        "may_take_over": roles_of(request.user).is_secretariat_of(council.pk),
        "free_items": [item for item in items if item.case_id is None]
        if choose else items,
        "today": timezone.localdate(),
        "no_cases": not cases and not items,
    }
