"""SQLite, configured for a secretariat's real load, and searching as PostgreSQL does.

Concurrency: every SQLite connection runs in WAL mode (readers never wait for the writer)
with ``synchronous=NORMAL`` (safe in WAL mode) and waits up to ``busy_timeout`` for a lock;
settings open every transaction as ``IMMEDIATE``, so a writer takes the lock when its
transaction begins instead of failing half-way with "database is locked".

Search: SQLite's ``LIKE`` folds only ASCII letters, so ``name__icontains="øster"`` would miss
"Østergaard". Django's SQLite lookups (``icontains``, ``iexact``, ``istartswith``, …) are
``LIKE`` expressions, so ``like()`` is replaced on each SQLite connection by one that folds
case as Unicode does, as PostgreSQL's ``UPPER(…) LIKE UPPER(…)`` already does.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=256)
def _pattern(like: str, escape: str | None) -> re.Pattern[str]:
    """A ``LIKE`` pattern (``%`` any run, ``_`` one character, ``escape`` quoting the next
    character) as a case-insensitive regular expression."""
    parts: list[str] = []
    characters = iter(like)
    for character in characters:
        if escape is not None and character == escape:
            parts.append(re.escape(next(characters, "")))
        elif character == "%":
            parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(like: str | None, value: Any, escape: str | None = None) -> bool | None:
    """SQLite's ``like(X, Y[, Z])``: whether ``Y LIKE X [ESCAPE Z]``; NULL if either is."""
    if like is None or value is None:
        return None
    return _pattern(like, escape).fullmatch(str(value)) is not None


BUSY_TIMEOUT_MS = 20_000


def configure_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: WAL, a busy timeout and a Unicode ``like()`` on SQLite."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=NORMAL")
    raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    raw.create_function("like", 2, unicode_like, deterministic=True)
    raw.create_function("like", 3, unicode_like, deterministic=True)
