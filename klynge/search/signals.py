"""Keeping the search index up to date as rows change, in the same transaction.

Search sits above the apps it indexes, so they need not know about it: it listens to their
models' saves and deletions (which the actions, the admin and the demo all go through), and
to :data:`klynge.core.signals.rows_changed`, which actions send after an ``update()`` that
skips the saves (renumbering an agenda). What a change touches:

- a case: the case, its decisions (same audience) and the agenda items on it (file number);
- a step of a case's history: the case and its decisions (the bodies it has been with);
- a meeting, or who reviews its agenda: the meeting and its items;
- a declared conflict: the item; a hearing: its answers;
- a body, an organisation or a collaboration (names shown beside hits, confidentiality):
  what shows or depends on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import post_delete, post_save

from klynge.cases.models import Case, CaseEvent, Decision
from klynge.collaborations.models import Collaboration, Organisation
from klynge.core.signals import rows_changed
from klynge.governance.models import Body
from klynge.hearings.models import Answer, Hearing
from klynge.meetings.models import AgendaItem, AgendaReview, Conflict, Meeting
from klynge.search import index

Kind = index.Kind


def _ids(rows: Any) -> list[int]:
    return list(rows.values_list("pk", flat=True))


def cases_changed(ids: Iterable[int]) -> None:
    ids = list(ids)
    index.index_cases(ids)
    index.index_decisions(_ids(Decision.objects.filter(case_id__in=ids)))
    index.index_items(_ids(AgendaItem.objects.filter(case_id__in=ids)))


def meetings_changed(ids: Iterable[int]) -> None:
    ids = list(ids)
    index.index_minutes(ids)
    index.index_items(_ids(AgendaItem.objects.filter(meeting_id__in=ids)))


def bodies_changed(ids: Iterable[int]) -> None:
    ids = list(ids)
    meetings_changed(_ids(Meeting.objects.filter(body_id__in=ids)))
    index.index_decisions(_ids(Decision.objects.filter(body_id__in=ids)))
    index.index_answers(_ids(Answer.objects.filter(party__body_id__in=ids)))


def _case_saved(instance: Case, **kwargs: Any) -> None:
    cases_changed([instance.pk])


def _case_deleted(instance: Case, **kwargs: Any) -> None:
    index.forget(Kind.CASES, [instance.pk])


def _event_changed(instance: CaseEvent, **kwargs: Any) -> None:
    index.index_cases([instance.case_id])
    index.index_decisions(_ids(Decision.objects.filter(case_id=instance.case_id)))


def _decision_changed(instance: Decision, **kwargs: Any) -> None:
    index.index_decisions([instance.pk])


def _meeting_saved(instance: Meeting, **kwargs: Any) -> None:
    meetings_changed([instance.pk])


def _meeting_deleted(instance: Meeting, **kwargs: Any) -> None:
    index.forget(Kind.MINUTES, [instance.pk])


def _review_changed(instance: AgendaReview, **kwargs: Any) -> None:
    meetings_changed([instance.meeting_id])


def _item_changed(instance: AgendaItem, **kwargs: Any) -> None:
    index.index_items([instance.pk])


def _conflict_changed(instance: Conflict, **kwargs: Any) -> None:
    index.index_items([instance.item_id])


def _hearing_saved(instance: Hearing, **kwargs: Any) -> None:
    index.index_answers(_ids(Answer.objects.filter(hearing_id=instance.pk)))


def _answer_changed(instance: Answer, **kwargs: Any) -> None:
    index.index_answers([instance.pk])


def _body_saved(instance: Body, **kwargs: Any) -> None:
    bodies_changed([instance.pk])


def _organisation_saved(instance: Organisation, **kwargs: Any) -> None:
    index.index_answers(_ids(Answer.objects.filter(party__organisation_id=instance.pk)))


def _collaboration_saved(instance: Collaboration, **kwargs: Any) -> None:
    index.index_cases(_ids(Case.objects.filter(collaboration_id=instance.pk)))


def _rows_changed(sender: Any, pks: Iterable[int], **kwargs: Any) -> None:
    if sender is AgendaItem:
        index.index_items(pks)
    elif sender is Meeting:
        meetings_changed(pks)
    elif sender is Hearing:
        index.index_answers(_ids(Answer.objects.filter(hearing_id__in=list(pks))))


RECEIVERS: list[tuple[Any, Any, Any]] = [
    (post_save, Case, _case_saved), (post_delete, Case, _case_deleted),
    (post_save, CaseEvent, _event_changed), (post_delete, CaseEvent, _event_changed),
    (post_save, Decision, _decision_changed), (post_delete, Decision, _decision_changed),
    (post_save, Meeting, _meeting_saved), (post_delete, Meeting, _meeting_deleted),
    (post_save, AgendaReview, _review_changed), (post_delete, AgendaReview, _review_changed),
    (post_save, AgendaItem, _item_changed), (post_delete, AgendaItem, _item_changed),
    (post_save, Conflict, _conflict_changed), (post_delete, Conflict, _conflict_changed),
    (post_save, Hearing, _hearing_saved),
    (post_save, Answer, _answer_changed), (post_delete, Answer, _answer_changed),
    (post_save, Body, _body_saved), (post_save, Organisation, _organisation_saved),
    (post_save, Collaboration, _collaboration_saved),
]


def _unless_raw(receiver: Any) -> Any:
    """Rows saved as they are stored (``loaddata``, a test database restored from its
    serialised copy) bring their own index rows, or none: ``klynge search_index`` after a
    ``loaddata`` of cases or meetings."""
    def received(**kwargs: Any) -> None:
        if not kwargs.get("raw", False):
            receiver(**kwargs)
    received.__name__ = receiver.__name__
    return received


_CONNECTED: list[Any] = []  # the wrappers, held: signals keep weak references


def connect() -> None:
    for signal, model, receiver in RECEIVERS:
        wrapped = _unless_raw(receiver)
        _CONNECTED.append(wrapped)
        signal.connect(wrapped, sender=model, dispatch_uid=f"search.{receiver.__name__}."
                       f"{model.__name__}.{signal is post_save}")
    rows_changed.connect(_rows_changed, dispatch_uid="search.rows_changed")
