"""The collaboration page's account of its panels and elder councils: for each, the themes it
follows and the cases it was informed of and heard on this year (from the ledgers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from klynge.cases.access import sees_open_cases
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body
from klynge.involvement.access import collaboration_bodies
from klynge.involvement.models import FollowedTerm, Involvement, Step, rank


@dataclass
class PanelRow:
    body: Body
    follows: list[str] = field(default_factory=list)
    informed: list[Case] = field(default_factory=list)  # informed only
    heard: list[Case] = field(default_factory=list)  # consulted or more


def _panels(user: Any, collaboration: Collaboration) -> list[Body]:
    return list(collaboration_bodies(user, collaboration.pk)
                .filter(kind__in=Body.PANEL_KINDS).order_by("name", "pk"))


def collaboration_section(request: HttpRequest,
                          collaboration: Collaboration) -> dict[str, Any] | None:
    """For ``klynge.core.sections`` (three queries): the rows, this year's. The cases are
    listed only to those who see the collaboration's open cases, and only cases that are not
    confidential: this is the collaboration's account to all its members (a confidential
    case's ledger is on the case, for those who may see it)."""
    user = request.user
    year = timezone.localdate().year
    rows = {body.pk: PanelRow(body) for body in _panels(user, collaboration)}
    if rows:
        _follows(rows, collaboration)
    if rows and sees_open_cases(user, collaboration.pk):
        _fill(rows, Involvement.objects.filter(
            body_id__in=rows, happened_on__year=year, case__collaboration=collaboration,
            case__confidential=False)
            .select_related("case").order_by("case__year", "case__serial", "pk"))
    return {"rows": list(rows.values()), "year": year}


def _follows(rows: dict[int, PanelRow], collaboration: Collaboration) -> None:
    followed = (FollowedTerm.objects.filter(body_id__in=rows, term__collaboration=collaboration)
                .select_related("term").order_by("term__kind", "term__pk"))
    for follow in followed:
        rows[follow.body_id].follows.append(str(follow.term.label))


def _fill(rows: dict[int, PanelRow], entries: Any) -> None:
    highest: dict[tuple[int, int], tuple[int, Case]] = {}
    for entry in entries:
        key = (entry.body_id, entry.case_id)
        if key not in highest or rank(entry.step) > highest[key][0]:
            highest[key] = (rank(entry.step), entry.case)
    for (body_id, _case_id), (level, case) in highest.items():
        row = rows[body_id]
        (row.informed if level == rank(Step.INFORMED) else row.heard).append(case)
