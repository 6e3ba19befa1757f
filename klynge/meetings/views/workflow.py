"""The steps of a meeting posted from its page: review, release, answers, outcomes, the
minutes and their approval."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.governance.views.common import run
from klynge.meetings import access, actions, forms, pages, rules
from klynge.meetings.views.items import item_page
from klynge.meetings.views.meetings import meeting_page


def _step(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    """A step without input, taken by whoever keeps the meeting."""
    obj = access.get_meeting_for_user(request.user, pk, write=True)
    try:
        action(request.user, obj)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(obj)


@login_required
@require_POST
def send_for_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, actions.do_send_agenda_for_review,
                 _("The agenda was sent to the chairs for review."))


@login_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, actions.do_release_agenda,
                 _("The agenda was released; the members have been told."))


@login_required
@require_POST
def send_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, actions.do_send_minutes_for_approval,
                 _("The minutes were sent for approval."))


@login_required
@require_POST
def answer_review(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_meeting_for_user(request.user, pk)
    if not access.may_review_agenda(request.user, obj):
        raise PermissionDenied
    form = forms.ReviewForm(request.POST)
    if form.is_valid() and run(form, actions.do_answer_review, request.user, obj,
                               **form.cleaned_data):
        messages.success(request, _("Your answer was sent to the secretariat."))
        return redirect(obj)
    return meeting_page(request, pk, review_form=form)


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_meeting_for_user(request.user, pk)
    if not access.may_answer_invitation(request.user, obj):
        raise PermissionDenied
    allowed = rules.rules_for(obj.body).substitutes_allowed
    form = forms.ResponseForm(request.POST,
                              people=pages.substitutes_for(obj) if allowed else None)
    person = pages.own_person(request)
    if form.is_valid() and person is not None and run(
            form, actions.do_answer_invitation, request.user, obj, person,
            form.cleaned_data["answer"], form.cleaned_data.get("substitute")):
        messages.success(request, _("Your answer was saved."))
        return redirect(obj)
    return meeting_page(request, pk, response_form=form)


@login_required
@require_POST
def minutes_note(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_meeting_for_user(request.user, pk, write=True)
    form = forms.MinutesNoteForm(request.POST)
    if form.is_valid() and run(form, actions.do_write_minutes_note, request.user, obj,
                               form.cleaned_data["note"]):
        messages.success(request, _("The minutes were saved."))
        return redirect(obj)
    return meeting_page(request, pk, note_form=form)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_meeting_for_user(request.user, pk)
    if not access.may_approve_minutes(request.user, obj):
        raise PermissionDenied
    try:
        actions.do_approve_minutes(request.user, obj)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You approved the minutes."))
    return redirect(obj)


@login_required
@require_POST
def dissent(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_meeting_for_user(request.user, pk)
    if not access.may_record_dissent(request.user, obj):
        raise PermissionDenied
    form = forms.DissentForm(request.POST)
    if form.is_valid() and run(form, actions.do_record_dissent, request.user, obj,
                               form.cleaned_data["dissent"]):
        messages.success(request, _("Your dissent was recorded with the minutes."))
        return redirect(obj)
    return meeting_page(request, pk, dissent_form=form)


@login_required
@require_POST
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """An item's outcome, posted for a meeting; an item of another meeting is refused."""
    obj = access.get_meeting_for_user(request.user, pk, write=True)
    item_pk = request.POST.get("item", "")
    if not item_pk.isdigit():
        messages.error(request, _("Choose an item."))
        return redirect(obj)
    item = access.get_item_for_user(request.user, int(item_pk))
    form = pages.outcome_form(obj, request.user, item, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if run(form, actions.do_record_outcome, request.user, obj, data["item"],
               outcome=data["outcome"], wording=data["wording"],
               forwarded_to=data["forwarded_to"]):
            messages.success(request, _("The outcome of item %(number)s was recorded.")
                             % {"number": data["item"].number})
            return redirect(data["item"])
    return item_page(request, item.pk, outcome_form=form)
