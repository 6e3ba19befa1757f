"""The search page's results: per source, the newest hits first, a bounded number each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from klynge.search.engine import search, snippet, words
from klynge.search.sources import SOURCES, Source

PER_SOURCE = 20


@dataclass
class Hit:
    title: str
    excerpt: str
    url: str
    context: str


@dataclass
class Group:
    kind: str
    label: Any
    hits: list[Hit] = field(default_factory=list)
    more: bool = False


def _group(source: Source, user: Any, query: str, limit: int) -> Group:
    rows = list(search(source.rows(user), source.fields, query).order_by("-pk")[:limit + 1])
    group = Group(source.kind, source.label, more=len(rows) > limit)
    for row in rows[:limit]:
        group.hits.append(Hit(source.title(row), snippet(source.text(row), query),
                              source.url(row), source.context(row)))
    return group


def results(user: Any, query: str, kind: str = "", limit: int = PER_SOURCE) -> list[Group]:
    """The groups of hits for ``query`` that ``user`` may see (one query per source)."""
    if not words(query):
        return []
    chosen = [s for s in SOURCES if not kind or s.kind == kind]
    return [_group(source, user, query, limit) for source in chosen]


def kinds() -> list[tuple[str, str]]:
    return [(source.kind, str(source.label)) for source in SOURCES]
