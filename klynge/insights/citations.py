"""Indicator views attached to cases (:class:`~klynge.insights.models.Citation`): what is
frozen, and how a frozen view is drawn.

A view is one indicator for some areas (the collaboration, its municipalities, the country),
either for one year by the groups of one breakdown, or as totals over several years. Its
figure is made from **published** results only, so no unsuppressed count ever reaches a case,
an agenda, the minutes or the public page; a suppressed cell stays suppressed. It is kept as
JSON with the runs it came from, and drawn as a small bar chart (inline SVG, so the PDF has it
too) with its numbers in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from klynge.insights.indicators import BREAKDOWNS, describe, group_label, group_order, shown
from klynge.insights.models import Citation, Result, Run, in_areas
from klynge.insights.runs import latest_run

TOTAL = "total"


def freeze(runs: dict[int, Run], areas: list[tuple[str, str, str]], indicator: str,
           group_by: str) -> dict[str, Any]:
    """The figure of a view (one query): ``areas`` as (level, code, name); one year's groups
    of ``group_by``, or the totals of every year in ``runs``."""
    found = (Result.objects.filter(run__in=list(runs.values()), published=True, indicator=indicator,
                                   group_by=group_by)
             .filter(in_areas((level, code) for level, code, _name in areas))
             .values_list("year", "group", "level", "code", "value", "suppressed"))
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    for year, group, level, code, value, suppressed in found:
        key = str(year) if len(runs) > 1 else group
        cells[(key, level, code)] = {"value": None if suppressed else value,
                                     "suppressed": bool(suppressed)}
    keys = ([str(year) for year in sorted(runs)] if len(runs) > 1
            else sorted({key for key, _l, _c in cells}, key=group_order))
    return {"indicator": indicator, "group_by": group_by,
            "by": "year" if len(runs) > 1 else "group",
            "columns": [{"level": level, "code": code, "name": name}
                        for level, code, name in areas],
            "rows": [{"key": key, "cells": [cells.get((key, level, code))
                                            for level, code, _name in areas]}
                     for key in keys],
            "runs": [{"id": run.pk, "year": run.year,
                      "finished": run.finished_at.isoformat() if run.finished_at else ""}
                     for _year, run in sorted(runs.items())]}


def newer_runs(citations: list[Citation]) -> dict[int, Run]:
    """Per citation id, the newest finished run of its case's collaboration when that is
    newer than every run the citation came from (``runs.latest_run``: what its population
    page shows)."""
    if not citations:
        return {}
    newest: dict[int, Run | None] = {}
    for citation in citations:  # one collaboration, nearly always
        if citation.case.collaboration_id not in newest:
            newest[citation.case.collaboration_id] = latest_run(citation.case.collaboration)
    offers = {}
    for citation in citations:
        latest = newest.get(citation.case.collaboration_id)
        cited = {entry["id"] for entry in citation.figure.get("runs", [])}
        if latest is not None and latest.pk not in cited and latest.finished_at and (
                citation.run.finished_at is None
                or latest.finished_at > citation.run.finished_at):
            offers[citation.pk] = latest
    return offers


PALETTE = ("#1f5f8b", "#c05a00", "#4d7c2a", "#7a3b8f", "#4d4d4d", "#8b1f3f")
BAR, GAP, LABEL_WIDTH, PLOT_WIDTH = 9, 8, 150, 300


@dataclass
class Bar:
    y: float
    width: float
    colour: str
    text: str  # the value, or "suppressed"


@dataclass
class FigureRow:
    label: str
    cells: list[dict[str, Any] | None]
    texts: list[str] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    y: float = 0


@dataclass
class Figure:
    """A frozen view, ready for its template (labels in the reader's language)."""

    citation: Citation | None
    title: str
    unit: str
    columns: list[dict[str, Any]]
    colours: list[str]
    rows: list[FigureRow]
    runs: list[dict[str, Any]]
    height: float = 0
    width: float = LABEL_WIDTH + PLOT_WIDTH + 70
    newer: Run | None = None


def figure_of(citation: Citation, newer: Run | None = None) -> Figure:
    data = citation.figure
    about = describe(data["indicator"])
    columns = data["columns"]
    rows = [FigureRow(_row_label(data, row["key"]), row["cells"]) for row in data["rows"]]
    top = max((abs(cell["value"]) for row in rows for cell in row.cells
               if cell and cell["value"] is not None), default=0) or 1
    y = 0.0
    for row in rows:
        row.y = y
        row.texts = ["" if cell is None else gettext("suppressed") if cell["suppressed"]
                     else shown(cell["value"], about.kind) for cell in row.cells]
        for index, (cell, text) in enumerate(zip(row.cells, row.texts, strict=True)):
            value = None if cell is None else cell["value"]
            row.bars.append(Bar(y + index * BAR, 0 if value is None
                                else PLOT_WIDTH * abs(value) / top,
                                PALETTE[index % len(PALETTE)], text or gettext("no result")))
        y += len(columns) * BAR + GAP
    title = str(about.label) + (", " + ", ".join(str(run["year"]) for run in data["runs"])
                                if data["by"] == "group" else "")
    return Figure(citation, title, str(about.unit), columns,
                  [PALETTE[i % len(PALETTE)] for i in range(len(columns))], rows,
                  data["runs"], height=y + 4, newer=newer)


def _row_label(data: dict[str, Any], key: str) -> str:
    if data["by"] == "year":
        return key
    if data["group_by"] == TOTAL:
        return str(BREAKDOWNS[TOTAL])
    return str(group_label(data["group_by"], key))


@dataclass
class DrawnFigure:
    """A view for a meeting's documents (``klynge.meetings.notes``): drawn when the document
    is rendered, so in its language."""

    citation: Citation

    def __html__(self) -> SafeString:
        from django.template.loader import render_to_string

        return mark_safe(render_to_string(  # noqa: S308 (a template, escaped there)
            "insights/_figure.html", {"figure": figure_of(self.citation), "document": True}))

    __str__ = __html__  # templates turn a value into text before escaping it


def agenda_figures(items: list[Any]) -> dict[int, list[DrawnFigure]]:
    """The views attached to the cases of agenda items (one query for all the items). Once
    a meeting's minutes are approved, they show only the views attached before that."""
    by_case: dict[int, list[Any]] = {}
    for item in items:
        if item.case_id is not None:
            by_case.setdefault(item.case_id, []).append(item)
    if not by_case:
        return {}
    found: dict[int, list[DrawnFigure]] = {}
    for citation in Citation.objects.filter(case_id__in=by_case).order_by("created_at", "pk"):
        for item in by_case[citation.case_id]:
            approved = item.meeting.minutes_approved_at if item.meeting.minutes_frozen else None
            if approved is None or citation.created_at <= approved:
                found.setdefault(item.pk, []).append(DrawnFigure(citation))
    return found
