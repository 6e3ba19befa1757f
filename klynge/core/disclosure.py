"""The small-count rule for every Django app that publishes statistics.

A count of 1 to 4 people is never published: it could identify someone. Zero may be shown.
The population engine keeps its own copy of the rule (``klynge.population.disclosure``, which
imports no Django); a test holds the two thresholds equal.
"""

from __future__ import annotations

SMALLEST_PUBLISHED = 5  # counts from 1 up to SMALLEST_PUBLISHED - 1 are suppressed


def is_small(count: int | None) -> bool:
    """Whether ``count`` must not be published (1–4)."""
    return count is not None and 0 < count < SMALLEST_PUBLISHED


def publishable(count: int | None) -> int | None:
    """``count``, or ``None`` (shown as suppressed) when it is small."""
    return None if is_small(count) else count
