"""The population pyramid of an area, and its projection 5 and 10 years ahead from the data's
own rates (docs/insights.md, "The pyramid and the projection").

The engine publishes, per area and run year Y: residents on 1 January by five-year age group
and sex (``population`` by ``age5_sex``), and, by the same groups, the year's deaths, moves
out and moves in (``deaths``, ``out_migrations``, ``in_migrations``, per 1,000 residents),
and births by sex (``births``, per 1,000 women aged 15–49). The projection is the
cohort-component method in five-year steps with those rates held constant:

- a group's five-year survival is (1 − annual death rate)^5, and its net migration over five
  years is 5 × (moves in − moves out) per resident; the survivors and migrants move up one
  group (the open group 90+ keeps its own survivors too);
- births over five years are 5 × the birth rate × the women aged 15–49 at the step's start,
  split by sex as the year's births were, and the newborns get half a step of the youngest
  group's survival and migration.

Each group's rate comes from the finest published row: by age and sex in the area, its
collaboration or the country (in that order), else by age for both sexes, by sex, or in
total (:func:`_cell_rate`): published numbers only, so a projection reveals nothing the
tables do not. An area whose pyramid has a suppressed cell is not projected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from klynge.insights.indicators import COUNT, shown
from klynge.insights.models import Run, in_areas
from klynge.meetings.documents.exports import Column

AGE5 = [f"{low}-{low + 4}" for low in range(0, 90, 5)] + ["90+"]
SEXES = ("M", "F")
RATES = ("deaths", "out_migrations", "in_migrations")
MEASURES = ("population", *RATES, "births")
FERTILE = [group for group in AGE5 if 15 <= int(group.split("-")[0].rstrip("+")) < 50]
STEPS = (5, 10)


@dataclass
class Pyramid:
    """Residents by age group and sex (None where suppressed), now and projected."""

    area: Any
    now: dict[tuple[str, str], float | None]
    projected: dict[int, dict[tuple[str, str], float]] = field(default_factory=dict)
    rates_from: dict[str, str] = field(default_factory=dict)  # measure → area name
    why_not: str = ""  # why there is no projection

    @property
    def suppressed(self) -> bool:
        return any(value is None for value in self.now.values())

    def dependency(self, counts: Mapping[tuple[str, str], float | None]) -> float | None:
        """Residents 65+ per 100 aged 20–64 (None when a cell is suppressed)."""
        def total(groups: list[str]) -> float | None:
            cells = [counts.get((group, sex)) for group in groups for sex in SEXES]
            return None if any(c is None for c in cells) else sum(c or 0 for c in cells)
        old = total([g for g in AGE5 if _low(g) >= 65])
        working = total([g for g in AGE5 if 20 <= _low(g) < 65])
        if old is None or not working:
            return None
        return 100 * old / working


def _low(group: str) -> int:
    return int(group.split("-")[0].rstrip("+"))


def _read(run: Run, places: list[Any], published: bool) -> dict[tuple[str, str, str], Any]:
    """The measures' rows for ``places`` (one query), by (indicator, level:code, group)."""
    rows = (run.results.filter(published=published, indicator__in=MEASURES)
            .filter(Q(group_by="age5_sex") | Q(indicator__in=RATES, group_by="age5")
                    | Q(indicator__in=(*RATES, "births"), group_by__in=("sex", "total")))
            .filter(in_areas((area.level, area.code) for area in places))
            .values_list("indicator", "level", "code", "group_by", "group",
                                         "numerator", "denominator", "suppressed"))
    return {(indicator, f"{level}:{code}", group or group_by): (numerator, denominator,
                                                                  suppressed)
            for indicator, level, code, group_by, group, numerator, denominator, suppressed
            in rows}


