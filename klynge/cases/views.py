"""The case pages: thin views over ``access``, ``actions`` and ``pages``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.attachments.serving import attachment_of, serve
from klynge.cases import access, actions, pages, states
from klynge.cases.forms import CaseForm, ConfidentialForm, FilesForm, NewCaseForm, StepForm
from klynge.cases.models import Case
from klynge.governance.access import get_collaboration_for_user
from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.notifications.actions import do_follow, do_unfollow
from klynge.notifications.models import Topic
from klynge.vocabulary.actions import do_seed_vocabulary
from klynge.vocabulary.models import Term


@login_required
@require_GET
def case_list(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = get_collaboration_for_user(request.user, code)
    context = pages.case_list_context(request, collaboration)
    status = UNPROCESSABLE if context["form"].errors else 200
    return render(request, "cases/case_list.html", context, status=status)


@login_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/my_cases.html", pages.my_cases_context(request))


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = get_collaboration_for_user(request.user, code)
    access.get_collaboration_for_submitting(request.user, collaboration)
    if not Term.objects.filter(collaboration=collaboration).exists():
        do_seed_vocabulary(request.user, collaboration)
    form = NewCaseForm(request.POST or None, request.FILES or None,
                       terms=Term.objects.filter(collaboration=collaboration).active(),
                       bodies=access.submitting_bodies(request.user, collaboration),
                       as_self=access.may_submit_as_self(request.user, collaboration))
    if submitted(request, form):
        data = form.cleaned_data
        case = run(form, actions.do_submit_case, request.user, collaboration,
                   title=data["title"], description=data["description"],
                   request=data["request"], target_groups=data["target_groups"],
                   themes=data["themes"], submitting_body=data["submit_as"],
                   files=data["attachments"])
        if case is not None:
            messages.success(request, _("Case %(number)s was submitted. The secretariat "
                                        "will screen it.") % {"number": case.file_number})
            return redirect(case)
    return render(request, "cases/case_new.html",
                  {"collaboration": collaboration, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


def _case_page(request: HttpRequest, case: Case, status: int = 200,
               **forms: Any) -> HttpResponse:
    return render(request, "cases/case.html", pages.case_context(request, case, **forms),
                  status=status)


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, access.get_case_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_editing(request.user, pk)
    initial: dict[str, Any] = {"title": case.title, "description": case.description,
               "request": case.request, "target_groups": list(case.target_groups.all()),
               "themes": list(case.themes.all())}
    tagged = [t.pk for t in initial["target_groups"] + initial["themes"]]
    terms = Term.objects.filter(Q(retired=False) | Q(pk__in=tagged),
                                collaboration=case.collaboration)
    form = CaseForm(request.POST or None, terms=terms, initial=initial)
    if submitted(request, form) and run(form, actions.do_change_case, request.user, case,
                                        **form.cleaned_data):
        messages.success(request, _("Case %(number)s was saved.")
                         % {"number": case.file_number})
        return redirect(case)
    return render(request, "cases/case_edit.html", {"case": case, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


def _take(request: HttpRequest, case: Case, form: StepForm) -> Any:
    data, user = form.cleaned_data, request.user
    reason = data.get("reason", "")
    name = form.step.name
    if name == "route":
        return run(form, actions.do_route_case, user, case, data["to_body"], reason)
    if name == "reopen":
        return run(form, actions.do_reopen_case, user, case, reason, data.get("to_body"))
    if name == "recommend":
        return run(form, actions.do_recommend, user, case, data["text"])
    simple = {"return": actions.do_return_case, "resubmit": actions.do_resubmit_case,
              "reject": actions.do_reject_case, "withdraw": actions.do_withdraw_case,
              "close": actions.do_close_case}
    return run(form, simple[name], user, case, reason)


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Take one step of the state machine from the case page."""
    case = access.get_case_for_user(request.user, pk)
    step = states.TRANSITIONS.get(name)
    if step is None or not step.on_page:
        raise Http404
    if not states.may_take(request.user, case, step):
        raise PermissionDenied
    form = pages.step_form(request.user, case, step, request.POST)
    if form.is_valid() and _take(request, case, form) is not None:
        messages.success(request, _("Case %(number)s: %(step)s – done.")
                         % {"number": case.file_number, "step": step.label})
        return redirect(case)
    case = access.get_case_for_user(request.user, pk)
    if step not in states.allowed(request.user, case):  # e.g. someone else took a step first
        for error in form.non_field_errors():
            messages.error(request, str(error))
    return _case_page(request, case, UNPROCESSABLE, bound=form)


@login_required
@require_POST
def case_confidential(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk, write=True)
    form = ConfidentialForm(request.POST)
    if form.is_valid() and run(form, actions.do_set_case_confidential, request.user, case,
                               form.cleaned_data["confidential"], form.cleaned_data["reason"]):
        messages.success(request, _("Case %(number)s was saved.")
                         % {"number": case.file_number})
        return redirect(case)
    return _case_page(request, case, UNPROCESSABLE, confidential_form=form)


@login_required
@require_POST
def case_attach(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_editing(request.user, pk)
    form = FilesForm(request.POST, request.FILES)
    if form.is_valid() and run(form, actions.do_attach_to_case, request.user, case,
                               form.cleaned_data["attachments"]) is not None:
        messages.success(request, _("The files were attached."))
        return redirect(case)
    return _case_page(request, case, UNPROCESSABLE, files_form=form)


@login_required
@require_GET
def case_file(request: HttpRequest, pk: int, attachment: int) -> HttpResponseBase:
    case = access.get_case_for_user(request.user, pk)
    return serve(attachment_of(case, attachment))


@login_required
@require_POST
def case_file_remove(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    case = access.get_case_for_editing(request.user, pk)
    found = attachment_of(case, attachment)
    actions.do_remove_case_attachment(request.user, case, found)
    messages.success(request, _("The file %(name)s was removed.") % {"name": found.name})
    return redirect(case)


@login_required
@require_POST
def case_follow(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk)
    if request.POST.get("follow") == "0":
        do_unfollow(request.user, request.user, Topic.CASE, case.pk)
        messages.success(request, _("You no longer follow case %(number)s.")
                         % {"number": case.file_number})
    else:
        do_follow(request.user, request.user, Topic.CASE, case.pk)
        messages.success(request, _("You follow case %(number)s.")
                         % {"number": case.file_number})
    return redirect(case)
