"""Factories for the participation app: rows written directly (no checks, no audit), for
tests that need a contribution, a workshop or a ballot in some state."""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

from django.utils import timezone

from klynge.collaborations.models import Collaboration
from klynge.participation.models import (
    Contribution,
    Idea,
    Participant,
    PublicCase,
    PublicHearing,
    Workshop,
)

_codes = count(1)


def make_contribution(collaboration: Collaboration, **kw: Any) -> Contribution:
    now = timezone.now()
    kw.setdefault("kind", Contribution.Kind.STORY)
    kw.setdefault("text", "Jeg ventede tre uger på et svar.")
    kw.setdefault("via", Contribution.Via.PUBLIC)
    kw.setdefault("consent_at", now)
    kw.setdefault("submitted_at", now)
    return Contribution.objects.create(collaboration=collaboration, **kw)


def make_workshop(collaboration: Collaboration, **kw: Any) -> Workshop:
    now = timezone.now()
    kw.setdefault("title", "Idéværksted om udskrivelse")
    kw.setdefault("starts_at", now - dt.timedelta(hours=2))
    kw.setdefault("place", "Biblioteket")
    kw.setdefault("created_at", now)
    return Workshop.objects.create(collaboration=collaboration, **kw)


def make_participant(workshop: Workshop, **kw: Any) -> Participant:
    kw.setdefault("code", f"TEST{next(_codes):04d}")
    kw.setdefault("invited_at", timezone.now())
    return Participant.objects.create(workshop=workshop, **kw)


def make_idea(workshop: Workshop, **kw: Any) -> Idea:
    stories = kw.pop("stories", [])
    kw.setdefault("title", "En fast kontaktperson")
    kw.setdefault("text", "Én person at ringe til de første 14 dage.")
    kw.setdefault("created_at", timezone.now())
    idea = Idea.objects.create(workshop=workshop, **kw)
    idea.stories.set(stories)
    return idea


def make_public(obj: Any) -> Any:
    """Mark a case or a hearing public."""
    now = timezone.now()
    if obj._meta.model_name == "case":
        return PublicCase.objects.create(case=obj, published_at=now)
    return PublicHearing.objects.create(hearing=obj, published_at=now)


def make_event(collaboration: Collaboration, **kw: Any) -> Any:
    from klynge.participation.models import Event

    now = timezone.now()
    cases = kw.pop("cases", [])
    kw.setdefault("kind", Event.Kind.USER_LED_DAY)
    kw.setdefault("title", "Brugerdag om udskrivelse")
    kw.setdefault("starts_at", now + dt.timedelta(days=7))
    kw.setdefault("ends_at", kw["starts_at"] + dt.timedelta(hours=3))
    kw.setdefault("place", "Sundhedshuset")
    kw.setdefault("capacity", 2)
    kw.setdefault("created_at", now)
    event = Event.objects.create(collaboration=collaboration, **kw)
    event.cases.set(cases)
    return event
