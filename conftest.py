"""Suite-wide fixtures: English outside requests, and a pinned clock.

The clock stands still at ``DEFAULT_DAY`` (a day in 2026, while the Danish health clusters
still exist), so a test means the same next year. Tests marked ``both_dates`` run twice: on
``DEFAULT_DAY`` and on ``REFORM_DAY_AFTER`` (a day in 2027, when the clusters have become
councils); they read the day from the ``pinned_day`` fixture.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine
from django.utils import translation

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
DEFAULT_DAY = dt.date(2026, 11, 30)
REFORM_DAY_AFTER = dt.date(2027, 3, 1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_dates: runs on a day in 2026 and on a day in 2027 (pinned_day)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("both_dates"):
        metafunc.parametrize("pinned_day", [DEFAULT_DAY, REFORM_DAY_AFTER],
                             ids=["2026", "2027"])


@pytest.fixture
def pinned_day() -> dt.date:
    """The day the clock stands at (see the module's docstring)."""
    return DEFAULT_DAY


@pytest.fixture(autouse=True)
def _pinned_clock(pinned_day: dt.date) -> Iterator[None]:
    moment = dt.datetime.combine(pinned_day, dt.time(10, 0), tzinfo=COPENHAGEN)
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Messages made outside a request (commands, loaders, rules) come in English in tests.

    Requests still choose their language as in production (Danish by default), so the
    tests of pages and of translations see what users see.
    """
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_process_memory() -> Iterator[None]:
    """Each test starts with an empty memory layer of the ``versioned`` cache (its shared
    layer is in the test's database, rolled back with it): tests make rows without the
    actions that bump the structure version, so a key may name other content in the next
    test."""
    from django.core.cache import caches

    caches["versioned"]._local.clear()  # type: ignore[attr-defined]
    yield
