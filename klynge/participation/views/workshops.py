"""The secretariat's workshop pages: plan, invite, draw ideas from stories, open and close
voting, see the result, and turn the prioritised ideas into cases."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.participation import access, actions, pages
from klynge.participation.forms import IdeaForm, InviteForm, MakeCasesForm, WorkshopForm
from klynge.participation.models import Workshop


@login_required
@require_http_methods(["GET", "POST"])
def workshops(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_collaboration_for_keeping(request.user, code)
    form = WorkshopForm(request.POST or None, themes=pages.themes_of(collaboration))
    if submitted(request, form):
        workshop = run(form, actions.do_plan_workshop, request.user, collaboration,
                       **form.cleaned_data)
        if workshop:
            messages.success(request, _("The workshop was planned."))
            return redirect(workshop)
    return render(request, "participation/workshops.html",
                  pages.workshops_context(collaboration, form),
                  status=UNPROCESSABLE if form.errors else 200)


def _forms(workshop: Workshop, data: Any = None, which: str = "") -> dict[str, Any]:
    themes = pages.themes_of(workshop.collaboration)
    return {
        "edit_form": WorkshopForm(data if which == "edit" else None, prefix="edit",
                                  themes=themes, initial={
            "title": workshop.title, "theme": workshop.theme, "starts_at": workshop.starts_at,
            "place": workshop.place, "dots": workshop.dots,
            "description": workshop.description}),
        "invite_form": InviteForm(data if which == "invite" else None, prefix="invite"),
        "idea_form": IdeaForm(data if which == "idea" else None, prefix="idea", themes=themes,
                              stories=pages.workshop_stories(workshop)),
        "cases_form": MakeCasesForm(data if which == "cases" else None, prefix="cases",
                                    ideas=workshop.ideas.filter(case__isnull=True)),
    }


@login_required
@require_GET
def workshop(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_workshop_for_user(request.user, pk)
    return render(request, "participation/workshop.html",
                  pages.workshop_context(request, obj, **_forms(obj)))


def _post(request: HttpRequest, pk: int, which: str, action: Any, success: str,
          values: Any = None) -> HttpResponse:
    """Run ``action`` with the form ``which``'s values; back to the page, or the page with
    the form's errors (422)."""
    workshop = access.get_workshop_for_user(request.user, pk)
    form = _forms(workshop, request.POST, which)[f"{which}_form"]
    if submitted(request, form):
        kwargs = values(form.cleaned_data) if values else form.cleaned_data
        if run(form, action, request.user, workshop, **kwargs) is not None:
            messages.success(request, success)
            return redirect(workshop)
    forms = _forms(workshop) | {f"{which}_form": form}
    return render(request, "participation/workshop.html",
                  pages.workshop_context(request, workshop, **forms), status=UNPROCESSABLE)


@login_required
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "edit", actions.do_change_workshop, _("The workshop was saved."))


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "invite", actions.do_invite_participants,
                 _("The participants got their personal codes."),
                 lambda data: {"names": (data["names"] or "").splitlines(),
                               "unnamed": data["unnamed"] or 0})


@login_required
@require_POST
def add_idea(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, "idea", actions.do_add_idea, _("The idea was added."))


@login_required
@require_POST
def make_cases(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = access.get_workshop_for_user(request.user, pk)
    form = _forms(workshop, request.POST, "cases")["cases_form"]
    if submitted(request, form):
        made = run(form, actions.do_make_cases, request.user, workshop, form.cleaned_data["ideas"])
        if made:
            messages.success(request, ngettext(
                "%(count)s idea became a case.", "%(count)s ideas became cases.",
                len(made)) % {"count": len(made)})
            return redirect(workshop)
    forms = _forms(workshop) | {"cases_form": form}
    return render(request, "participation/workshop.html",
                  pages.workshop_context(request, workshop, **forms), status=UNPROCESSABLE)


def _step(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponse:
    workshop = access.get_workshop_for_user(request.user, pk)
    try:
        action(request.user, workshop)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(workshop)


@login_required
@require_POST
def open_voting(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, actions.do_open_voting, _("Voting is open."))


@login_required
@require_POST
def close_voting(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, actions.do_close_voting, _("Voting is closed."))


@login_required
@require_POST
def remove_idea(request: HttpRequest, pk: int) -> HttpResponse:
    idea = access.get_idea_for_user(request.user, pk)
    return _step(request, idea.workshop_id,
                 lambda user, _workshop: actions.do_remove_idea(user, idea),
                 _("The idea was removed."))
