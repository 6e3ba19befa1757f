"""A collaboration's population page: the latest run of its data sets, every indicator's
total for the collaboration, each member municipality and the country, side by side;
published (suppressed cells shown as such, never as zero), or unsuppressed for its analysts.
Four queries, whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext

from klynge.collaborations.models import Collaboration
from klynge.insights import demography
from klynge.insights.indicators import (
    BASE,
    BREAKDOWNS,
    Indicator,
    describe,
    group_label,
    group_order,
    shown,
)
from klynge.insights.models import Run, in_areas
from klynge.insights.runs import latest_run, runs_by_year
from klynge.insights.trends import trend
from klynge.meetings.documents.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Column,
    to_csv,
    to_xlsx,
)
from klynge.reference.models import Municipality

COLLABORATION, MUNICIPALITY, COUNTRY = "collaboration", "municipality", "country"


@dataclass(frozen=True)
class Area:
    level: str
    code: str
    name: str


@dataclass
class Cell:
    value: float | None
    suppressed: bool
    text: str


@dataclass
class Row:
    indicator: str
    about: Indicator
    cells: list[Cell | None] = field(default_factory=list)  # None: no row for that area


def areas(collaboration: Collaboration, year: int) -> list[Area]:
    """The collaboration, its member municipalities on 1 January of ``year`` (by the
    built-in mapping the runs use; a collaboration that begins later, such as a Danish
    health council on 2025 data, by its members on its first day), and its country."""
    from klynge.population.geography import default_mapping, grouping_days

    codes: list[str] = []
    for day in grouping_days(dt.date(year, 1, 1)):
        codes = sorted(row["municipality_code"] for row in default_mapping(day).to_pylist()
                       if row["collaboration_code"] == collaboration.code)
        if codes:
            break
    country = collaboration.country
    names = dict(Municipality.objects.filter(country=country, code__in=codes)
                 .values_list("code", "name"))
    return [Area(COLLABORATION, collaboration.code, collaboration.name),
            *(Area(MUNICIPALITY, code, names.get(code, code)) for code in codes),
            Area(COUNTRY, country.code.lower(), country.name)]  # the engine's "dk"


def _in_areas(places: list[Area]) -> Q:
    return in_areas((area.level, area.code) for area in places)


def _cell(hit: tuple[float | None, bool] | None, kind: str) -> Cell | None:
    """A result as a cell (None: no result for the area); a suppressed one has no text."""
    if hit is None:
        return None
    value, suppressed = hit
    return Cell(value, suppressed, "" if suppressed else shown(value, kind))


def table(run: Run, places: list[Area], published: bool) -> list[Row]:
    """One row per indicator (totals, and inequality by education), one cell per area."""
    found = (run.results.filter(published=published).filter(_in_areas(places))
             .filter(Q(group_by="total") | Q(indicator__endswith="_inequality"))
             .values_list("indicator", "level", "code", "value", "suppressed"))
    by_key: dict[tuple[str, str, str], tuple[float | None, bool]] = {
        (indicator, level, code): (value, suppressed)
        for indicator, level, code, value, suppressed in found}
    rows = []
    for indicator in sorted({key[0] for key in by_key}, key=_order):
        about = describe(indicator)
        rows.append(Row(indicator, about, [
            _cell(by_key.get((indicator, area.level, area.code)), about.kind)
            for area in places]))
    return rows


def _order(indicator: str) -> tuple[int, str]:
    """The base indicators first, in the specification's order; then their derived rows."""
    base = indicator.removesuffix("_std").removesuffix("_inequality")
    position = list(BASE).index(base) if base in BASE else len(BASE)
    return position, indicator


DEFAULT_CHART = "preventable_admissions_65_std"
# When every area's age-standardised value is suppressed (a small data set), the crude rate.
FALLBACK_CHART = "preventable_admissions_65"


