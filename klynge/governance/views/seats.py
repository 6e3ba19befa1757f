"""Seats: add, fill a vacancy, correct, end, delete a mistaken one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.core.htmx import is_htmx
from klynge.governance import access, actions, pages
from klynge.governance.forms import EndSeatForm, SeatForm
from klynge.governance.views.common import UNPROCESSABLE, body_section, run, submitted


@login_required
@require_POST
def seat_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_body_for_user(request.user, pk, write=True)
    form = pages.add_seat_form(request, obj, request.POST)
    if form.is_valid():
        seat = run(form, actions.do_add_seat, request.user, obj, **form.cleaned_data)
        if seat:
            who = seat.person or _("a vacancy")
            messages.success(request, _("%(person)s now holds a seat in %(body)s.")
                             % {"person": who, "body": obj.name} if seat.person else
                             _("A vacant seat was added to %(body)s.") % {"body": obj.name})
            return body_section(request, obj.pk) if is_htmx(request) else redirect(obj)
    return body_section(request, obj.pk, UNPROCESSABLE, seat_form=form)


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
    if form.is_valid() and run(form, actions.do_end_seat, request.user, seat,
                               form.cleaned_data["end_date"]):
        messages.success(request, _("The term of %(person)s in %(body)s now ends on %(date)s.")
                         % {"person": seat.person or _("vacant"), "body": seat.body.name,
                            "date": form.cleaned_data["end_date"]})
        return body_section(request, seat.body_id) if is_htmx(request) else redirect(seat.body)
    return body_section(request, seat.body_id, UNPROCESSABLE, end_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def seat_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill a vacant seat: one form, who and from when."""
    seat = access.get_seat_for_user(request.user, pk, write=True)
    if seat.person_id is not None:
        messages.info(request, _("This seat is already held."))
        return redirect(seat.body)
    form = pages.fill_seat_form(request, seat, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filled = run(form, actions.do_fill_seat, request.user, seat, person=data["person"],
                     new_person_name=data["new_person_name"],
                     new_person_email=data["new_person_email"], from_date=data["from_date"])
        if filled:
            messages.success(request, _("%(person)s now holds the seat in %(body)s.")
                             % {"person": filled.person, "body": seat.body.name})
            return redirect(seat.body)
    return render(request, "governance/seat_fill.html", {"seat": seat, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def seat_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seat = access.get_seat_for_user(request.user, pk, write=True)
    initial = {name: getattr(seat, name) for name in actions.PAGE_SEAT_FIELDS}
    form = SeatForm(request.POST or None, initial=initial,
                    partners=pages.partners_for_seats(seat.body))
    if submitted(request, form) and run(
        form, actions.do_update_seat, request.user, seat, **form.cleaned_data
    ):
        messages.success(request, _("The seat was saved."))
        return redirect(seat.body)
    return render(request, "governance/seat_edit.html", {"seat": seat, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def seat_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a seat added by mistake, after a confirmation page."""
    seat = access.get_seat_for_user(request.user, pk, write=True)
    if request.method == "POST":
        actions.do_delete_seat(request.user, seat)
        messages.success(request, _("The seat was deleted."))
        return redirect(seat.body)
    return render(request, "governance/seat_delete.html", {"seat": seat})
