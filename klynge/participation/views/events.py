"""Events: the secretariat plans them and keeps the participant list; citizens register
(a place, or the waiting list) and cancel with their own link; the public feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.meetings.documents.exports import CSV_CONTENT_TYPE, to_csv
from klynge.participation import access, actions, events
from klynge.participation.forms import EventForm, EventInvolvementForm, RegistrationForm
from klynge.participation.models import Registration
from klynge.participation.views.public import receive

SESSION_KEY = "klynge_registration_key"


@login_required
@require_http_methods(["GET", "POST"])
def event_list(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_collaboration_for_keeping(request.user, code)
    form = EventForm(request.POST or None, cases=events.case_choices(collaboration))
    if submitted(request, form):
        event = run(form, actions.do_plan_event, request.user, collaboration,
                    **form.cleaned_data)
        if event:
            messages.success(request, _("The event was planned."))
            return redirect(event)
    return render(request, "participation/events.html",
                  events.events_context(collaboration, form),
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_GET
def event(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_event_for_user(request.user, pk)
    return render(request, "participation/event.html",
                  events.event_context(obj, involvement_form=EventInvolvementForm()))


@login_required
@require_GET
def participants_csv(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_event_for_user(request.user, pk)
    response = HttpResponse(to_csv(events.PARTICIPANT_COLUMNS, events.participants(obj)),
                            content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="event-{obj.pk}.csv"'
    return response


@login_required
@require_POST
def cancel_event(request: HttpRequest, pk: int) -> HttpResponse:
    obj = actions.do_cancel_event(request.user, access.get_event_for_user(request.user, pk))
    messages.success(request, _("The event was cancelled."))
    return redirect(obj)


@login_required
@require_POST
def record_involvement(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_event_for_user(request.user, pk)
    form = EventInvolvementForm(request.POST)
    if submitted(request, form) and run(form, actions.do_record_event_involvement,
                                        request.user, obj, **form.cleaned_data):
        messages.success(request, _("The involvement was recorded in the cases' ledgers."))
        return redirect(obj)
    return render(request, "participation/event.html",
                  events.event_context(obj, involvement_form=form), status=UNPROCESSABLE)


# Public -----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def public_event(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    collaboration = access.get_public_collaboration(code)
    obj = access.get_public_event(collaboration, pk)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        made, status = receive(request, form, actions.do_register, obj,
                               language=get_language() or "")
        if made:
            request.session[SESSION_KEY] = made[1]
            return redirect("participation:registered", code=code, pk=obj.pk)
    return render(request, "participation/public_event.html",
                  events.public_event_context(collaboration, obj, form), status=status)


@require_GET
def registered(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    collaboration = access.get_public_collaboration(code)
    obj = access.get_public_event(collaboration, pk)
    key = request.session.pop(SESSION_KEY, "")
    registration = actions.find_registration(key)
    return render(request, "participation/registered.html",
                  {"collaboration": collaboration, "event": obj, "key": key,
                   "waiting": registration is not None
                   and registration.state == Registration.State.WAITING})


@require_http_methods(["GET", "POST"])
def cancel_registration(request: HttpRequest, key: str) -> HttpResponse:
    registration = actions.find_registration(key)
    if registration is None:
        raise Http404
    if request.method == "POST":
        try:
            actions.do_cancel_registration(key)
        except ValidationError:
            raise Http404 from None
        messages.success(request, _("Your registration was cancelled."))
        return redirect(reverse("participation:public",
                                args=[registration.event.collaboration.code]))
    return render(request, "participation/cancel_registration.html",
                  {"registration": registration, "event": registration.event})


@require_GET
def feed(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_public_collaboration(code)
    return HttpResponse(events.calendar(collaboration),
                        content_type="text/calendar; charset=utf-8")
