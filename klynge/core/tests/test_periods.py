"""One notion of a period: both days included, and one conversion to half-open periods."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from klynge.core.disclosure import SMALLEST_PUBLISHED, is_small, publishable
from klynge.core.periods import (
    check_order,
    covers,
    from_half_open,
    overlaps,
    split_in_time,
    to_half_open,
)
from klynge.population import disclosure as population_disclosure

D = dt.date


@pytest.mark.parametrize(("start", "end", "day", "expected"), [
    (D(2022, 7, 1), D(2026, 12, 31), D(2026, 12, 31), True),  # the last day is included
    (D(2022, 7, 1), D(2026, 12, 31), D(2027, 1, 1), False),
    (D(2027, 1, 1), None, D(2027, 1, 1), True),  # the first day is included
    (D(2027, 1, 1), None, D(2026, 12, 31), False),
    (None, None, D(2000, 1, 1), True),
])
def test_covers(start: dt.date | None, end: dt.date | None, day: dt.date,
                expected: bool) -> None:
    assert covers(start, end, day) is expected


def test_overlaps_share_a_day() -> None:
    assert overlaps(D(2022, 1, 1), D(2022, 12, 31), D(2022, 12, 31), None)
    assert not overlaps(D(2022, 1, 1), D(2022, 12, 31), D(2023, 1, 1), None)
    assert overlaps(D(2022, 1, 1), None, D(2030, 1, 1), D(2030, 1, 1))


def test_the_end_cannot_come_before_the_start() -> None:
    check_order(D(2022, 1, 1), D(2022, 1, 1))  # a one-day period
    with pytest.raises(ValidationError) as error:
        check_order(D(2022, 1, 2), D(2022, 1, 1), "term_end")
    assert "term_end" in error.value.error_dict


def test_half_open_at_one_point_on_the_day_of_the_reform() -> None:
    assert to_half_open(D(2026, 12, 31)) == D(2027, 1, 1)
    assert from_half_open(D(2027, 1, 1)) == D(2026, 12, 31)
    assert to_half_open(None) is None and from_half_open(None) is None


def test_split_in_time() -> None:
    periods = {"past": (D(2020, 1, 1), D(2026, 11, 29)), "today": (D(2026, 11, 30), None),
               "future": (D(2030, 1, 1), None), "open": (D(2020, 1, 1), None)}
    split = split_in_time(periods, D(2026, 11, 30), lambda key: periods[key])
    assert (split.past, split.current, split.upcoming) == (["past"], ["today", "open"],
                                                           ["future"])


def test_small_counts_are_never_published() -> None:
    assert [n for n in range(8) if is_small(n)] == [1, 2, 3, 4]
    assert publishable(4) is None and publishable(5) == 5 and publishable(0) == 0


def test_the_population_engine_keeps_the_same_threshold() -> None:
    assert population_disclosure.THRESHOLD == SMALLEST_PUBLISHED
