"""Role grants: a secretariat grants analysts of its collaboration, an organisation's
secretary referrers of its organisation; either ends them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from klynge.governance import access, actions, pages
from klynge.governance.forms import LastDayForm
from klynge.governance.views.common import UNPROCESSABLE, run, submitted


@transaction.atomic
def _grant(request: HttpRequest, form: pages.GrantForm, **scope: object) -> object:
    """Grant the role, to a new person if one is named; nothing is kept if it is refused."""
    data = form.cleaned_data
    role = data["role"]
    if not access.can_grant(request.user, role, **scope):  # type: ignore[arg-type]
        raise PermissionDenied
    person = data["person"] or run(form, actions.do_create_person, request.user,
                                   name=data["new_person_name"],
                                   email=data["new_person_email"])
    grant = person and run(form, actions.do_grant_role, request.user, person, role,
                           valid_from=data["valid_from"], valid_to=data["valid_to"],
                           reason=data["reason"], **scope)
    if not grant:
        transaction.set_rollback(True)
    return grant


@login_required
@require_POST
def grant_in_collaboration(request: HttpRequest, code: str) -> HttpResponse:
    obj = access.get_collaboration_for_user(request.user, code, write=True)
    form = pages.grant_form(request, pages.SECRETARIAT_GRANTS, request.POST)
    if form.is_valid() and _grant(request, form, collaboration=obj):
        messages.success(request, _("The role was granted."))
        return redirect(obj)
    context = pages.collaboration_context(request, obj, grant_form=form)
    return render(request, "governance/collaboration.html", context, status=UNPROCESSABLE)


@login_required
@require_POST
def grant_in_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_organisation_for_user(request.user, pk, write=True)
    form = pages.grant_form(request, pages.ORGANISATION_GRANTS, request.POST)
    if form.is_valid() and _grant(request, form, organisation=obj):
        messages.success(request, _("The role was granted."))
        return redirect(obj)
    context = pages.organisation_context(request, obj) | {"grant_form": form}
    return render(request, "governance/organisation.html", context, status=UNPROCESSABLE)


@login_required
@require_http_methods(["GET", "POST"])
def grant_end(request: HttpRequest, pk: int) -> HttpResponse:
    grant = access.get_grant_for_user(request.user, pk, write=True)
    back = grant.collaboration or grant.organisation or grant.person
    form = LastDayForm(request.POST or None, first_day=grant.valid_from)
    if submitted(request, form) and run(
        form, actions.do_end_grant, request.user, grant, form.cleaned_data["last_day"]
    ):
        messages.success(request, _("The role now ends on %(date)s.")
                         % {"date": form.cleaned_data["last_day"]})
        return redirect(back)
    return render(request, "governance/end.html", {
        "form": form, "back": back,
        "title": _("End the role of %(person)s: %(role)s") % {
            "person": grant.person.name, "role": grant.get_role_display()},
    }, status=UNPROCESSABLE if form.errors else 200)
