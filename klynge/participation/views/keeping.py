"""The secretariat's side of the public page: the moderation queue, what is public, and
the page's settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.cases.access import get_case_for_user
from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.hearings.access import get_hearing_for_user
from klynge.participation import access, actions, pages
from klynge.participation.forms import ModerationForm, PublicPageForm
from klynge.participation.models import Contribution


@login_required
@require_GET
def moderation(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_collaboration_for_keeping(request.user, code)
    state = request.GET.get("state", Contribution.State.PENDING)
    if state not in Contribution.State.values:
        state = Contribution.State.PENDING
    return render(request, "participation/moderation.html",
                  pages.moderation_context(collaboration, state))


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = access.get_contribution_for_user(request.user, pk)
    code = contribution.collaboration.code
    form = ModerationForm(request.POST, themes=pages.themes_of(contribution.collaboration))
    if submitted(request, form) and run(form, actions.do_moderate_contribution, request.user,
                                        contribution, **form.cleaned_data):
        messages.success(request, _("The contribution was approved.")
                         if form.cleaned_data["approve"] else
                         _("The contribution was rejected."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
    url = reverse("participation:moderation", args=[code])
    return redirect(f"{url}?state={Contribution.State.PENDING}")


@login_required
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """Tell the teller what came of their contribution (e-mailed to them)."""
    contribution = access.get_contribution_for_user(request.user, pk)
    try:
        actions.do_send_feedback(request.user, contribution, request.POST.get("feedback", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The feedback is on its way to the teller."))
    url = reverse("participation:moderation", args=[contribution.collaboration.code])
    return redirect(f"{url}?state={contribution.state}")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_collaboration_for_keeping(request.user, code)
    current = pages.page_settings(collaboration)
    form = PublicPageForm(request.POST or None, initial={
        "introduction": current.introduction,
        "accepts_contributions": current.accepts_contributions,
        "retention_days": current.retention_days})
    if submitted(request, form) and run(form, actions.do_set_public_page, request.user,
                                        collaboration, **form.cleaned_data):
        messages.success(request, _("The public page's settings were saved."))
        return redirect("participation:settings", code=code)
    return render(request, "participation/settings.html",
                  {"collaboration": collaboration, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


def _public_flag(request: HttpRequest) -> bool:
    return request.POST.get("public") == "yes"


@login_required
@require_POST
def case_public(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, write=True)
    public = _public_flag(request)
    try:
        actions.do_set_case_public(request.user, case, public)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The case is shown on the public page.") if public
                         else _("The case is no longer shown on the public page."))
    return redirect(case)


@login_required
@require_POST
def hearing_public(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = get_hearing_for_user(request.user, pk, write=True)
    public = _public_flag(request)
    actions.do_set_hearing_public(request.user, hearing, public)
    messages.success(request, _("The hearing is shown on the public page once it is open.")
                     if public else _("The hearing is no longer shown on the public page."))
    return redirect(hearing)
