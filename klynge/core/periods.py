"""One notion of a period for every Django app: from a first day to a last day, both included.

A period is a start day and an end day, where the end may be open (``None``). Effective-dated
facts use ``valid_from``/``valid_to``, seats ``term_start``/``term_end``, role grants
``valid_from``/``valid_to``: all inclusive, all judged here.

The population engine (``klynge.population``) keeps its input contract's half-open periods
(``valid_to`` is the first day *after* the period). :func:`to_half_open` and
:func:`from_half_open` convert between the two; the mapping export is the one place that calls
them (``klynge.collaborations.queries``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ONE_DAY = dt.timedelta(days=1)
T = TypeVar("T")


def covers(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """Whether the period ``start``–``end`` (both included; ``None`` is open) holds ``day``."""
    return (start is None or start <= day) and (end is None or day <= end)


def overlaps(start: dt.date | None, end: dt.date | None,
             other_start: dt.date | None, other_end: dt.date | None) -> bool:
    """Whether two inclusive periods share at least one day."""
    starts_before_other_ends = start is None or other_end is None or start <= other_end
    other_starts_before_end = other_start is None or end is None or other_start <= end
    return starts_before_other_ends and other_starts_before_end


def covering(day: dt.date, start: str = "valid_from", end: str = "valid_to") -> Q:
    """A filter for rows whose period ``start``–``end`` (fields, both included) holds ``day``."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True})
                                           | Q(**{f"{end}__gte": day}))


def not_ended(day: dt.date, end: str = "valid_to") -> Q:
    """A filter for rows whose period has not ended before ``day`` (current or upcoming)."""
    return Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day})


def overlapping(first: dt.date, last: dt.date | None, start: str = "valid_from",
                end: str = "valid_to") -> Q:
    """A filter for rows whose period shares a day with ``first``–``last`` (``None``: open)."""
    condition = Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": first})
    if last is not None:
        condition &= Q(**{f"{start}__lte": last})
    return condition


def check_order(start: dt.date | None, end: dt.date | None, field: str = "valid_to",
                message: str | Promise | None = None) -> None:
    """``ValidationError`` on ``field`` when the period ends before it starts."""
    if start is not None and end is not None and end < start:
        raise ValidationError(
            {field: message or _("The end date cannot be before the start date.")}
        )


def to_half_open(last_day: dt.date | None) -> dt.date | None:
    """An inclusive last day as the population contract's exclusive end (the day after)."""
    return None if last_day is None else last_day + ONE_DAY


def from_half_open(end: dt.date | None) -> dt.date | None:
    """The population contract's exclusive end as an inclusive last day (the day before)."""
    return None if end is None else end - ONE_DAY


class PeriodQuerySet(models.QuerySet):
    """A queryset of rows with a period; subclasses name the fields."""

    start_field = "valid_from"
    end_field = "valid_to"

    def on(self, day: dt.date) -> Any:
        """Rows in force on ``day`` (the end day is the last day, included)."""
        return self.filter(covering(day, self.start_field, self.end_field))

    def overlapping(self, first: dt.date, last: dt.date | None) -> Any:
        return self.filter(overlapping(first, last, self.start_field, self.end_field))


@dataclass
class InTime(Generic[T]):
    """Items split by a day: ended before it, holding on it, and starting after it."""

    past: list[T] = field(default_factory=list)
    current: list[T] = field(default_factory=list)
    upcoming: list[T] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.past or self.current or self.upcoming)


def split_in_time(items: Iterable[T], day: dt.date,
                  period: Callable[[T], tuple[dt.date | None, dt.date | None]]) -> InTime[T]:
    """Split ``items`` into past, current and upcoming on ``day``; ``period`` gives each one's
    first and last day. The order within each part is the order of ``items``."""
    split: InTime[T] = InTime()
    for item in items:
        start, end = period(item)
        if start is not None and day < start:
            split.upcoming.append(item)
        elif end is not None and end < day:
            split.past.append(item)
        else:
            split.current.append(item)
    return split
