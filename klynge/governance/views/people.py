"""Organisations and people: their pages, and correcting a person's details."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.accounts.actions import do_resend_invitation
from klynge.governance import access, actions, pages
from klynge.governance.actions.people import do_record_person_view
from klynge.governance.forms import PersonForm
from klynge.governance.views.common import UNPROCESSABLE, run, submitted


@login_required
@require_GET
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_organisation_for_user(request.user, pk)
    return render(request, "governance/organisation.html",
                  pages.organisation_context(request, obj))


@login_required
@require_GET
def person(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_person_for_user(request.user, pk)
    context = pages.person_context(request, obj)
    do_record_person_view(request.user, obj, contact_details=context["show_contact"])
    return render(request, "governance/person.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_person_for_user(request.user, pk, write=True)
    initial = {name: getattr(obj, name) for name in actions.PAGE_PERSON_FIELDS}
    form = PersonForm(request.POST or None, initial=initial)
    if submitted(request, form) and run(
        form, actions.do_update_person, request.user, obj, **form.cleaned_data
    ):
        messages.success(request, _("The person was saved."))
        return redirect(obj)
    return render(request, "governance/person_edit.html", {"person": obj, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_POST
def person_reinvite(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an invitation again to someone who has not set a password yet."""
    obj = access.get_person_for_user(request.user, pk, write=True)
    user = obj.user
    if user is None or not user.is_active or user.has_usable_password():
        raise PermissionDenied
    do_resend_invitation(request.user, user)
    messages.success(request, _("The invitation was sent again to %(email)s.")
                     % {"email": user.email})
    return redirect(obj)
