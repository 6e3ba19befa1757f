"""An indicator over every year a data set was run for: the newest finished run of each
year, the totals of the page's areas, as a line per area and a table (one query)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from klynge.insights.indicators import Indicator, shown
from klynge.insights.models import Result, Run, in_areas


@dataclass
class TrendRow:
    year: int
    cells: list[Any]  # per area: (value, suppressed) or None


@dataclass
class Trend:
    rows: list[TrendRow]
    chart: dict[str, Any]


def trend(runs: dict[int, Run], places: list[Any], indicator: str, about: Indicator,
          published: bool) -> Trend | None:
    """``indicator``'s totals in each year of ``runs`` (``runs.runs_by_year``: the newest
    run of each year of a data set); None for fewer than two years."""
    if len(runs) < 2:
        return None
    found = (Result.objects.filter(run__in=list(runs.values()), published=published,
                                   indicator=indicator, group_by="total")
             .filter(in_areas((area.level, area.code) for area in places))
             .values_list("year", "level", "code", "value", "suppressed"))
    cells = {(year, level, code): (value, suppressed)
             for year, level, code, value, suppressed in found}
    rows = [TrendRow(year, [_cell(cells.get((year, area.level, area.code)), about.kind)
                            for area in places]) for year in sorted(runs)]
    return Trend(rows, _chart(rows, places, about))


def _cell(hit: tuple[float | None, bool] | None, kind: str) -> dict[str, Any] | None:
    if hit is None:
        return None
    value, suppressed = hit
    return {"value": None if suppressed else value, "suppressed": suppressed,
            "text": "" if suppressed else shown(value, kind)}


def _chart(rows: list[TrendRow], places: list[Any], about: Indicator) -> dict[str, Any]:
    """A line per area; a suppressed year is a gap in its line, never a zero."""
    years = [row.year for row in rows]
    lines = [{"type": "scatter", "mode": "lines+markers", "name": area.name, "x": years,
              "y": [None if row.cells[index] is None else row.cells[index]["value"]
                    for row in rows],
              "hovertemplate": f"{area.name}, %{{x}}: %{{y}}<extra></extra>"}
             for index, area in enumerate(places)]
    return {"data": lines,
            "layout": {"height": 360, "margin": {"t": 10, "r": 20, "b": 50, "l": 70},
                       "xaxis": {"dtick": 1, "title": {"text": ""}},
                       "yaxis": {"title": {"text": f"{about.label} ({about.unit})"},
                                 "rangemode": "tozero"},
                       "legend": {"orientation": "h", "y": -0.2}}}
