"""What the event pages show, the participant list's export, and the public iCalendar
feed of a collaboration's events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.meetings.documents.exports import Column
from klynge.meetings.documents.feeds import PAST_DAYS, host, site_url
from klynge.participation import access
from klynge.participation.models import Event, Registration

PRODID = "-//Klynge//Events//EN"
State = Registration.State

PARTICIPANT_COLUMNS = [
    Column(gettext_lazy("Name"), lambda r: r.name, 28),
    Column(gettext_lazy("E-mail or phone"), lambda r: r.contact, 28),
    Column(gettext_lazy("Needs"), lambda r: r.needs, 30),
    Column(gettext_lazy("State"), lambda r: str(r.get_state_display()), 18),
    Column(gettext_lazy("Registered"), lambda r: timezone.localtime(r.registered_at)
           .strftime("%Y-%m-%d %H:%M"), 18),
]


def with_counts(events: Any) -> Any:
    return events.annotate(
        n_registered=Count("registrations", filter=Q(registrations__state=State.REGISTERED)),
        n_waiting=Count("registrations", filter=Q(registrations__state=State.WAITING)))


def events_context(collaboration: Collaboration, form: Any) -> dict[str, Any]:
    events = with_counts(Event.objects.filter(collaboration=collaboration)).order_by(
        "-starts_at", "-pk")
    return {"collaboration": collaboration, "events": list(events), "form": form}


def participants(event: Event) -> list[Registration]:
    """Those with a place, then the waiting list in its order."""
    rows = list(event.registrations.exclude(state=State.CANCELLED))
    return sorted(rows, key=lambda r: (r.state != State.REGISTERED, r.registered_at, r.pk))


def event_context(event: Event, **forms: Any) -> dict[str, Any]:
    rows = participants(event)
    return {"event": event, "collaboration": event.collaboration, "rows": rows,
            "registered": sum(1 for r in rows if r.state == State.REGISTERED),
            "waiting": sum(1 for r in rows if r.state == State.WAITING),
            "cases": list(event.cases.all()), "happened": event.starts_at <= timezone.now(),
            **forms}


def public_event_context(collaboration: Collaboration, event: Event,
                         form: Any) -> dict[str, Any]:
    registered = event.registrations.filter(state=State.REGISTERED).count()
    cases = access.public_cases(collaboration).filter(citizen_events=event)
    return {"collaboration": collaboration, "event": event, "form": form,
            "free": max(event.capacity - registered, 0),
            "open": not event.cancelled and event.starts_at > timezone.now(),
            "cases": list(cases)}


def _entry(event: Event, stamp: dt.datetime) -> CalendarEvent:
    url = site_url(reverse("participation:public_event",
                           args=[event.collaboration.code, event.pk]))
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{host()}")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.starts_at.astimezone(dt.UTC))
    entry.add("dtend", event.ends_at.astimezone(dt.UTC))
    entry.add("summary", f"{event.get_kind_display().capitalize()}: {event.title}")
    entry.add("location", event.place)
    entry.add("url", url)
    entry.add("description", "\n".join(part for part in (event.description, url) if part))
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return entry


def calendar(collaboration: Collaboration) -> bytes:
    """The collaboration's events from a year back, as iCalendar text (RFC 5545)."""
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", _("Events of %(collaboration)s") % {
        "collaboration": collaboration.name})
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    since = timezone.now() - dt.timedelta(days=PAST_DAYS)
    for event in access.public_events(collaboration).filter(starts_at__gte=since):
        feed.add_component(_entry(event, stamp))
    content: bytes = feed.to_ical()
    return content


def case_choices(collaboration: Collaboration) -> Any:
    return Case.objects.filter(collaboration=collaboration).order_by("-year", "-serial")
