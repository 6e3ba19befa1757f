"""Keeping the search index (:mod:`klynge.search.models`): one entry per case, agenda item,
decision, meeting with general minutes and hearing answer, with its audience worked out by
the owning app's access module.

``index_<kind>(ids)`` writes the entries of those things afresh (and removes those that are
gone or no longer searchable) in a handful of queries, whatever their number;
:mod:`klynge.search.signals` calls them when a row changes, and :func:`rebuild` writes
everything (``klynge search_index``, after the demo and the benchmark's bulk loads).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from klynge.cases.access import case_audience
from klynge.cases.models import Case, CaseEvent, Decision
from klynge.governance.audience import Audience
from klynge.hearings.access import answer_audience
from klynge.hearings.models import Answer
from klynge.meetings.access import item_audience, meeting_audience
from klynge.meetings.models import AgendaItem, AgendaReview, Conflict, Meeting
from klynge.search.engine import searchable
from klynge.search.models import Entry, Key

Kind = Entry.Kind
CHUNK = 500


@dataclass
class Row:
    object_id: int
    searched: Sequence[str]
    title: str
    text: str
    url: str
    context: str
    sort_at: dt.datetime
    audience: Audience
    rank: int = 0


def _store(kind: str, ids: Iterable[int], rows: list[Row]) -> None:
    """Replace the entries of ``ids`` of ``kind`` by ``rows`` (those of ``ids`` without a
    row are no longer searchable). Entries are written with an upsert, so two transactions
    that rewrite the same entry at once both succeed, the later one last."""
    kept = {row.object_id for row in rows}
    Entry.objects.filter(kind=kind, object_id__in=[i for i in ids if i not in kept]).delete()
    if not rows:
        return
    entries = Entry.objects.bulk_create([
        Entry(kind=kind, object_id=row.object_id, searched=searchable(row.searched),
              title=row.title[:400], text=row.text, url=row.url, context=row.context[:400],
              sort_at=row.sort_at, rank=row.rank, later_from=row.audience.later_from)
        for row in rows], update_conflicts=True, unique_fields=["kind", "object_id"],
        update_fields=UPDATED)
    Key.objects.filter(entry__in=[entry.pk for entry in entries]).delete()
    keys = []
    for entry, row in zip(entries, rows, strict=True):
        for clause, found in ((Key.Clause.KEEPER, row.audience.keepers),
                              (Key.Clause.ALLOWED, row.audience.allowed),
                              (Key.Clause.DENIED, row.audience.denied),
                              (Key.Clause.LATER, row.audience.later)):
            keys += [Key(entry=entry, clause=clause, key=key) for key in sorted(found)]
    Key.objects.bulk_create(keys)


UPDATED = ["searched", "title", "text", "url", "context", "sort_at", "rank", "later_from"]


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start:start + CHUNK]


def _been_with(case_ids: Iterable[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for case_id, body_id in (CaseEvent.objects.filter(case_id__in=list(case_ids),
                                                      to_body_id__isnull=False)
                             .values_list("case_id", "to_body_id")):
        found[case_id].add(body_id)
    return found


def index_cases(ids: Iterable[int]) -> None:
    for chunk in _chunks(ids):
        cases = list(Case.objects.filter(pk__in=chunk).select_related("collaboration"))
        been_with = _been_with(chunk)
        _store(Kind.CASES, chunk, [Row(
            case.pk, (case.title, case.description, case.request),
            title=f"{case.file_number} {case.title}", text=f"{case.description} {case.request}",
            url=case.get_absolute_url(), context=case.collaboration.name,
            sort_at=case.submitted_at, audience=case_audience(case, been_with[case.pk]),
        ) for case in cases])


def index_decisions(ids: Iterable[int]) -> None:
    for chunk in _chunks(ids):
        decisions = list(Decision.objects.filter(pk__in=chunk)
                         .select_related("case__collaboration", "body"))
        been_with = _been_with(d.case_id for d in decisions)
        _store(Kind.DECISIONS, chunk, [Row(
            d.pk, (d.wording,), title=f"{d.case.file_number} {d.case.title}", text=d.wording,
            url=d.case.get_absolute_url(), context=f"{d.body.name}, {d.decided_on:%d.%m.%Y}",
            sort_at=_midnight(d.decided_on),
            audience=case_audience(d.case, been_with[d.case_id]),
        ) for d in decisions])


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _persons_by(model: Any, field: str, ids: Iterable[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for owner, person_id in (model.objects.filter(**{f"{field}__in": list(ids)})
                             .values_list(field, "person_id")):
        found[owner].add(person_id)
    return found


def _item_title(item: AgendaItem) -> str:
    number = f" ({item.case.file_number})" if item.case_id else ""  # type: ignore[union-attr]
    return f"{item.number}. {item.title}{number}"


def index_items(ids: Iterable[int]) -> None:
    for chunk in _chunks(ids):
        items = list(AgendaItem.objects.filter(pk__in=chunk)
                     .select_related("meeting__body", "case"))
        reviewers = _persons_by(AgendaReview, "meeting_id", {i.meeting_id for i in items})
        conflicted = _persons_by(Conflict, "item_id", chunk)
        _store(Kind.ITEMS, chunk, [Row(
            item.pk, (item.title, item.description, item.proposal, item.debate, item.wording),
            title=_item_title(item),
            text=" ".join(t for t in (item.wording, item.proposal, item.description,
                                      item.debate) if t),
            url=item.get_absolute_url(),
            context=f"{item.meeting.body.name}, {item.meeting.starts_at:%d.%m.%Y}",
            sort_at=item.meeting.starts_at, rank=item.number,
            audience=item_audience(item, reviewers[item.meeting_id], conflicted[item.pk]),
        ) for item in items])


def index_minutes(ids: Iterable[int]) -> None:
    """Meetings with general minutes (those without are not searched)."""
    for chunk in _chunks(ids):
        meetings = list(Meeting.objects.filter(pk__in=chunk).exclude(minutes_note="")
                        .select_related("body"))
        reviewers = _persons_by(AgendaReview, "meeting_id", chunk)
        _store(Kind.MINUTES, chunk, [Row(
            m.pk, (m.minutes_note,), title=str(m), text=m.minutes_note,
            url=m.get_absolute_url(), context=m.body.name, sort_at=m.starts_at,
            audience=meeting_audience(m, reviewers[m.pk]),
        ) for m in meetings])


def index_answers(ids: Iterable[int]) -> None:
    for chunk in _chunks(ids):
        answers = list(Answer.objects.filter(pk__in=chunk).select_related(
            "hearing", "party__organisation", "party__body"))
        _store(Kind.ANSWERS, chunk, [Row(
            a.pk, (a.text, a.response), title=str(a.hearing), text=a.text,
            url=a.hearing.get_absolute_url(), context=str(a.party),
            sort_at=a.answered_at, audience=answer_audience(a),
        ) for a in answers])


INDEXERS: dict[str, tuple[Callable[[Iterable[int]], None], Any]] = {
    Kind.CASES: (index_cases, Case),
    Kind.ITEMS: (index_items, AgendaItem),
    Kind.DECISIONS: (index_decisions, Decision),
    Kind.MINUTES: (index_minutes, Meeting),
    Kind.ANSWERS: (index_answers, Answer),
}


def forget(kind: str, ids: Iterable[int]) -> None:
    """Remove the entries of things that are gone."""
    Entry.objects.filter(kind=kind, object_id__in=list(ids)).delete()


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Write the whole index afresh; the number of entries of each kind."""
    Entry.objects.all().delete()
    for indexer, model in INDEXERS.values():
        indexer(model.objects.values_list("pk", flat=True))
    return {kind: Entry.objects.filter(kind=kind).count() for kind in INDEXERS}
