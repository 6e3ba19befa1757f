"""A collaboration's data sets and runs, for its analysts: register a folder or generate a
data set, follow its validation, start a run and follow it (the status parts are polled by
HTMX; without JavaScript the page reloads itself while work goes on)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.insights import access, actions, pages, population
from klynge.insights.citations import newer_runs
from klynge.insights.compare import compare_context
from klynge.insights.forms import AttachForm, FolderForm, GenerateForm, RunForm, UploadForm


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_collaboration_for_analyst(request.user, code)
    which = request.POST.get("form")
    folder_form = FolderForm(request.POST if which == "folder" else None)
    generate_form = GenerateForm(request.POST if which == "generate" else None)
    upload_form = UploadForm(request.POST if which == "upload" else None,
                             request.FILES if which == "upload" else None)
    for form, action in ((folder_form, actions.do_register_folder),
                         (generate_form, actions.do_generate_dataset),
                         (upload_form, actions.do_upload_dataset)):
        if submitted(request, form):
            dataset = run(form, action, request.user, collaboration, **form.cleaned_data)
            if dataset:
                messages.success(request, _("The data set was registered; it is being "
                                            "validated."))
                return redirect("insights:dataset", dataset.pk)
    failed = bool(folder_form.errors or generate_form.errors or upload_form.errors)
    return render(request, "insights/index.html",
                  pages.index_context(collaboration, folder_form=folder_form,
                                      generate_form=generate_form, upload_form=upload_form),
                  status=UNPROCESSABLE if failed else 200)


def _part(request: HttpRequest, template: str) -> str:
    """The whole page, or only its status part for HTMX's polling."""
    return template + "#status" if getattr(request, "htmx", False) else template


@login_required
@require_http_methods(["GET", "POST"])
def dataset(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_dataset_for_user(request.user, pk)
    form = RunForm(request.POST or None,
                   initial={"year": obj.last_year} if obj.last_year else None)
    if submitted(request, form):
        queued = run(form, actions.do_request_run, request.user, obj, **form.cleaned_data)
        if queued:
            messages.success(request, _("The run was queued."))
            return redirect("insights:run", queued.pk)
    return render(request, _part(request, "insights/dataset.html"),
                  pages.dataset_context(obj, run_form=form),
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_http_methods(["GET"])
def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_run_for_user(request.user, pk)
    return render(request, _part(request, "insights/run.html"), pages.run_context(obj))


@login_required
@require_POST
def run_again(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_run_for_user(request.user, pk)
    try:
        queued = actions.do_run_again(request.user, obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("insights:run", obj.pk)
    messages.success(request, _("The run was queued again."))
    return redirect("insights:run", queued.pk)


@login_required
@require_GET
def population_page(request: HttpRequest, code: str, municipality: str = "") -> HttpResponse:
    """A collaboration's population page, or one of its municipalities'."""
    unsuppressed = request.GET.get("view") == "unsuppressed"
    collaboration = access.get_collaboration_for_results(request.user, code, unsuppressed)
    try:
        context = population.page_context(
            collaboration, unsuppressed=unsuppressed,
            may_analyse=access.may_analyse(request.user, collaboration.pk),
            chosen=request.GET.get("indicator", ""), group_by=request.GET.get("by", ""),
            municipality=municipality)
    except LookupError:
        raise Http404 from None
    run_ = context["run"]
    export = request.GET.get("format", "")
    table = request.GET.get("table", "indicators")
    if export not in ("", "csv", "xlsx") or table not in population.TABLES:
        raise Http404
    if unsuppressed and run_ is not None:
        actions.do_record_unsuppressed_view(request.user, run_, export=export)
    if export and run_ is not None:
        try:
            return population.download(context, export, table)
        except LookupError:
            raise Http404 from None
    if run_ is not None and not unsuppressed and context.get("chosen"):
        context["attach_form"] = _attach_form(request, context)
    return render(request, "insights/population.html", context)


def _attach_form(request: HttpRequest, context: dict[str, Any],
                 data: Any = None) -> AttachForm | None:
    """The form to attach the page's view to a case: for a user with cases to attach to."""
    cases = access.attachable_cases(request.user, context["collaboration"])
    if not cases:
        return None
    run_ = context["run"]
    wanted = request.GET.get("case", "")
    return AttachForm(data, cases=cases, areas=context["areas"],
                      years=list(context["years"]), initial={
                          "case": int(wanted) if wanted.isdigit() else None,
                          "areas": [f"{a.level}:{a.code}" for a in context["areas"]],
                          "years": [run_.year], "indicator": context["chosen"].indicator,
                          "group_by": context.get("group_by") or "total"})


@login_required
@require_POST
def attach(request: HttpRequest, code: str) -> HttpResponse:
    """Attach the page's view (published results only) to a case."""
    collaboration = access.get_collaboration_for_results(request.user, code)
    context = population.page_context(
        collaboration, unsuppressed=False,
        may_analyse=access.may_analyse(request.user, collaboration.pk),
        chosen=request.POST.get("indicator", ""), group_by=request.POST.get("group_by", ""))
    if context["run"] is None:
        raise Http404
    form = _attach_form(request, context, request.POST)
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        case = access.get_case_for_attaching(request.user, form.cleaned_data["case"])
        citation = run(form, actions.do_attach_view, request.user, case, run=context["run"],
                       indicator=form.cleaned_data["indicator"], areas=form.chosen_areas(),
                       group_by=form.cleaned_data["group_by"],
                       years=form.cleaned_data["years"])
        if citation:
            messages.success(request, _("The view was attached to the case."))
            return redirect(case.get_absolute_url() + "#numbers")
    context["attach_form"] = form
    return render(request, "insights/population.html", context, status=UNPROCESSABLE)


@login_required
@require_POST
def update_citation(request: HttpRequest, pk: int) -> HttpResponse:
    """Freeze a case's view again from the collaboration's newest run."""
    citation = access.get_citation_for_user(request.user, pk, write=True)
    newer = newer_runs([citation]).get(citation.pk)
    if newer is None:
        messages.info(request, _("The view already shows the newest run."))
    else:
        try:
            actions.do_update_citation(request.user, citation, newer)
            messages.success(request, _("The view was updated from the newest run."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(citation.case.get_absolute_url() + "#numbers")


@login_required
@require_POST
def remove_citation(request: HttpRequest, pk: int) -> HttpResponse:
    citation = access.get_citation_for_user(request.user, pk, write=True)
    actions.do_remove_citation(request.user, citation)
    messages.success(request, _("The view was removed from the case."))
    return redirect(citation.case.get_absolute_url() + "#numbers")


@login_required
@require_GET
def compare(request: HttpRequest, code: str) -> HttpResponse:
    """Two to five areas side by side on one indicator, with their intervals and the pairs'
    differences (published results only; who sees it: as the population page)."""
    collaboration = access.get_collaboration_for_results(request.user, code)
    context = compare_context(collaboration, request.GET)
    form = context.get("form")
    return render(request, "insights/compare.html", context,
                  status=UNPROCESSABLE if form is not None and form.errors else 200)
