"""Factories for cases and the vocabulary: ``make_<noun>(**overrides)``.

``make_case`` writes the row directly (a number from the collaboration's series, no events),
for tests that need a case in some state; ``submit_case`` goes through the action, as a
user would.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from klynge.cases.actions import do_submit_case, next_serial
from klynge.cases.models import Case, State
from klynge.collaborations.models import Collaboration
from klynge.testing.factories import make_collaboration
from klynge.vocabulary.models import Term

_counter = itertools.count(1)


def make_term(collaboration: Collaboration | None = None, **kw: Any) -> Term:
    n = next(_counter)
    kw.setdefault("kind", Term.Kind.THEME)
    kw.setdefault("code", f"term-{n}")
    kw.setdefault("name_en", f"Term {n}")
    kw.setdefault("name_da", f"Begreb {n}")
    return Term.objects.create(collaboration=collaboration or make_collaboration(), **kw)


def make_case(collaboration: Collaboration | None = None, **kw: Any) -> Case:
    """A case in ``kw['state']`` (default submitted), with the next number of the year."""
    collaboration = collaboration or make_collaboration()
    now = timezone.now()
    kw.setdefault("year", timezone.localdate(now).year)
    kw.setdefault("serial", next_serial(collaboration, kw["year"]))
    kw.setdefault("title", f"Sag {kw['serial']}")
    kw.setdefault("description", "En beskrivelse.")
    kw.setdefault("request", "Det ønskes behandlet.")
    kw.setdefault("state", State.SUBMITTED)
    kw.setdefault("submitted_at", now)
    themes = kw.pop("themes", [])
    target_groups = kw.pop("target_groups", [])
    case = Case.objects.create(collaboration=collaboration, **kw)
    case.themes.set(themes)
    case.target_groups.set(target_groups)
    return case


def submit_case(actor: Any, collaboration: Collaboration, **kw: Any) -> Case:
    """A case submitted through the action by ``actor``."""
    kw.setdefault("title", "Bedre overgange for ældre")
    kw.setdefault("description", "Ældre medicinske patienter genindlægges ofte.")
    kw.setdefault("request", "At faggruppen ser på det.")
    return do_submit_case(actor, collaboration, **kw)
