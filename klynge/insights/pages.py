"""What the data sets and runs pages show (a bounded number of queries each)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse

from klynge.collaborations.models import Collaboration
from klynge.insights import access
from klynge.insights.access import datasets_of
from klynge.insights.actions import may_run_again
from klynge.insights.citations import figure_of, newer_runs
from klynge.insights.models import Citation, DataSet, Run

RECENT_RUNS = 20


def index_context(collaboration: Collaboration, **forms: Any) -> dict[str, Any]:
    datasets = list(datasets_of(collaboration).annotate(n_runs=Count("runs")))
    runs = list(Run.objects.filter(dataset__collaboration=collaboration)
                .select_related("dataset")[:RECENT_RUNS])
    return {"collaboration": collaboration, "datasets": datasets, "runs": runs, **forms}


def dataset_context(dataset: DataSet, **forms: Any) -> dict[str, Any]:
    return {"collaboration": dataset.collaboration, "dataset": dataset,
            "runs": list(dataset.runs.all()[:RECENT_RUNS]), **forms}


def run_context(run: Run) -> dict[str, Any]:
    indicators = list(run.results.filter(published=True).values("indicator")
                      .annotate(rows=Count("pk"), suppressed=Count("pk", filter=Q(
                          suppressed=True)))
                      .order_by("indicator")) if run.state == Run.State.DONE else []
    return {"collaboration": run.dataset.collaboration, "dataset": run.dataset, "run": run,
            "indicators": indicators, "may_run_again": may_run_again(run)}


def case_numbers(request: HttpRequest, case: Any) -> dict[str, Any] | None:
    """The views attached to a case, for the case page (``klynge.core.sections``; the case
    page decided the user may see the case): two queries, and one more for a user who may
    attach views. Left out when there is none and the user may not attach one."""
    citations = list(Citation.objects.filter(case=case).select_related("run"))
    for citation in citations:
        citation.case = case
    can_attach = access.may_attach_to(request.user, case)
    if not citations and not can_attach:
        return None
    offers = newer_runs(citations) if can_attach else {}
    return {"case": case, "can_attach": can_attach,
            "figures": [figure_of(citation, offers.get(citation.pk)) for citation in citations],
            "population_url": reverse("insights:population", args=[case.collaboration.code])}
