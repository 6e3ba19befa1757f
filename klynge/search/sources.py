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
from klynge.governance.roles import Roles
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
    # Newest first, ending with the key (a unique tie-breaker). Not the key alone: PostgreSQL
    # would then walk the key's index backwards through every row to find a rare word,
    # instead of asking the trigram indexes.
    order: tuple[str, ...] = ("-pk",)


def _case_collaborations(user: Any) -> frozenset[int] | None:
    """:func:`case_collaborations`, worked out once per request for the two sources that
    need it (kept on the request's user object, as the roles are)."""
    if isinstance(user, Roles) or not hasattr(user, "__dict__"):
        return case_access.case_collaborations(user)
    if _MEMO not in user.__dict__:
        user.__dict__[_MEMO] = case_access.case_collaborations(user)
    found: frozenset[int] | None = user.__dict__[_MEMO]
    return found


_MEMO = "_klynge_case_collaborations"


def _case_rows(user: Any) -> QuerySet[Any]:
    visible = case_access.visible_cases(user)
    collaborations = _case_collaborations(user)
    if collaborations is not None:
        # The database then starts from those collaborations' cases (by their index).
        visible = visible.filter(collaboration_id__in=collaborations)
    return visible.select_related("collaboration")


def _decision_rows(user: Any) -> QuerySet[Any]:
    decisions = Decision.objects.filter(case__in=case_access.visible_cases(user))
    collaborations = _case_collaborations(user)
    if collaborations is not None:
        decisions = decisions.filter(case__collaboration_id__in=collaborations)
    return decisions.select_related("case__collaboration", "body")


def _within(rows: QuerySet[Any], field: str, keys: QuerySet[Any]) -> QuerySet[Any]:
    """``rows`` whose ``field`` is one of ``keys``, given as a list when it is short: the
    database then starts from those few rows (by their index) and reads the text of those
    only, instead of every row the words match."""
    found = list(keys[:LIST_LIMIT + 1])
    return rows.filter(**{f"{field}__in": found}) if len(found) <= LIST_LIMIT else rows


LIST_LIMIT = 2000


def _item_rows(user: Any) -> QuerySet[Any]:
    meetings = meeting_access.visible_meetings(user).values_list("pk", flat=True)
    return _within(meeting_access.visible_items(user), "meeting_id",
                   meetings).select_related("meeting__body", "case")


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
           context=lambda c: c.collaboration.name, order=("-submitted_at", "-pk")),
    Source("items", _("Agenda items"), _item_rows,
           ("title", "description", "proposal", "debate", "wording"),
           title=_item_title, text=_item_text, url=_url,
           context=lambda i: f"{i.meeting.body.name}, {i.meeting.starts_at:%d.%m.%Y}",
           order=("-meeting__starts_at", "number", "-pk")),
    Source("decisions", _("Decisions"), _decision_rows, ("wording",),
           title=lambda d: f"{d.case.file_number} {d.case.title}",
           text=lambda d: d.wording, url=lambda d: _url(d.case),
           context=lambda d: f"{d.body.name}, {d.decided_on:%d.%m.%Y}",
           order=("-decided_on", "-pk")),
    Source("minutes", _("Minutes"), _minutes_rows, ("minutes_note",),
           title=lambda m: str(m), text=lambda m: m.minutes_note, url=_url,
           context=lambda m: m.body.name, order=("-starts_at", "-pk")),
    Source("answers", _("Hearing answers"), _answer_rows, ("text", "response"),
           title=lambda a: str(a.hearing), text=lambda a: a.text,
           url=lambda a: _url(a.hearing), context=lambda a: str(a.party),
           order=("-answered_at", "-pk")),
)
