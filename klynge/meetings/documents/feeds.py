"""Private iCalendar feeds of meetings, per person and per body.

A feed's address holds a random token; only its SHA-256 hash is stored
(:class:`~klynge.meetings.models.FeedToken`), so the address is shown once, when it is made,
and a copy of the database does not open anyone's feed. Each fetch decides afresh what the
feed shows, from its owner's roles at that moment (:func:`.access.feed_meetings`).

An event's UID (``meeting-<pk>@<host>``) and SEQUENCE (``Meeting.sequence``) let a calendar
program update the event it already has; times are in UTC. Agenda items are listed only
once the agenda is released, and only by their published title: a closed item's real
title never leaves Klynge through a feed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from klynge.meetings.documents.access import agenda_released
from klynge.meetings.documents.language import language_of_body
from klynge.meetings.models import AgendaItem, FeedToken, Meeting

CONTENT_TYPE = "text/calendar; charset=utf-8"
TOKEN_BYTES = 32
PAST_DAYS = 365  # how far back a feed reaches
MOST_EVENTS = 1000
PRODID = "-//Klynge//Meetings//EN"


def new_token() -> str:
    """A random token for a feed's address (256 bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def site_url(path: str) -> str:
    return settings.KLYNGE_BASE_URL.rstrip("/") + path


def feed_url(token: str) -> str:
    """The full address of the feed with ``token`` (shown once, when it is made)."""
    return site_url(reverse("meeting_documents:feed", args=[token]))


def host() -> str:
    return urlsplit(settings.KLYNGE_BASE_URL).hostname or "klynge"


def feed_name(token: FeedToken) -> str:
    if token.body is not None:
        return _("Meetings of %(body)s") % {"body": token.body.name}
    return _("My meetings")


def events_of(meetings: QuerySet[Meeting]) -> list[Meeting]:
    """The meetings a feed lists, from a year back, with their bodies and items."""
    since = timezone.now() - dt.timedelta(days=PAST_DAYS)
    items = AgendaItem.objects.order_by("number").only(
        "pk", "meeting_id", "number", "title", "closed", "closed_reason")
    return list(meetings.filter(starts_at__gte=since)
                .select_related("body__collaboration__country", "body__organisation__country")
                .prefetch_related(Prefetch("items", queryset=items))
                .order_by("starts_at", "pk")[:MOST_EVENTS])


def _location(meeting: Meeting) -> str:
    return " – ".join(part for part in (meeting.place, meeting.video_url) if part)


def _description(meeting: Meeting, url: str) -> str:
    lines: list[str] = []
    if agenda_released(meeting):
        lines.append(_("Agenda:"))
        lines.extend(f"{item.number}. {item.public_title}" for item in meeting.items.all())
        lines.append("")
    if meeting.video_url:
        lines.append(_("Video link: %(url)s") % {"url": meeting.video_url})
    lines.append(url)
    return "\n".join(lines)


def event(meeting: Meeting, stamp: dt.datetime) -> Event:
    """The VEVENT of ``meeting``, in its body's language."""
    url = site_url(meeting.get_absolute_url())
    with translation.override(language_of_body(meeting.body)):
        summary = (f"{meeting.body.name}: {meeting.title}" if meeting.title
                   else meeting.body.name)
        description = _description(meeting, url)
    entry = Event()
    entry.add("uid", f"meeting-{meeting.pk}@{host()}")
    entry.add("sequence", meeting.sequence)
    entry.add("dtstamp", stamp)
    entry.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
    entry.add("dtend", meeting.ends_at.astimezone(dt.UTC))
    entry.add("summary", summary)
    if location := _location(meeting):
        entry.add("location", location)
    entry.add("url", url)
    entry.add("description", description)
    cancelled = meeting.state == Meeting.State.CANCELLED
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return entry


def calendar(name: str, meetings: Iterable[Meeting]) -> bytes:
    """The feed as iCalendar text (RFC 5545)."""
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for meeting in meetings:
        feed.add_component(event(meeting, stamp))
    content: bytes = feed.to_ical()
    return content
