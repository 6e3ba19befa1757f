"""The public pages: read without an account, and send a story, an idea or an answer to a
public hearing. Every submission is rate-limited per client address (unless it carries a
workshop participant's code), and one through the honeypot is refused."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.participation import access, actions, addresses, pages
from klynge.participation.forms import AnswerForm, ContributionForm
from klynge.participation.models import Contribution, Participant

TOO_MANY = 429
SESSION_KEY = "klynge_participation_key"


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    """Every collaboration's public page, for citizens (no account)."""
    return render(request, "participation/public_index.html",
                  {"collaborations": pages.public_index()})


@require_GET
def public_page(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_public_collaboration(code)
    return render(request, "participation/public.html", pages.public_context(collaboration))


@require_GET
def public_case(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    collaboration = access.get_public_collaboration(code)
    case = access.get_public_case(collaboration, pk)
    return render(request, "participation/public_case.html",
                  pages.public_case_context(collaboration, case))


def _participant(code: str) -> Participant | None:
    try:
        return access.get_participant(code) if code.strip() else None
    except Http404:
        return None


def refusal(request: HttpRequest, form: Any, has_code: bool) -> int | None:
    """The status with which a submission is refused before it is read (the rate limit,
    the honeypot), with the message on the form; None to go on."""
    if not has_code:
        if addresses.over_limit(request):
            form.add_error(None, _("You have sent many contributions in a short time. "
                                   "Wait a minute and try again."))
            return TOO_MANY
        addresses.count_hit(request)
    if request.POST.get("website"):
        form.add_error(None, _("Your contribution could not be received. If you are a "
                               "person, leave the field “Leave this field empty” empty."))
        return UNPROCESSABLE
    return None


def receive(request: HttpRequest, form: Any, action: Any, *args: Any,
            has_code: bool = False, **kwargs: Any) -> tuple[Any, int]:
    """A citizen's submission: refused by the rate limit or the honeypot, else ``action``
    with the form's values (not the honeypot's, nor the code's). What it made (None when
    refused), and the status to answer with otherwise."""
    refused = refusal(request, form, has_code)
    if refused is not None:
        return None, refused
    if not form.errors and submitted(request, form):
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("code", "website")}
        made = run(form, action, *args, **values, **kwargs)
        if made:
            return made, 200
    return None, UNPROCESSABLE if form.errors else 200


def _received(request: HttpRequest, code: str, made: tuple[Contribution, str]) -> HttpResponse:
    request.session[SESSION_KEY] = made[1]
    return redirect("participation:thanks", code=code)


@require_http_methods(["GET", "POST"])
def contribute(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_public_collaboration(code)
    form = ContributionForm(request.POST or None, initial={"code": request.GET.get("code", "")},
                            themes=pages.themes_of(collaboration),
                            workshops=access.open_workshops(collaboration))
    status = 200
    if request.method == "POST":
        participant = _participant(request.POST.get("code", ""))
        if request.POST.get("code", "").strip() and participant is None:
            form.add_error("code", _("This code is not known. Check it, or leave it empty."))
        made, status = receive(request, form, actions.do_contribute, None, collaboration,
                               has_code=participant is not None, participant=participant,
                               language=get_language() or "")
        if made:
            return _received(request, code, made)
    return render(request, "participation/contribute.html",
                  {"collaboration": collaboration, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def public_hearing(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    collaboration = access.get_public_collaboration(code)
    hearing = access.get_public_hearing(collaboration, pk)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        made, status = receive(request, form, actions.do_contribute, None, collaboration,
                               kind=Contribution.Kind.ANSWER, hearing=hearing,
                               language=get_language() or "")
        if made:
            return _received(request, code, made)
    return render(request, "participation/public_hearing.html",
                  pages.public_hearing_context(collaboration, hearing, form), status=status)


@require_GET
def thanks(request: HttpRequest, code: str) -> HttpResponse:
    collaboration = access.get_public_collaboration(code)
    key = request.session.pop(SESSION_KEY, "")
    return render(request, "participation/thanks.html",
                  {"collaboration": collaboration, "key": key})


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, key: str) -> HttpResponse:
    contribution = actions.find_by_key(key)
    if contribution is None:
        raise Http404
    if request.method == "POST":
        actions.do_withdraw_contribution(key)
        return render(request, "participation/withdrawn.html",
                      {"collaboration": contribution.collaboration})
    return render(request, "participation/withdraw.html", {"contribution": contribution,
                                                           "key": key})
