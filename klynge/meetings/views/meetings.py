"""A body's meetings, scheduling, the meeting page, changing and cancelling, meeting rules,
and the published minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.governance import access as governance_access
from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.meetings import access, actions, forms, pages, rules


@login_required
@require_GET
def body_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    body = governance_access.get_body_for_user(request.user, pk)
    return render(request, "meetings/body_meetings.html",
                  pages.body_meetings_context(request, body))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    body = governance_access.get_body_for_user(request.user, pk, write=True)
    form = forms.MeetingForm(request.POST or None)
    if submitted(request, form):
        meeting = run(form, actions.do_schedule_meeting, request.user, body,
                      **form.cleaned_data)
        if meeting:
            messages.success(request, _("The meeting was scheduled. Now build its agenda."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html",
                  {"body": body, "form": form, "title": _("Schedule a meeting")},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_GET
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_meeting_for_user(request.user, pk)
    return render(request, "meetings/meeting.html", pages.meeting_context(request, obj))


def meeting_page(request: HttpRequest, pk: int, **given: object) -> HttpResponse:
    """The meeting page again, with a form that was refused (status 422)."""
    obj = access.get_meeting_for_user(request.user, pk)
    return render(request, "meetings/meeting.html", pages.meeting_context(request, obj, **given),
                  status=UNPROCESSABLE)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_meeting_for_user(request.user, pk, write=True)
    initial = {name: getattr(obj, name) for name in actions.MEETING_FIELDS}
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if submitted(request, form) and run(form, actions.do_change_meeting, request.user, obj,
                                        **form.cleaned_data):
        messages.success(request, _("The meeting was saved."))
        return redirect(obj)
    return render(request, "meetings/meeting_form.html",
                  {"body": obj.body, "meeting": obj, "form": form,
                   "title": _("Change the meeting")},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_meeting_for_user(request.user, pk, write=True)
    form = forms.CancelForm(request.POST or None)
    if submitted(request, form) and run(form, actions.do_cancel_meeting, request.user, obj,
                                        reason=form.cleaned_data["reason"]):
        messages.success(request, _("The meeting was cancelled."))
        return redirect(obj)
    return render(request, "meetings/meeting_form.html",
                  {"body": obj.body, "meeting": obj, "form": form, "danger": True,
                   "title": _("Cancel the meeting"), "submit": _("Cancel the meeting")},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_rules(request: HttpRequest, pk: int) -> HttpResponse:
    body = governance_access.get_body_for_user(request.user, pk, write=True)
    current = rules.rules_for(body)
    form = forms.MeetingRulesForm(request.POST or None, initial={
        "minutes_approved_by": current.minutes_approved_by,
        "substitutes_allowed": current.substitutes_allowed})
    if submitted(request, form) and run(form, actions.do_set_meeting_rules, request.user,
                                        body, **form.cleaned_data):
        messages.success(request, _("The meeting rules were saved."))
        return redirect("meetings:body_meetings", pk=body.pk)
    return render(request, "meetings/meeting_rules.html",
                  {"body": body, "form": form, "rules": current,
                   "default": rules.Approval(rules.default_approval(body)).label},
                  status=UNPROCESSABLE if form.errors else 200)


@require_GET
def public_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_published_meeting(pk)
    return render(request, "meetings/public_minutes.html", pages.public_context(obj))


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_meeting_for_user(request.user, pk, write=True)
    cases = pages.cases_for(obj) if obj.body.collaboration_id else None
    form = forms.ItemForm(request.POST, cases=cases, hearings=pages.hearings_for(obj))
    if form.is_valid() and run(form, actions.do_add_item, request.user, obj,
                               **form.cleaned_data):
        messages.success(request, _("The item was added to the agenda."))
        return redirect(obj)
    return meeting_page(request, pk, item_form=form)
