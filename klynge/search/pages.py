"""The search page's results: per kind, the newest hits first, a bounded number each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from klynge.governance.roles import roles_of
from klynge.search.access import visible_entries
from klynge.search.engine import Terms, search, snippet, terms
from klynge.search.models import Entry

PER_SOURCE = 5  # on the page of everything: the newest few of each kind, and a link to all
PER_PAGE = 50  # on the page of one kind, which has pages
# Newest first, ending with the key (a unique tie-breaker); the index search_entry_order.
ORDER = (F("sort_at").desc(), "rank", F("object_id").desc())
SHOWN = ("kind", "title", "text", "url", "context", "sort_at", "rank", "object_id")


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


def _rows(found: QuerySet[Entry], kind: str, start: int, limit: int) -> QuerySet[Entry]:
    """The entries of ``kind`` on a page, and one more to tell whether there are more."""
    return found.filter(kind=kind).order_by(*ORDER).only(*SHOWN)[start:start + limit + 1]


def _group(kind: str, rows: list[Entry], query: str, limit: int, page: int = 1) -> Group:
    group = Group(kind, Entry.Kind(kind).label, more=len(rows) > limit, page=page)
    for row in rows[:limit]:
        group.hits.append(Hit(row.title, snippet(row.text, query), row.url, row.context))
    return group


def _newest_of_each(found: QuerySet[Entry], sees_all: bool) -> dict[str, list[Entry]]:
    """The newest few entries of every kind, in one query. For most users a window numbers
    each kind's hits among the few entries they may see. For an administrator, who may see
    every entry, each kind's newest are read down the order's index until enough match: a
    UNION of ordered, limited parts where the database takes one (PostgreSQL), else one
    query per kind."""
    by_kind: dict[str, list[Entry]] = defaultdict(list)
    if not sees_all:
        numbered = found.only(*SHOWN).annotate(
            position=Window(RowNumber(), partition_by=[F("kind")], order_by=ORDER))
        for numbered_row in numbered.filter(position__lte=PER_SOURCE + 1).order_by(
                "kind", *ORDER):
            by_kind[numbered_row.kind].append(numbered_row)
        return by_kind
    parts = [_rows(found, kind, 0, PER_SOURCE) for kind in Entry.Kind]
    if not connection.features.supports_slicing_ordering_in_compound:
        return {kind: list(part) for kind, part in zip(Entry.Kind, parts, strict=True)}
    for row in parts[0].union(*parts[1:], all=True):
        by_kind[row.kind].append(row)
    for rows in by_kind.values():  # a UNION keeps no order
        rows.sort(key=lambda r: (-r.sort_at.timestamp(), r.rank, -r.object_id))
    return by_kind


@contextmanager
def _planned_for_these_values() -> Iterator[None]:
    """On PostgreSQL, a search is planned for its own words and keys: a statement prepared
    once for all (``DATABASE_PREPARE``) would get one generic plan, blind to how many rows a
    word or a user's keys find, and slower than the other pages' by half."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


def results(user: Any, query: str, kind: str = "", page: int = 1) -> list[Group]:
    """The groups of hits for ``query`` that ``user`` may see: the newest of every kind, or
    one kind a page at a time."""
    with _planned_for_these_values():
        return _results(user, query, kind, page)


def _results(user: Any, query: str, kind: str, page: int) -> list[Group]:
    looked_for: Terms = terms(query)
    if not looked_for:
        return []
    found = search(visible_entries(user), "searched", looked_for)
    if kind:
        if kind not in Entry.Kind.values:
            return []
        start = (page - 1) * PER_PAGE
        return [_group(kind, list(_rows(found, kind, start, PER_PAGE)), query, PER_PAGE, page)]
    by_kind = _newest_of_each(found, roles_of(user).is_admin)
    return [_group(k, by_kind.get(k, []), query, PER_SOURCE) for k in Entry.Kind]


def kinds() -> list[tuple[str, str]]:
    return [(kind.value, str(kind.label)) for kind in Entry.Kind]