def _default_chart(by_id: dict[str, Row]) -> Row | None:
    for indicator in (DEFAULT_CHART, FALLBACK_CHART):
        row = by_id.get(indicator)
        if row is not None and any(cell is not None and not cell.suppressed
                                   for cell in row.cells):
            return row
    return by_id.get(DEFAULT_CHART)


def page_context(collaboration: Collaboration, *, unsuppressed: bool, may_analyse: bool,
                 chosen: str = "", group_by: str = "total", municipality: str = ""
                 ) -> dict[str, Any]:
    """The page's table, and the chart of the ``chosen`` indicator (else a default one),
    with its numbers by ``group_by`` when the run has that breakdown, and over the years.
    With ``municipality`` (a member's code), the municipality's page: it beside the
    collaboration and the country (LookupError for a code that is not a member's)."""
    run = latest_run(collaboration)
    context: dict[str, Any] = {"collaboration": collaboration, "run": run,
                               "unsuppressed": unsuppressed, "may_analyse": may_analyse,
                               "municipality": None}
    if run is None:
        if municipality:
            raise LookupError(municipality)
        return context
    every = areas(collaboration, run.year)
    places = _municipality_first(every, municipality) if municipality else every
    context.update(municipality=places[0] if municipality else None,
                   members=[area for area in every if area.level == MUNICIPALITY])
    rows = table(run, places, published=not unsuppressed)
    people = demography.pyramid(run, places[0], places[1:] if municipality else places[-1:],
                                published=not unsuppressed)
    if people is not None:
        steps: list[tuple[int, Mapping[tuple[str, str], float | None]]] = [
            (0, people.now), *sorted(people.projected.items())]
        context.update(pyramid=people, pyramid_rows=demography.table_rows(people),
                       pyramid_chart=demography.chart(people, run.year),
                       dependency=[(run.year + years, people.dependency(counts))
                                   for years, counts in steps])
    by_id = {row.indicator: row for row in rows}
    shown_row = by_id.get(chosen) or _default_chart(by_id) or (rows[0] if rows else None)
    years = runs_by_year(run.dataset_id)  # the trend's runs, and the years a view may cite
    context.update(areas=places, rows=rows, chosen=shown_row, chart=chart(shown_row, places),
                   years=years,
                   chosen_cells=list(zip(places, shown_row.cells, strict=True))
                   if shown_row else [])
    if shown_row is not None:
        options = breakdowns_of(run, shown_row.indicator, not unsuppressed)
        group_by = group_by if group_by in dict(options) and group_by != "total" else ""
        context.update(breakdowns=options, group_by=group_by, group_rows=breakdown(
            run, places, not unsuppressed, shown_row, group_by) if group_by else [],
            trend=trend(years, places, shown_row.indicator, shown_row.about,
                        published=not unsuppressed))
    return context


def _municipality_first(places: list[Area], code: str) -> list[Area]:
    """A municipality's page: the municipality, its collaboration and the country."""
    found = [area for area in places if area.level == MUNICIPALITY and area.code == code]
    if not found:
        raise LookupError(code)
    return [found[0], *(area for area in places if area.level != MUNICIPALITY)]


TABLES = ("indicators", "pyramid", "trend")


