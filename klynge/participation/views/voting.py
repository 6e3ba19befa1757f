"""Dot voting at a workshop, on a phone, through a participant's personal code."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.participation import access, actions, pages
from klynge.participation.forms import BallotForm


@require_http_methods(["GET", "POST"])
def vote_entry(request: HttpRequest) -> HttpResponse:
    """Type the personal code to reach one's ballot."""
    code = request.POST.get("code", "") if request.method == "POST" else ""
    error = ""
    if code.strip():
        try:
            participant = access.get_participant(code)
        except Http404:
            error = _("This code is not known. Check it and try again.")
        else:
            return redirect("participation:ballot", code=participant.code)
    elif request.method == "POST":
        error = _("Type your personal code.")
    return render(request, "participation/vote_entry.html", {"error": error, "code": code},
                  status=UNPROCESSABLE if error else 200)


@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, code: str) -> HttpResponse:
    participant = access.get_participant(code)
    workshop = participant.workshop
    ideas = list(workshop.ideas.order_by("pk"))
    form = BallotForm(request.POST or None, ideas=ideas, dots=workshop.dots)
    if submitted(request, form) and run(form, actions.do_cast_votes, participant,
                                        form.allocation()):
        messages.success(request, _("Thank you. Your dots are counted."))
        return redirect("participation:ballot", code=participant.code)
    participant.refresh_from_db(fields=["voted_at"])
    return render(request, "participation/ballot.html", pages.ballot_context(participant, form),
                  status=UNPROCESSABLE if form.errors else 200)
