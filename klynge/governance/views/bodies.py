"""A body's page, editing it, the bodies of an organisation and their participation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.governance import access, actions, pages
from klynge.governance.forms import BodyForm, LastDayForm, NewBodyForm, ParticipationForm
from klynge.governance.views.common import UNPROCESSABLE, body_section, run, submitted


@login_required
@require_GET
def body(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_body_for_user(request.user, pk)
    return render(request, "governance/body.html", pages.body_context(request, obj))


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_body_for_user(request.user, pk, write=True)
    initial = {name: getattr(obj, name) for name in actions.PAGE_BODY_FIELDS}
    form = BodyForm(request.POST or None, owner=obj.owner, body=obj, initial=initial)
    if submitted(request, form) and run(
        form, actions.do_update_body, request.user, obj, **form.cleaned_data
    ):
        messages.success(request, _("The body was saved."))
        return redirect(obj)
    return render(request, "governance/body_edit.html", {"body": obj, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_POST
def organisation_body_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_user(request.user, pk, write=True)
    form = NewBodyForm(request.POST, owner=organisation)
    if form.is_valid():
        created = run(form, actions.do_create_body, request.user, None,
                      organisation=organisation, **form.cleaned_data)
        if created:
            messages.success(request, _("The body %(name)s was created.")
                             % {"name": created.name})
            return redirect(created)
    context = pages.organisation_context(request, organisation) | {"body_form": form}
    return render(request, "governance/organisation.html", context, status=UNPROCESSABLE)


@login_required
@require_POST
def participation_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_body_for_user(request.user, pk, write=True)
    if obj.organisation is None:
        return redirect(obj)
    form = ParticipationForm(request.POST, organisation=obj.organisation)
    if form.is_valid():
        data = form.cleaned_data
        if run(form, actions.do_add_participation, request.user, obj, data["collaboration"],
               valid_from=data["valid_from"], valid_to=data["valid_to"]):
            messages.success(request, _("%(body)s now takes part in %(collaboration)s.")
                             % {"body": obj.name, "collaboration": data["collaboration"].name})
            return redirect(obj)
    return body_section(request, obj.pk, UNPROCESSABLE, participation_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def participation_end(request: HttpRequest, pk: int) -> HttpResponse:
    participation = access.get_participation_for_user(request.user, pk, write=True)
    form = LastDayForm(request.POST or None, first_day=participation.valid_from)
    if submitted(request, form) and run(
        form, actions.do_update_participation, request.user, participation,
        valid_to=form.cleaned_data["last_day"],
    ):
        messages.success(request, _("The participation now ends on %(date)s.")
                         % {"date": form.cleaned_data["last_day"]})
        return redirect(participation.body)
    return render(request, "governance/end.html", {
        "form": form, "back": participation.body,
        "title": _("End the participation of %(body)s in %(collaboration)s") % {
            "body": participation.body.name,
            "collaboration": participation.collaboration.name},
    }, status=UNPROCESSABLE if form.errors else 200)
