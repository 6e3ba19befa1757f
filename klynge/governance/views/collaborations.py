"""The collaboration page: its structure, partners and analysts, and what a secretariat
changes there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.collaborations import actions as collaboration_actions
from klynge.governance import access, actions, pages
from klynge.governance.forms import CollaborationForm, LastDayForm, NewBodyForm, PartnerForm
from klynge.governance.views.common import UNPROCESSABLE, run, submitted

TEMPLATE = "governance/collaboration.html"


@login_required
@require_GET
def collaboration(request: HttpRequest, code: str) -> HttpResponse:
    obj = access.get_collaboration_for_user(request.user, code)
    return render(request, TEMPLATE, pages.collaboration_context(request, obj))


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_edit(request: HttpRequest, code: str) -> HttpResponse:
    obj = access.get_collaboration_for_user(request.user, code, write=True)
    form = CollaborationForm(request.POST or None, initial={"description": obj.description})
    if submitted(request, form) and run(
        form, collaboration_actions.do_update_collaboration, request.user, obj, **form.cleaned_data
    ):
        messages.success(request, _("The collaboration was saved."))
        return redirect(obj)
    status = UNPROCESSABLE if form.errors else 200
    return render(request, "governance/collaboration_edit.html",
                  {"collaboration": obj, "form": form}, status=status)


@login_required
@require_POST
def body_create(request: HttpRequest, code: str) -> HttpResponse:
    obj = access.get_collaboration_for_user(request.user, code, write=True)
    form = NewBodyForm(request.POST, owner=obj)
    if form.is_valid():
        body = run(form, actions.do_create_body, request.user, obj, **form.cleaned_data)
        if body:
            messages.success(request, _("The body %(name)s was created.") % {"name": body.name})
            return redirect(body)
    context = pages.collaboration_context(request, obj, body_form=form)
    return render(request, TEMPLATE, context, status=UNPROCESSABLE)


@login_required
@require_POST
def partner_add(request: HttpRequest, code: str) -> HttpResponse:
    obj = access.get_collaboration_for_user(request.user, code, write=True)
    form = PartnerForm(request.POST, collaboration=obj)
    if form.is_valid():
        partnership = run(form, collaboration_actions.do_add_partnership, request.user,
                          collaboration=obj, **form.cleaned_data)
        if partnership:
            messages.success(request, _("%(organisation)s is now a partner.")
                             % {"organisation": partnership.organisation.name})
            return redirect(obj)
    context = pages.collaboration_context(request, obj, partner_form=form)
    return render(request, TEMPLATE, context, status=UNPROCESSABLE)


@login_required
@require_http_methods(["GET", "POST"])
def partner_end(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = access.get_partnership_for_user(request.user, pk, write=True)
    form = LastDayForm(request.POST or None, first_day=partnership.valid_from)
    if submitted(request, form) and run(
        form, collaboration_actions.do_end_partnership, request.user, partnership,
        form.cleaned_data["last_day"],
    ):
        messages.success(request, _("The partnership of %(organisation)s now ends on "
                                    "%(date)s.") % {
            "organisation": partnership.organisation.name,
            "date": form.cleaned_data["last_day"]})
        return redirect(partnership.collaboration)
    return render(request, "governance/end.html", {
        "form": form, "back": partnership.collaboration,
        "title": _("End the partnership of %(organisation)s in %(collaboration)s") % {
            "organisation": partnership.organisation.name,
            "collaboration": partnership.collaboration.name},
    }, status=UNPROCESSABLE if form.errors else 200)
