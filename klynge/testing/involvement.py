"""Factories for the involvement ledger: ``make_involvement(case, **overrides)`` writes the
row directly (no checks, no audit), for tests that need a ledger in some state."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from klynge.cases.models import Case
from klynge.involvement.models import Involvement, Step


def make_involvement(case: Case, **kw: Any) -> Involvement:
    now = timezone.now()
    kw.setdefault("step", Step.CONSULTED)
    kw.setdefault("happened_on", timezone.localdate())
    if kw.get("body") is None:
        kw.setdefault("others", "Borgermøde i Testby")
    kw.setdefault("said", "De ønsker kortere ventetid.")
    return Involvement.objects.create(case=case, recorded_at=now, changed_at=now, **kw)


def make_decision(case: Case, body: Any, decided_on: Any, **kw: Any) -> Any:
    """A decision on ``case`` by ``body`` (the row only: no state change, no event)."""
    from klynge.cases.models import Decision

    kw.setdefault("outcome", Decision.Outcome.APPROVED)
    kw.setdefault("wording", "Indstillingen følges.")
    return Decision.objects.create(case=case, body=body, decided_on=decided_on, **kw)
