"""Referring, the coordinator's list, the referral page and its steps, matching, the
assignment of a waiting list and the volunteer's contact log."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.volunteering import access, actions, proposals
from klynge.volunteering.forms.referrals import BookingForm, CloseForm, ContactForm, DeclineForm
from klynge.volunteering.models import VolunteerProfile
from klynge.volunteering.pages import referrals as pages


def _to_referral(pk: int) -> HttpResponse:
    return redirect(reverse("volunteering:referral", args=[pk]))


def _refused(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    return render(request, "volunteering/referral.html",
                  pages.referral_context(request, pk, **forms), status=UNPROCESSABLE)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "volunteering/overview.html", pages.overview_context(request))


@login_required
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    programme, organisations = access.get_programme_to_refer(request.user, pk,
                                                             timezone.localdate())
    form = pages.referral_form(programme, organisations, request.POST or None)
    if submitted(request, form):
        referral = run(form, actions.do_refer, request.user, programme,
                       form.cleaned_data["organisation"], **form.action_values())
        if referral:
            messages.success(request, _("Referral no. %(number)s was sent to %(programme)s. "
                                        "You will be told when its status changes.")
                             % {"number": referral.pk, "programme": programme.name})
            return _to_referral(referral.pk)
    return render(request, "volunteering/refer.html", {"programme": programme, "form": form},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_GET
def referral_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = access.get_programme_to_coordinate(request.user, pk)
    return render(request, "volunteering/referral_list.html",
                  pages.referral_list_context(request, programme))


@login_required
@require_GET
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "volunteering/referral.html", pages.referral_context(request, pk))


STEP_MESSAGES = {
    "accept": (actions.do_accept_referral, gettext_noop("The referral was accepted.")),
    "waitlist": (actions.do_waitlist_referral,
                 gettext_noop("The referral was put on the waiting list.")),
}


@login_required
@require_POST
def referral_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Accept, waiting-list, decline or close the referral (coordinators only)."""
    referral = access.get_referral_for_user(request.user, pk, write=True)
    form: Any = None
    if step == "decline":
        form = DeclineForm(request.POST)
        done = submitted(request, form) and run(form, actions.do_decline_referral, request.user,
                                                referral, form.cleaned_data["reason"])
        message = _("The referral was declined.")
    elif step == "close":
        form = CloseForm(request.POST)
        done = submitted(request, form) and run(form, actions.do_close_referral, request.user,
                                                referral, form.cleaned_data["outcome"])
        message = _("The referral was closed.")
    elif step in STEP_MESSAGES:
        action, text = STEP_MESSAGES[step]
        done, message = _step(request, action, referral), _(text)
        if not done:
            return _to_referral(pk)
    else:
        return _to_referral(pk)
    if not done:
        return _refused(request, pk, **{f"{step}_form": form})
    messages.success(request, message)
    return _to_referral(pk)


def _step(request: HttpRequest, action: Callable[..., Any], *args: Any) -> Any:
    """Run a step without a form; a refusal becomes an error message."""
    try:
        return action(request.user, *args)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None


@login_required
@require_POST
def withdraw_consent(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access.get_referral_to_withdraw_consent(request.user, pk)
    if _step(request, actions.do_withdraw_consent, referral):
        messages.success(request, _("The withdrawal of consent was recorded. The referral is "
                                    "closed and the patient's data is hidden."))
    return _to_referral(pk)


@login_required
@require_POST
def match(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access.get_referral_for_user(request.user, pk, write=True)
    volunteer = VolunteerProfile.objects.filter(pk=request.POST.get("volunteer") or 0,
                                                programme_id=referral.programme_id).first()
    if volunteer is None:
        messages.error(request, _("Choose a volunteer of this programme."))
    elif _step(request, actions.do_match, referral, volunteer):
        messages.success(request, _("The referral was matched with %(volunteer)s.")
                         % {"volunteer": volunteer.person.name})
    return _to_referral(pk)


@login_required
@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access.get_referral_for_user(request.user, pk, write=True)
    form = BookingForm(request.POST)
    if submitted(request, form) and run(form, actions.do_book_room, request.user, referral,
                                        **form.cleaned_data):
        messages.success(request, _("The room was booked."))
        return _to_referral(pk)
    return _refused(request, pk, booking_form=form)


@login_required
@require_POST
def cancel_booking(request: HttpRequest, pk: int, booking: int) -> HttpResponse:
    found = access.get_booking_for_user(request.user, pk, booking)
    if _step(request, actions.do_cancel_booking, found):
        messages.success(request, _("The booking was cancelled."))
    return _to_referral(pk)


@login_required
@require_POST
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about the patient, as a JSON file (coordinators, audited)."""
    referral = access.get_referral_for_user(request.user, pk, write=True)
    document = actions.do_export_referral(request.user, referral)
    response = HttpResponse(json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False,
                                       indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="referral-{pk}.json"'
    return response


@login_required
@require_POST
def log_contact(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_match_to_log(request.user, pk)
    form = ContactForm(request.POST)
    if submitted(request, form) and run(form, actions.do_log_contact, request.user, found,
                                        **form.cleaned_data):
        messages.success(request, _("The contact was logged."))
        return _to_referral(found.referral_id)
    return _refused(request, found.referral_id, contact_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal for the waiting list; the coordinator adjusts it and confirms."""
    programme = access.get_programme_to_coordinate(request.user, pk)
    if request.method == "GET":
        return render(request, "volunteering/assignment.html",
                      pages.assignment_context(request, programme))
    proposal = proposals.propose(programme, timezone.localdate())
    chosen = _chosen(request, proposal)
    problems = pages.problem_sentences(proposals.refused_choices(proposal, chosen), proposal)
    pairs = [(r, v) for r, v in chosen.items() if v is not None]
    if not problems:
        adjusted = sum(1 for row in proposal.rows if chosen.get(row.referral.pk) != row.proposed)
        try:
            actions.do_confirm_assignment(request.user, programme, pairs, adjusted=adjusted)
        except ValidationError as error:
            problems = list(error.messages)
        else:
            messages.success(request, ngettext(
                "%(count)d referral was matched with a volunteer.",
                "%(count)d referrals were matched with volunteers.", len(pairs))
                % {"count": len(pairs)})
            return redirect(reverse("volunteering:referrals", args=[pk]))
    context = pages.assignment_context(request, programme, proposal, chosen, problems)
    return render(request, "volunteering/assignment.html", context, status=UNPROCESSABLE)


def _chosen(request: HttpRequest, proposal: proposals.Proposal) -> dict[int, int | None]:
    """The volunteer chosen for each referral of the form (``pair-<referral>``: a volunteer
    id, or empty for none); a value that is not a number counts as none."""
    chosen: dict[int, int | None] = {}
    for key in request.POST:
        if key.startswith("pair-") and key[5:].isdigit():
            value = request.POST.get(key, "")
            chosen[int(key[5:])] = int(value) if value.isdigit() else None
    return chosen
