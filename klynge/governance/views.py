"""Thin views: access first (``access``), then an action (``actions``), then a page.

Bad input re-renders the form with its messages and status 422; an HTMX request gets only
the part of the page it swaps (a django-template-partials partial).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry
from klynge.governance import access, actions, pages
from klynge.governance.forms import BodyForm, EndSeatForm, NewBodyForm

UNPROCESSABLE = 422


def _request_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _add_errors(form: Any, error: ValidationError) -> None:
    """Put an action's ``ValidationError`` on the form, by field where the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def collaboration(request: HttpRequest, code: str) -> HttpResponse:
    obj = access.get_collaboration_for_user(request.user, code)
    return render(request, "governance/collaboration.html",
                  pages.collaboration_context(request, obj))


@login_required
@require_POST
def body_create(request: HttpRequest, code: str) -> HttpResponse:
    obj = access.get_collaboration_for_user(request.user, code, write=True)
    form = NewBodyForm(request.POST, collaboration=obj)
    if form.is_valid():
        try:
            body = actions.do_create_body(request.user, obj, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The body %(name)s was created.") % {"name": body.name})
            return redirect(body)
    context = pages.collaboration_context(request, obj) | {"body_form": form}
    return render(request, "governance/collaboration.html", context, status=UNPROCESSABLE)


@login_required
@require_GET
def body(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_body_for_user(request.user, pk)
    return render(request, "governance/body.html", pages.body_context(request, obj))


def _body_section(request: HttpRequest, body_pk: int, status: int = 200,
                  **forms: Any) -> HttpResponse:
    """The body page, or only its seats section for HTMX."""
    obj = access.get_body_for_user(request.user, body_pk)
    template = "governance/body.html"
    if _request_htmx(request):
        template += "#seats_section"
    return render(request, template, pages.body_context(request, obj, **forms), status=status)


@login_required
@require_POST
def seat_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_body_for_user(request.user, pk, write=True)
    form = pages.add_seat_form(request, obj, request.POST)
    if form.is_valid():
        try:
            seat = actions.do_add_seat(request.user, obj, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(person)s now holds a seat in %(body)s.")
                             % {"person": seat.person, "body": obj.name})
            if _request_htmx(request):
                return _body_section(request, obj.pk)
            return redirect(obj)
    return _body_section(request, obj.pk, UNPROCESSABLE, seat_form=form)


@login_required
@require_GET
def seat_people(request: HttpRequest, pk: int) -> HttpResponse:
    """The add-seat form's person choice, narrowed by ``?person_q=`` (HTMX search)."""
    obj = access.get_body_for_user(request.user, pk, write=True)
    return render(request, "governance/body.html#person_choice",
                  {"seat_form": pages.add_seat_form(request, obj)})


@login_required
@require_POST
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    seat = access.get_seat_for_user(request.user, pk, write=True)
    form = EndSeatForm(request.POST, seat=seat)
    if form.is_valid():
        try:
            actions.do_end_seat(request.user, seat, form.cleaned_data["end_date"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The term of %(person)s in %(body)s now ends on "
                                        "%(date)s.") % {"person": seat.person,
                                                        "body": seat.body.name,
                                                        "date": form.cleaned_data["end_date"]})
            if _request_htmx(request):
                return _body_section(request, seat.body_id)
            return redirect(seat.body)
    return _body_section(request, seat.body_id, UNPROCESSABLE, end_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_body_for_user(request.user, pk, write=True)
    initial = {name: getattr(obj, name) for name in actions.BODY_FIELDS}
    form = BodyForm(request.POST or None, collaboration=obj.collaboration, body=obj,
                    initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.do_update_body(request.user, obj, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The body was saved."))
                return redirect(obj)
        status = UNPROCESSABLE
    return render(request, "governance/body_edit.html", {"body": obj, "form": form},
                  status=status)


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
    record(request.user, AuditEntry.Verb.VIEW, obj,
           changes={"contact_details": context["show_contact"]})
    return render(request, "governance/person.html", context)
