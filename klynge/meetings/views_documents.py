"""Documents of the meetings app: agenda and minutes as PDF, calendar feeds, and the
decisions and action items as CSV and XLSX. Thin: access, content and writers live in
``klynge.meetings.documents``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from klynge.governance.access import get_body_for_user, get_collaboration_for_user
from klynge.governance.roles import roles_of
from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.meetings.documents import access, actions, content, exports, feeds
from klynge.meetings.documents.forms import FeedForm
from klynge.meetings.documents.pdf import CONTENT_TYPE as PDF_CONTENT_TYPE
from klynge.meetings.documents.pdf import render_pdf

PRIVATE = "private, no-store"


# PDF ------------------------------------------------------------------------------------
def _pdf(document: content.MeetingDocument, kind: str, cache: str = PRIVATE) -> HttpResponse:
    template = f"meetings/pdf/{kind}.html"
    pdf = render_pdf(template, {"document": document}, document.language)
    day = timezone.localdate(document.meeting.starts_at).isoformat()
    name = f"{kind}-{slugify(document.body.name) or 'meeting'}-{day}.pdf"
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, roles = access.get_agenda_meeting(request.user, pk)
    return _pdf(content.build(meeting, roles, minutes=False), "agenda")


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, roles = access.get_minutes_meeting(request.user, pk)
    return _pdf(content.build(meeting, roles, minutes=True), "minutes")


@require_GET
def public_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The approved minutes of a published meeting, for anyone: closed items by title."""
    meeting = access.get_public_minutes_meeting(pk)
    return _pdf(content.build(meeting, None, minutes=True), "minutes",
                cache="public, max-age=600")


# Calendar feeds -------------------------------------------------------------------------
def _feeds_page(request: HttpRequest, form: FeedForm, status: int = 200,
                new_url: str = "") -> HttpResponse:
    context = {"form": form, "feeds": list(access.visible_feed_tokens(request.user)
                                           .order_by("revoked_at", "-created_at")),
               "new_url": new_url}
    return render(request, "meetings/feeds.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def feed_list(request: HttpRequest) -> HttpResponse:
    """The user's calendar feeds; a new one's address is shown once, in the answer."""
    form = FeedForm(request.user, request.POST if request.method == "POST" else None)
    if submitted(request, form):
        made = run(form, actions.do_create_feed_token, request.user,
                   body=form.cleaned_data["body"])
        if made:
            messages.success(request, _("The calendar feed was made. Copy its address now: "
                                        "it is shown only once."))
            response = _feeds_page(request, FeedForm(request.user),
                                   new_url=feeds.feed_url(made[1]))
            response["Cache-Control"] = PRIVATE  # the address is not kept anywhere
            return response
    if request.method == "POST":
        return _feeds_page(request, form, status=UNPROCESSABLE)
    return _feeds_page(request, form)


@login_required
@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = access.get_feed_token_for_user(request.user, pk)
    try:
        actions.do_revoke_feed_token(request.user, feed)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _feeds_page(request, FeedForm(request.user), status=UNPROCESSABLE)
    messages.success(request, _("The calendar feed was revoked; its address no longer works."))
    return redirect("meeting_documents:feeds")


@require_safe  # calendar programs may ask with HEAD first
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed behind a private address: what its owner may see now."""
    row = access.get_live_feed_token(feeds.hash_token(token))
    with translation.override(row.user.language or settings.LANGUAGE_CODE):
        body = feeds.calendar(feeds.feed_name(row),
                              feeds.events_of(access.feed_meetings(row)))
    actions.do_note_feed_use(row)
    response = HttpResponse(body, content_type=feeds.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="klynge.ics"'
    response["Cache-Control"] = PRIVATE
    response["X-Robots-Tag"] = "noindex"
    return response


# Exports --------------------------------------------------------------------------------
def _export(columns: Sequence[exports.Column], rows: Sequence[Any], name: str, fmt: str,
            title: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(columns, rows, title),
                                content_type=exports.XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(exports.to_csv(columns, rows),
                                content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = PRIVATE
    return response


@login_required
@require_GET
def decisions(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    collaboration = get_collaboration_for_user(request.user, code)
    rows = access.visible_decisions(request.user, collaboration=collaboration)
    return _export(exports.DECISION_COLUMNS, rows, f"{collaboration.code}-decisions", fmt,
                   _("Decisions"))


@login_required
@require_GET
def action_items(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    collaboration = get_collaboration_for_user(request.user, code)
    rows = access.visible_action_items(request.user, collaboration=collaboration)
    return _export(exports.action_item_columns(roles_of(request.user)), rows,
                   f"{collaboration.code}-action-items", fmt, _("Action items"))


@login_required
@require_GET
def body_decisions(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    body = get_body_for_user(request.user, pk)
    rows = access.visible_decisions(request.user, body=body)
    return _export(exports.DECISION_COLUMNS, rows, f"{slugify(body.name)}-decisions", fmt,
                   _("Decisions"))


@login_required
@require_GET
def body_action_items(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    body = get_body_for_user(request.user, pk)
    rows = access.visible_action_items(request.user, body=body)
    return _export(exports.action_item_columns(roles_of(request.user)), rows,
                   f"{slugify(body.name)}-action-items", fmt, _("Action items"))
