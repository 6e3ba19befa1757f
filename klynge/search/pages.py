"""The search page's results: per source, the newest hits first, a bounded number each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from klynge.search.engine import Terms, search, snippet, terms
from klynge.search.sources import SOURCES, Source

PER_SOURCE = 5  # on the page of everything: the newest few of each kind, and a link to all
PER_PAGE = 50  # on the page of one kind, which has pages


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
    page: int = 1


def _group(source: Source, user: Any, query: str, looked_for: Terms, limit: int,
           page: int = 1) -> Group:
    start = (page - 1) * limit
    rows = list(search(source.rows(user), source.fields, looked_for)
                .order_by(*source.order)[start:start + limit + 1])
    group = Group(source.kind, source.label, more=len(rows) > limit, page=page)
    for row in rows[:limit]:
        group.hits.append(Hit(source.title(row), snippet(source.text(row), query),
                              source.url(row), source.context(row)))
    return group


def results(user: Any, query: str, kind: str = "", page: int = 1) -> list[Group]:
    """The groups of hits for ``query`` that ``user`` may see (one query per source): the
    newest of every kind, or one kind a page at a time."""
    looked_for = terms(query)
    if not looked_for:
        return []
    if kind:
        return [_group(s, user, query, looked_for, PER_PAGE, page)
                for s in SOURCES if s.kind == kind]
    return [_group(source, user, query, looked_for, PER_SOURCE) for source in SOURCES]


def kinds() -> list[tuple[str, str]]:
    return [(source.kind, str(source.label)) for source in SOURCES]
