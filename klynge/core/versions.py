"""Version counters: a cheap way for caches to know that what they hold is stale.

Every action that changes a collaboration's structure, and every reference load, calls
:func:`bump_structure_version` inside its transaction; the governance findings are cached
under the version (``klynge.governance.findings``), so a change is seen at once by every
server process and the task worker.
"""

from __future__ import annotations

from django.db.models import F

from klynge.core.models import Counter

STRUCTURE = "structure"


def current(name: str) -> int:
    value = Counter.objects.filter(name=name).values_list("value", flat=True).first()
    return value or 0


def bump(name: str) -> None:
    """Add one to the counter ``name`` (created at 1); call inside the writer's transaction."""
    if not Counter.objects.filter(name=name).update(value=F("value") + 1):
        Counter.objects.get_or_create(name=name, defaults={"value": 1})


def structure_version() -> int:
    return current(STRUCTURE)


def bump_structure_version() -> None:
    bump(STRUCTURE)
