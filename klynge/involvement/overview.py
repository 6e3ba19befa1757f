"""The involvement overview: of the cases decided in a collaboration (or by one body), how
many had user involvement before their decision, and the highest step it reached, by body
and by quarter.

Counted per decision: a case decided by a body in a quarter counts once there (its latest
decision in that quarter). Its involvement is what the ledger recorded as having happened
on or before the decision's day. Only the cases the reader may see are counted, so every
bar's cases can be listed for them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from klynge.cases.access import visible_cases
from klynge.cases.models import Decision
from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body
from klynge.involvement.models import STEPS, Involvement, rank

NONE = "none"  # the "step" of a decided case without involvement
LEVELS = [*STEPS, NONE]


def quarter_of(day: dt.date) -> str:
    """``2026-Q3``: the quarter's key, as in the addresses and exports."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Decided:
    """A case decided by a body in a quarter, and the highest step of its involvement."""

    case_id: int
    body_id: int
    quarter: str
    level: str  # a step, or NONE


@dataclass
class Cell:
    """The decided cases of a quarter, a body or both, by their highest step."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))

    def add(self, level: str) -> None:
        self.counts[level] += 1

    @property
    def decided(self) -> int:
        return sum(self.counts.values())

    @property
    def involved(self) -> int:
        return self.decided - self.counts[NONE]

    @property
    def share(self) -> float | None:
        """The share with involvement, 0–100; None with no decided case."""
        return 100 * self.involved / self.decided if self.decided else None


def decided_cases(user: Any, collaboration: Collaboration,
                  body: Body | None = None) -> list[Decided]:
    """The decided cases the user may see (two queries)."""
    decisions = (Decision.objects
                 .filter(case__in=visible_cases(user).filter(collaboration=collaboration))
                 .order_by("decided_on", "pk"))
    if body is not None:
        decisions = decisions.filter(body=body)
    latest: dict[tuple[int, int, str], dt.date] = {}
    for case_id, body_id, day in decisions.values_list("case_id", "body_id", "decided_on"):
        latest[(case_id, body_id, quarter_of(day))] = day
    involvements: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    rows = Involvement.objects.filter(case_id__in={key[0] for key in latest})
    for case_id, day, step in rows.values_list("case_id", "happened_on", "step"):
        involvements[case_id].append((day, step))
    return [Decided(case_id, body_id, quarter, _level(involvements[case_id], day))
            for (case_id, body_id, quarter), day in latest.items()]


def _level(entries: list[tuple[dt.date, str]], decided_on: dt.date) -> str:
    before = [step for day, step in entries if day <= decided_on]
    return max(before, key=rank) if before else NONE


@dataclass
class Overview:
    by_quarter: dict[str, Cell]  # newest quarter first
    by_body: dict[int, Cell]
    by_body_and_quarter: dict[tuple[int, str], Cell]
    total: Cell


def summarise(decided: list[Decided]) -> Overview:
    by_quarter: dict[str, Cell] = defaultdict(Cell)
    by_body: dict[int, Cell] = defaultdict(Cell)
    both: dict[tuple[int, str], Cell] = defaultdict(Cell)
    total = Cell()
    for row in decided:
        for cell in (by_quarter[row.quarter], by_body[row.body_id],
                     both[(row.body_id, row.quarter)], total):
            cell.add(row.level)
    return Overview(dict(sorted(by_quarter.items(), reverse=True)), dict(by_body),
                    dict(sorted(both.items(), key=lambda item: (item[0][1], item[0][0]),
                                reverse=True)), total)


def select(decided: list[Decided], *, quarter: str = "", body_id: int | None = None,
           level: str = "") -> set[int]:
    """The cases behind a bar or a cell: those decided in ``quarter``, by ``body_id``, whose
    highest step is ``level`` (each filter only where given)."""
    return {row.case_id for row in decided
            if (not quarter or row.quarter == quarter)
            and (body_id is None or row.body_id == body_id)
            and (not level or row.level == level)}
