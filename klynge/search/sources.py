"""What search looks in, each through its app's own access rules.

Each source starts from the querysets the owning app's ``access`` module gives the user, so
nobody finds what they may not see: a closed agenda item is searched only for those who may
see it, and only approved or released meetings' texts for members. One query per source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.cases import access as case_access
from klynge.cases.models import Decision
from klynge.hearings import access as hearing_access
from klynge.meetings import access as meeting_access


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any
    rows: Callable[[Any], QuerySet[Any]]  # what the user may see, before the text filter
    fields: tuple[str, ...]
    title: Callable[[Any], str]
    text: Callable[[Any], str]
    url: Callable[[Any], str]
    context: Callable[[Any], str]


def _case_rows(user: Any) -> QuerySet[Any]:
    return case_access.visible_cases(user).select_related("collaboration")


def _decision_rows(user: Any) -> QuerySet[Any]:
    return (Decision.objects.filter(case__in=case_access.visible_cases(user))
            .select_related("case__collaboration", "body"))


def _item_rows(user: Any) -> QuerySet[Any]:
    return meeting_access.visible_items(user).select_related("meeting__body", "case")


def _minutes_rows(user: Any) -> QuerySet[Any]:
    return (meeting_access.visible_meetings(user).exclude(minutes_note="")
            .select_related("body"))


def _answer_rows(user: Any) -> QuerySet[Any]:
    return hearing_access.visible_answers(user).select_related(
        "hearing", "party__organisation", "party__body")


def _item_title(item: Any) -> str:
    number = f" ({item.case.file_number})" if item.case_id else ""
    return f"{item.number}. {item.title}{number}"


def _item_text(item: Any) -> str:
    return " ".join(t for t in (item.wording, item.proposal, item.description, item.debate) if t)


def _url(obj: Model) -> str:
    return str(obj.get_absolute_url())  # type: ignore[attr-defined]


SOURCES = (
    Source("cases", _("Cases"), _case_rows,
           ("title", "description", "request"),
           title=lambda c: f"{c.file_number} {c.title}",
           text=lambda c: f"{c.description} {c.request}", url=_url,
           context=lambda c: c.collaboration.name),
    Source("items", _("Agenda items"), _item_rows,
           ("title", "description", "proposal", "debate", "wording"),
           title=_item_title, text=_item_text, url=_url,
           context=lambda i: f"{i.meeting.body.name}, {i.meeting.starts_at:%d.%m.%Y}"),
    Source("decisions", _("Decisions"), _decision_rows, ("wording",),
           title=lambda d: f"{d.case.file_number} {d.case.title}",
           text=lambda d: d.wording, url=lambda d: _url(d.case),
           context=lambda d: f"{d.body.name}, {d.decided_on:%d.%m.%Y}"),
    Source("minutes", _("Minutes"), _minutes_rows, ("minutes_note",),
           title=lambda m: str(m), text=lambda m: m.minutes_note, url=_url,
           context=lambda m: m.body.name),
    Source("answers", _("Hearing answers"), _answer_rows, ("text", "response"),
           title=lambda a: str(a.hearing), text=lambda a: a.text,
           url=lambda a: _url(a.hearing), context=lambda a: str(a.party)),
)