def pyramid(run: Run, area: Any, fallbacks: list[Any], published: bool = True
            ) -> Pyramid | None:
    """``area``'s pyramid and projection; ``fallbacks`` (its collaboration, the country)
    lend their rates where the area's own have suppressed cells. None when the run has no
    pyramid (an older engine)."""
    found = _read(run, [area, *fallbacks], published)
    key = f"{area.level}:{area.code}"
    now: dict[tuple[str, str], float | None] = {}
    for group in AGE5:
        for sex in SEXES:
            hit = found.get(("population", key, f"{group}/{sex}"))
            if hit is None:
                return None
            numerator, _denominator, suppressed = hit
            now[(group, sex)] = None if suppressed else numerator
    result = Pyramid(area, now)
    if result.suppressed:
        result.why_not = gettext("The pyramid has suppressed cells, so it is not projected "
                                 "from the published numbers.")
        return result
    rates = _rates(found, [area, *fallbacks], result)
    if rates is None:
        result.why_not = gettext("The run has no published rates to project with.")
        return result
    counts = {cell: value or 0.0 for cell, value in now.items()}
    for step in range(1, max(STEPS) // 5 + 1):
        counts = _step(counts, rates)
        result.projected[5 * step] = counts
    return result


@dataclass
class Rates:
    death: dict[tuple[str, str], float]
    net: dict[tuple[str, str], float]  # net migration per resident per year
    births: float  # per woman aged 15–49 per year
    female_share: float  # of births


def _rates(found: dict[tuple[str, str, str], Any], places: list[Any],
           result: Pyramid) -> Rates | None:
    """Each age and sex group's rate of each measure from the finest published row (see
    :func:`_cell_rate`); None when a measure has none at all."""
    per: dict[str, dict[tuple[str, str], float]] = {}
    for measure in RATES:
        per[measure], sources = {}, set()
        for group in AGE5:
            for sex in SEXES:
                found_rate = _cell_rate(found, measure, places, group, sex)
                if found_rate is None:
                    return None
                per[measure][(group, sex)], source = found_rate
                sources.add(source)
        result.rates_from[measure] = "; ".join(sorted(sources))
    births = next((place for place in places if _births_complete(found, place)), None)
    if births is None:
        return None
    key = f"{births.level}:{births.code}"
    result.rates_from["births"] = births.name
    total, women, _s = found[("births", key, "total")]
    girls = found[("births", key, "F")][0] or 0
    return Rates(per["deaths"], {cell: per["in_migrations"][cell] - per["out_migrations"][cell]
                                 for cell in per["deaths"]},
                 (total or 0) / women if women else 0.0, girls / total if total else 0.5)


def _cell_rate(found: dict[tuple[str, str, str], Any], measure: str, places: list[Any],
               group: str, sex: str) -> tuple[float, str] | None:
    """The rate of one age and sex group, and where it came from: the first published row
    among the places' by age and sex, then by age (both sexes), by sex, and in total (a
    small area's few deaths in one group are suppressed; its collaboration's, or its total
    over every age, are not)."""
    for keys, label in (((f"{group}/{sex}",), gettext("by age and sex")),
                        ((group,), gettext("by age")), ((sex,), gettext("by sex")),
                        (("total",), gettext("in total"))):
        for place in places:
            hit = found.get((measure, f"{place.level}:{place.code}", keys[0]))
            if hit is not None and not hit[2] and hit[1]:
                numerator, denominator, _suppressed = hit
                return (numerator or 0) / denominator, f"{place.name} ({label})"
    return None


def _births_complete(found: dict[tuple[str, str, str], Any], place: Any) -> bool:
    key = f"{place.level}:{place.code}"
    cells = [found.get(("births", key, group)) for group in ("total", "F")]
    return all(cell is not None and not cell[2] for cell in cells)


def _step(counts: dict[tuple[str, str], float], rates: Rates) -> dict[tuple[str, str], float]:
    """Five years on (see the module's docstring)."""
    def carried(group: str, sex: str) -> float:
        cell = (group, sex)
        survival = (1 - rates.death[cell]) ** 5
        return max(counts[cell] * (survival + 5 * rates.net[cell]), 0.0)

    after: dict[tuple[str, str], float] = {}
    for sex in SEXES:
        for index, group in enumerate(AGE5[1:], start=1):
            after[(group, sex)] = carried(AGE5[index - 1], sex)
        after[("90+", sex)] += carried("90+", sex)
    women = sum(counts[(group, "F")] for group in FERTILE)
    born = 5 * rates.births * women
    for sex, share in (("F", rates.female_share), ("M", 1 - rates.female_share)):
        cell = ("0-4", sex)
        half = (1 - rates.death[cell]) ** 2.5 + 2.5 * rates.net[cell]
        after[cell] = max(born * share * half, 0.0)
    return after


@dataclass
class PyramidRow:
    group: str
    cells: list[str]  # men, women now; then men, women for each projected step


def table_rows(result: Pyramid) -> list[PyramidRow]:
    """Oldest group first, as the pyramid is drawn."""
    rows = []
    for group in reversed(AGE5):
        cells = ["" if result.now[(group, sex)] is None else shown(result.now[(group, sex)],
                                                                    COUNT) for sex in SEXES]
        for years in sorted(result.projected):
            cells += [shown(result.projected[years][(group, sex)], COUNT) for sex in SEXES]
        rows.append(PyramidRow(group.replace("-", "–"), cells))
    return rows


def chart(result: Pyramid, year: int) -> dict[str, Any]:
    """Men to the left, women to the right; the projection as outlines (Plotly)."""
    groups = [group.replace("-", "–") for group in AGE5]
    men, women = gettext("men"), gettext("women")
    traces: list[dict[str, Any]] = [
        {"type": "bar", "orientation": "h", "name": f"{label} {year}", "y": groups,
         "x": [None if result.now[(g, sex)] is None else sign * (result.now[(g, sex)] or 0)
               for g in AGE5],
         "marker": {"color": colour}, "customdata": [result.now[(g, sex)] for g in AGE5],
         "hovertemplate": "%{y}: %{customdata}<extra>" + label + "</extra>"}
        for label, sex, sign, colour in ((men, "M", -1, "#1f5f8b"), (women, "F", 1, "#c05a00"))]
    for years, dash in ((5, "dot"), (10, "dash")):
        counts = result.projected.get(years)
        if counts is None:
            continue
        for label, sex, sign in ((men, "M", -1), (women, "F", 1)):
            traces.append({"type": "scatter", "mode": "lines", "line": {"shape": "hvh",
                                                                        "dash": dash,
                                                                        "color": "#1b1f23"},
                           "name": f"{label} {year + years}", "y": groups,
                           "x": [sign * counts[(g, sex)] for g in AGE5],
                           "hovertemplate": "%{y}: %{x:.0f}<extra></extra>"})
    return {"data": traces,
            "layout": {"height": 520, "barmode": "overlay", "bargap": 0.05,
                       "margin": {"t": 10, "r": 20, "b": 60, "l": 60},
                       "xaxis": {"title": {"text": gettext("persons (men to the left, "
                                                           "women to the right)")}},
                       "yaxis": {"type": "category"},
                       "legend": {"orientation": "h", "y": -0.15}}}


def export_columns(result: Pyramid, year: int) -> tuple[list[Any], list[str]]:
    """The pyramid's table for CSV and XLSX: a row per age group (oldest first), men and
    women now and in each projected year (a suppressed cell empty)."""
    def cell(years: int, sex: str) -> Any:
        def value(group: str) -> float | None:
            counts = result.now if years == 0 else result.projected[years]
            found = counts.get((group, sex))
            return None if found is None else round(found, 1)
        return value

    columns = [Column(gettext("age"), lambda group: group, 8)]
    for years in (0, *sorted(result.projected)):
        for sex, label in (("M", gettext("men")), ("F", gettext("women"))):
            columns.append(Column(f"{label} {year + years}", cell(years, sex)))
    return columns, list(reversed(AGE5))