def download(context: dict[str, Any], export: str, table: str = "indicators") -> HttpResponse:
    """A table of the page as CSV or XLSX: the indicators (the engine's identifiers, the
    label, one numeric column per area, and a column saying where it was suppressed), the
    pyramid (residents by age and sex, now and projected) or the chosen indicator by year.
    A suppressed cell is empty, never zero. LookupError for a table the page does not have."""
    columns, rows = _table(context, table)
    run: Run = context["run"]
    place = context["municipality"].code if context.get("municipality") else ""
    name = "-".join(part for part in (
        "population", context["collaboration"].code, place, str(run.year), f"run{run.pk}",
        "" if table == "indicators" else table) if part)
    if context["unsuppressed"]:
        name += "-unsuppressed"
    if export == "csv":
        response = HttpResponse(to_csv(columns, rows), content_type=CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(to_xlsx(columns, rows, str(run.year)),
                                content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
    return response


def _table(context: dict[str, Any], table: str) -> tuple[list[Column], list[Any]]:
    places: list[Area] = context["areas"]
    if table == "pyramid" and context.get("pyramid") is not None:
        return demography.export_columns(context["pyramid"], context["run"].year)
    if table == "trend" and context.get("trend") is not None:
        return ([Column(gettext("year"), lambda row: row.year, 8),
                 *(Column(area.name, _trend_value(index)) for index, area in enumerate(places))],
                context["trend"].rows)
    if table != "indicators":
        raise LookupError(table)
    return ([Column(gettext("indicator"), lambda row: row.indicator, 28),
             Column(gettext("label"), lambda row: str(row.about.label), 40),
             *(Column(area.name, _value(index)) for index, area in enumerate(places)),
             Column(gettext("suppressed in"), lambda row: ", ".join(
                 area.name for area, cell in zip(places, row.cells, strict=True)
                 if cell is not None and cell.suppressed), 30)], context["rows"])


def _trend_value(index: int) -> Any:
    def value(row: Any) -> Any:
        cell = row.cells[index]
        return None if cell is None else cell["value"]
    return value


def _value(index: int) -> Any:
    def value(row: Row) -> Any:
        cell = row.cells[index]
        return None if cell is None or cell.suppressed else cell.value
    return value


def chart(row: Row | None, places: list[Area]) -> dict[str, Any] | None:
    """A Plotly figure of one indicator: a horizontal bar per area (the collaboration and the
    country in their own colours); a suppressed area has no bar and says so."""
    if row is None:
        return None
    names = [area.name for area in places]
    values = [None if cell is None or cell.suppressed else cell.value for cell in row.cells]
    colours = [COLOURS.get(area.level, COLOURS[MUNICIPALITY]) for area in places]
    notes = [{"x": 0, "y": area.name, "xanchor": "left", "showarrow": False,
              "text": gettext("suppressed") if cell is not None and cell.suppressed
              else gettext("no result")}
             for area, cell in zip(places, row.cells, strict=True)
             if cell is None or cell.suppressed or cell.value is None]
    return {"data": [{"type": "bar", "orientation": "h", "y": names, "x": values,
                      "marker": {"color": colours},
                      "hovertemplate": "%{y}: %{x}<extra></extra>"}],
            "layout": {"height": 120 + 28 * len(places),
                       "margin": {"t": 10, "r": 20, "b": 50, "l": 190},
                       "xaxis": {"title": {"text": f"{row.about.label} ({row.about.unit})"},
                                 "rangemode": "tozero"},
                       "yaxis": {"autorange": "reversed", "type": "category"},
                       "annotations": notes}}


COLOURS = {COLLABORATION: "#1f5f8b", MUNICIPALITY: "#7fa7c9", COUNTRY: "#4d4d4d"}


@dataclass
class GroupRow:
    label: Any
    cells: list[Cell | None]


def breakdowns_of(run: Run, indicator: str, published: bool) -> list[tuple[str, Any]]:
    """The breakdowns the run has for ``indicator`` (one query), in a fixed order."""
    found = set(run.results.filter(published=published, indicator=indicator)
                .values_list("group_by", flat=True).distinct())
    return [(key, label) for key, label in BREAKDOWNS.items() if key in found]


def breakdown(run: Run, places: list[Area], published: bool, row: Row,
              group_by: str) -> list[GroupRow]:
    """``row``'s indicator by the groups of ``group_by``, one cell per area (one query)."""
    found = (run.results.filter(published=published, indicator=row.indicator,
                                group_by=group_by).filter(_in_areas(places))
             .values_list("group", "level", "code", "value", "suppressed"))
    by_key = {(group, level, code): (value, suppressed)
              for group, level, code, value, suppressed in found}
    groups = sorted({key[0] for key in by_key}, key=group_order)
    rows = []
    for group in groups:
        label = group_label(group_by, group)
        rows.append(GroupRow(label, [
            _cell(by_key.get((group, area.level, area.code)), row.about.kind)
            for area in places]))
    return rows
