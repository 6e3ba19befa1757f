"""A programme's figures by month, with small counts suppressed, and volunteer hours.

Per calendar month (local time): **referrals** received, the **median waiting days** from
referral to match of the referrals matched that month, **matches** made, and referrals
**completed** (closed with the outcome *completed*). A count of 1 to 4 is never given
(``klynge.core.disclosure``): it is ``None``, as is a median of fewer than five referrals.
**Volunteer hours** are the minutes of the contacts logged, in hours; they are suppressed
when fewer than five volunteers logged them, since they would tell one person's hours.
Anonymised referrals count: hiding a patient's data keeps its dates and outcome.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, Sum
from django.utils import timezone

from klynge.core.disclosure import is_small, publishable
from klynge.volunteering.models import Contact, Match, Programme, Referral


@dataclass(frozen=True)
class MonthFigures:
    month: str  # "2026-11"
    referrals: int | None
    median_waiting_days: float | None
    matches: int | None
    completed: int | None


@dataclass(frozen=True)
class Hours:
    hours: float | None  # None: suppressed
    volunteers: int | None


@dataclass(frozen=True)
class ProgrammeStatistics:
    programme_id: int
    months: list[MonthFigures]
    volunteer_hours: Hours


def month_of(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


def _months_between(first: str, last: str) -> list[str]:
    year, month = (int(part) for part in first.split("-"))
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _median(values: list[int]) -> float | None:
    if not values or is_small(len(values)):
        return None
    return float(median(values))


def programme_statistics(programme: Programme) -> ProgrammeStatistics:
    """The programme's figures for every month from its first referral to its last event
    (three queries, and two for the hours)."""
    received: dict[str, int] = defaultdict(int)
    completed: dict[str, int] = defaultdict(int)
    waiting: dict[str, list[int]] = defaultdict(list)
    matches: dict[str, int] = defaultdict(int)
    rows = Referral.objects.filter(programme=programme).values_list(
        "submitted_at", "matched_at", "closed_at", "outcome")
    for submitted, matched, closed, outcome in rows:
        received[month_of(submitted)] += 1
        if matched is not None:
            waiting[month_of(matched)].append(
                (timezone.localdate(matched) - timezone.localdate(submitted)).days)
        if closed is not None and outcome == Referral.Outcome.COMPLETED:
            completed[month_of(closed)] += 1
    for moment in Match.objects.filter(referral__programme=programme).values_list(
            "matched_at", flat=True):
        matches[month_of(moment)] += 1
    used = set(received) | set(completed) | set(waiting) | set(matches)
    months = _months_between(min(used), max(used)) if used else []
    return ProgrammeStatistics(
        programme_id=programme.pk,
        months=[MonthFigures(month=month, referrals=publishable(received[month]),
                             median_waiting_days=_median(waiting[month]),
                             matches=publishable(matches[month]),
                             completed=publishable(completed[month]))
                for month in months],
        volunteer_hours=volunteer_hours([programme])[programme.pk])


def volunteer_hours(programmes: Iterable[Programme]) -> dict[int, Hours]:
    """The hours volunteers logged in each programme (one query)."""
    ids = [programme.pk for programme in programmes]
    totals = dict.fromkeys(ids, (0, 0))
    rows = (Contact.objects.filter(match__referral__programme_id__in=ids)
            .values("match__referral__programme_id")
            .annotate(minutes=Sum("minutes"), volunteers=Count("match__volunteer",
                                                                distinct=True)))
    for row in rows:
        totals[row["match__referral__programme_id"]] = (row["minutes"], row["volunteers"])
    return {pk: Hours(hours=None if is_small(volunteers) else round(minutes / 60, 1),
                      volunteers=publishable(volunteers))
            for pk, (minutes, volunteers) in totals.items()}
