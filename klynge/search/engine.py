"""Matching words in text on PostgreSQL and on SQLite, the same way where it matters.

A query's words must each be found in the searched fields:
- **as part of a word** (substring, case folded, letters never folded to others):
  compounds are the norm in Danish and Norwegian, so *ældre* finds *Ældrerådet* and
  *klynge* finds *sundhedsklyngen*; *møde* does not find *mode*, because Æ, Ø and Å are
  letters of their own (no accent folding, no transliteration);
- or, on PostgreSQL, **by stem** with the Danish and the Norwegian Snowball stemmers
  (full-text search), so *mødet* finds *møder* and *henvisninger* finds *henvisning*.
SQLite has no stemmer; its fallback is the substring match, which covers prefixes and
compounds (``klynge.core.sqlite`` makes its ``LIKE`` fold case as PostgreSQL does).

Words shorter than two letters are ignored; at most eight words are used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q, QuerySet

MAX_WORDS = 8
MIN_LENGTH = 2
CONFIGS = ("danish", "norwegian")
_WORD = re.compile(r"[\w-]+", re.UNICODE)


def words(query: str) -> list[str]:
    """The words of ``query`` that are searched for, in order, without repeats."""
    seen: list[str] = []
    for word in _WORD.findall(query or ""):
        word = word.strip("-").lower()
        if len(word) >= MIN_LENGTH and word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def _substring(fields: Sequence[str], terms: list[str]) -> Q:
    """Every term is part of some field."""
    return reduce(and_, (reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields))
                         for term in terms))


def search(queryset: QuerySet, fields: Sequence[str], query: str) -> QuerySet:
    """The rows of ``queryset`` that match ``query`` in ``fields``; none for an empty query.
    On PostgreSQL a row also matches when every word matches by stem."""
    terms = words(query)
    if not terms:
        return queryset.none()
    condition = _substring(fields, terms)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        text = " ".join(terms)
        annotations = {}
        for config in CONFIGS:
            name = f"_search_{config}"
            annotations[name] = SearchVector(*fields, config=config)
            condition |= Q(**{name: SearchQuery(text, config=config, search_type="plain")})
        queryset = queryset.annotate(**annotations)
    return queryset.filter(condition)


def snippet(text: str, query: str, width: int = 160) -> str:
    """A short excerpt of ``text`` around the first word of ``query`` found in it."""
    plain = " ".join((text or "").split())
    lowered = plain.lower()
    positions = [lowered.find(term) for term in words(query)]
    found = [p for p in positions if p >= 0]
    if not found or len(plain) <= width:
        return plain[:width] + ("…" if len(plain) > width else "")
    start = max(0, min(found) - width // 3)
    excerpt = plain[start:start + width]
    return ("…" if start else "") + excerpt + ("…" if start + width < len(plain) else "")
