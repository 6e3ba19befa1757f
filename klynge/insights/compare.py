"""The Compare page: two to five areas side by side on one indicator of a collaboration's
latest run (published results only), each with its 95 % confidence interval, and every pair's
difference with its own interval, tested at the 5 % level and again after Holm's correction
for the number of pairs (docs/insights.md, *Compare*).

The intervals and tests are pure functions on values and variances (``Result.variance``, the
variance of the value under the engine's model: Poisson for a rate per 1,000, binomial for a
share, the direct method's sum for an age-standardised rate). :func:`compare_context` makes
the page in at most five queries.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext

from klynge.collaborations.models import Collaboration
from klynge.insights.forms import CompareForm
from klynge.insights.indicators import (
    BASE,
    COUNT,
    INEQUALITY,
    PER_1000,
    RATIO,
    SHARE,
    STANDARDISED,
    Indicator,
    describe,
    shown,
)
from klynge.insights.models import Run
from klynge.insights.population import (
    COLLABORATION,
    COLOURS,
    COUNTRY,
    DEFAULT_CHART,
    MUNICIPALITY,
)
from klynge.insights.runs import latest_run
from klynge.reference.models import Municipality

Z_95 = 1.96  # the normal distribution's 97.5th percentile: two-sided 95 %
ALPHA = 0.05
SMALL_COUNT = 20  # a crude rate from fewer events gets the exact Poisson interval
NORMAL, EXACT_POISSON = "normal", "exact_poisson"


# --- The statistics: pure functions on numbers ---------------------------------------------

@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    method: str  # NORMAL or EXACT_POISSON


def normal_interval(value: float, variance: float, *, ceiling: float | None = None
                    ) -> Interval:
    """value ± 1.96·√variance, floored at 0 (a rate or share is never negative) and, for a
    share in per cent, capped at ``ceiling``."""
    half = Z_95 * math.sqrt(max(variance, 0.0))
    high = value + half
    return Interval(max(0.0, value - half), high if ceiling is None else min(ceiling, high),
                    NORMAL)


def exact_poisson_interval(events: float, denominator: float, multiplier: float = 1000
                           ) -> Interval:
    """The exact (Garwood) 95 % interval of ``multiplier × events / denominator`` for a
    Poisson count of ``events``: χ²(2.5 %; 2n)/2 to χ²(97.5 %; 2n + 2)/2 events."""
    from scipy.stats import chi2  # scipy: loaded when needed

    low = 0.0 if events <= 0 else float(chi2.ppf(ALPHA / 2, 2 * events)) / 2
    high = float(chi2.ppf(1 - ALPHA / 2, 2 * events + 2)) / 2
    return Interval(multiplier * low / denominator, multiplier * high / denominator,
                    EXACT_POISSON)


def interval_of(indicator: str, kind: str, value: float | None, variance: float | None,
                numerator: float | None = None, denominator: float | None = None
                ) -> Interval | None:
    """A published value's 95 % interval, or None (no value, or no variance: no interval).
    A crude rate per 1,000 from fewer than 20 events, with its numerator and denominator
    published, gets the exact Poisson interval; everything else the normal one."""
    if value is None or variance is None:
        return None
    if (kind == PER_1000 and not indicator.endswith(STANDARDISED)
            and numerator is not None and denominator and numerator < SMALL_COUNT
            and float(numerator).is_integer()):
        return exact_poisson_interval(numerator, denominator)
    return normal_interval(value, variance, ceiling=100.0 if kind == SHARE else None)


@dataclass(frozen=True)
class Difference:
    """``first − second``, its 95 % interval and two-sided p-value (normal, independent)."""

    value: float
    low: float
    high: float
    p: float

    @property
    def beyond_chance(self) -> bool:
        """The interval excludes 0."""
        return self.low > 0 or self.high < 0


def difference(first: float, first_variance: float, second: float, second_variance: float
               ) -> Difference | None:
    """The difference of two values as if independent: standard error √(var₁ + var₂).
    None where that is 0 (no spread on either side: nothing to test)."""
    error = math.sqrt(max(first_variance, 0.0) + max(second_variance, 0.0))
    if error == 0:
        return None
    value = first - second
    p = math.erfc(abs(value) / error / math.sqrt(2))  # 2 × (1 − Φ(|z|))
    return Difference(value, value - Z_95 * error, value + Z_95 * error, p)


def holm(p_values: list[float], alpha: float = ALPHA) -> list[tuple[float, bool]]:
    """Holm's step-down correction: each p-value adjusted for the number of tests, and
    whether it is still below ``alpha`` (in the order given)."""
    count = len(p_values)
    adjusted = [1.0] * count
    running = 0.0
    for rank, index in enumerate(sorted(range(count), key=lambda i: p_values[i])):
        running = max(running, min(1.0, (count - rank) * p_values[index]))
        adjusted[index] = running
    return [(p, p <= alpha) for p in adjusted]


# --- The page ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    """An area of the run; ``members``: the municipalities it covers (None: the country,
    which covers every area)."""

    level: str
    code: str
    name: str
    members: frozenset[str] | None

    @property
    def key(self) -> str:
        return f"{self.level}:{self.code}"


def overlaps(first: Place, second: Place) -> bool:
    """Whether two areas share people, so that their values are not independent."""
    if first.members is None or second.members is None:
        return True
    return bool(first.members & second.members)


@dataclass(frozen=True)
class Figures:
    """One area's published total: value, variance, numerator, denominator, suppressed."""

    value: float | None
    variance: float | None
    numerator: float | None
    denominator: float | None
    suppressed: bool


@dataclass
class AreaResult:
    place: Place
    figures: Figures
    interval: Interval | None
    text: str = ""
    low_text: str = ""
    high_text: str = ""

    @property
    def suppressed(self) -> bool:
        return self.figures.suppressed

    @property
    def comparable(self) -> bool:
        return not self.figures.suppressed and self.figures.value is not None


@dataclass
class Pair:
    first: AreaResult
    second: AreaResult
    value: float
    difference: Difference | None  # None: not tested (no variance)
    overlap: bool
    holm_p: float | None = None
    holm_beyond: bool | None = None
    text: str = ""
    low_text: str = ""
    high_text: str = ""
    p_text: str = ""
    holm_p_text: str = ""


def offered(indicators: set[str]) -> list[str]:
    """The indicators to choose from: each once, its age-standardised version in place of
    the crude one where the run has both; no inequality ratios; in the specification's
    order."""
    kept = [name for name in indicators if not name.endswith(INEQUALITY)
            and f"{name}{STANDARDISED}" not in indicators]
    return sorted(kept, key=_rank)


def _rank(indicator: str) -> tuple[int, str]:
    base = indicator.removesuffix(STANDARDISED)
    return (list(BASE).index(base) if base in BASE else len(BASE)), indicator


def compare_context(collaboration: Collaboration, query: Mapping[str, Any]
                    ) -> dict[str, Any]:
    """The page: the form (bound when the query names an indicator or areas), and, for good
    input or none (the collaboration and the country, the default indicator), the
    comparison. At most five queries."""
    run = latest_run(collaboration)
    context: dict[str, Any] = {"collaboration": collaboration, "run": run}
    if run is None:
        return context
    indicators = offered(set(run.results.filter(published=True, group_by="total")
                             .values_list("indicator", flat=True).distinct()))
    if not indicators:
        return context
    wanted = query.get("indicator", "")
    indicator = wanted if wanted in indicators else (
        DEFAULT_CHART if DEFAULT_CHART in indicators else indicators[0])
    figures = _figures(run, indicator)
    groups = _places(collaboration, run.year, set(figures))
    places = [place for _label, group in groups for place in group]
    bound = "indicator" in query or "areas" in query
    form = CompareForm(query if bound else None, indicators=[
        (name, describe(name).label) for name in indicators], areas=[
        (label, [(place.key, place.name) for place in group]) for label, group in groups],
        initial={"indicator": indicator, "areas": _default_areas(collaboration, places)})
    context["form"] = form
    if bound and not form.is_valid():
        return context
    keys = set(form.cleaned_data["areas"] if bound else form.initial["areas"])
    chosen = [place for place in places if place.key in keys]
    if len(chosen) >= 2:
        context.update(comparison(indicator, chosen, figures))
    return context


def _figures(run: Run, indicator: str) -> dict[str, Figures]:
    """The indicator's published totals in every area of the run, by area key (one query)."""
    found = (run.results.filter(published=True, group_by="total", indicator=indicator)
             .values_list("level", "code", "value", "variance", "numerator", "denominator",
                          "suppressed"))
    return {f"{level}:{code}": Figures(value, variance, numerator, denominator,
                                       bool(suppressed))
            for level, code, value, variance, numerator, denominator, suppressed in found}


def _default_areas(collaboration: Collaboration, places: list[Place]) -> list[str]:
    """The collaboration and the country, when the run has them; else the first two."""
    keys = [place.key for place in places if place.level == COUNTRY
            or (place.level == COLLABORATION and place.code == collaboration.code)]
    return keys if len(keys) == 2 else [place.key for place in places[:2]]


def _places(collaboration: Collaboration, year: int, keys: set[str]
            ) -> list[tuple[str, list[Place]]]:
    """The run's areas in groups: this collaboration, its municipalities (by the groupings
    a run for ``year`` publishes: the built-in mapping on 1 January of ``year`` and every
    later one) and the country; other collaborations; their municipalities. Two queries at
    most (the names)."""
    from klynge.population.geography import default_groupings  # Arrow: loaded when needed

    members: dict[str, set[str]] = {}
    for row in default_groupings(dt.date(year, 1, 1)).to_pylist():
        members.setdefault(row["collaboration_code"], set()).add(row["municipality_code"])
    found = [_split(key) for key in keys]
    own = members.get(collaboration.code, set())
    towns = _municipality_names(collaboration, [code for level, code in found
                                                if level == MUNICIPALITY])
    others = sorted(code for level, code in found
                    if level == COLLABORATION and code != collaboration.code)
    names = dict(Collaboration.objects.filter(code__in=others).values_list("code", "name")
                 ) if others else {}
    country = collaboration.country

    def town(code: str) -> Place:
        return Place(MUNICIPALITY, code, towns.get(code, code), frozenset({code}))

    home = [*(Place(COLLABORATION, code, collaboration.name, frozenset(own))
              for level, code in found if level == COLLABORATION and code == collaboration.code),
            *sorted((town(code) for level, code in found
                     if level == MUNICIPALITY and code in own), key=_by_name),
            *(Place(COUNTRY, code, country.name if code == country.code.lower() else code.upper(),
                    None) for level, code in found if level == COUNTRY)]
    away = sorted((Place(COLLABORATION, code, names.get(code, code),
                         frozenset(members.get(code, set()))) for code in others), key=_by_name)
    rest = sorted((town(code) for level, code in found
                   if level == MUNICIPALITY and code not in own), key=_by_name)
    return [(label, group) for label, group in (
        (collaboration.name, home), (gettext("Other collaborations"), away),
        (gettext("Other municipalities"), rest)) if group]


def _split(key: str) -> tuple[str, str]:
    level, _colon, code = key.partition(":")
    return level, code


def _by_name(place: Place) -> tuple[str, str]:
    return place.name.casefold(), place.code


def _municipality_names(collaboration: Collaboration, codes: list[str]) -> dict[str, str]:
    """Names from the reference data (one query), else the engine's built-in list."""
    if not codes:
        return {}
    from klynge.population.geography import municipalities  # Arrow: loaded when needed

    country = collaboration.country.code.lower()
    names = {row["municipality_code"]: row["name"] for row in municipalities().to_pylist()
             if row["country"] == country and row["municipality_code"] in codes}
    names.update(Municipality.objects.filter(country_id=collaboration.country_id,
                                             code__in=codes).values_list("code", "name"))
    return names


def comparison(indicator: str, chosen: list[Place], figures: dict[str, Figures]
               ) -> dict[str, Any]:
    """The chosen areas' values and intervals, every pair's difference, and the chart."""
    about = describe(indicator)
    results = [_area_result(indicator, about, place, figures[place.key]) for place in chosen]
    pairs = pairs_of(results, about.kind)
    return {"indicator": indicator, "about": about,
            "standardised": indicator.endswith(STANDARDISED),
            "results": results, "pairs": pairs,
            "tested": sum(1 for pair in pairs if pair.difference is not None),
            "any_overlap": any(pair.overlap for pair in pairs),
            "difference_unit": gettext("percentage points") if about.kind == SHARE
            else about.unit,
            "chart": chart(about, results)}


def _area_result(indicator: str, about: Indicator, place: Place, found: Figures
                 ) -> AreaResult:
    interval = None if found.suppressed else interval_of(
        indicator, about.kind, found.value, found.variance, found.numerator, found.denominator)
    result = AreaResult(place, found, interval)
    if result.comparable:
        result.text = number_text(found.value, about.kind)
    if interval is not None:
        result.low_text = number_text(interval.low, about.kind)
        result.high_text = number_text(interval.high, about.kind)
    return result


def pairs_of(results: list[AreaResult], kind: str) -> list[Pair]:
    """Every pair of the areas with a value (suppressed ones left out): the difference,
    tested where both have a variance, and Holm's correction over the pairs tested."""
    pairs = []
    for first, second in combinations([r for r in results if r.comparable], 2):
        one, other = first.figures, second.figures
        assert one.value is not None and other.value is not None
        tested = (difference(one.value, one.variance, other.value, other.variance)
                  if one.variance is not None and other.variance is not None else None)
        pair = Pair(first, second, one.value - other.value, tested,
                    overlaps(first.place, second.place))
        pair.text = _signed(pair.value, kind)
        if tested is not None:
            pair.low_text, pair.high_text = _signed(tested.low, kind), _signed(tested.high, kind)
            pair.p_text = p_text(tested.p)
        pairs.append(pair)
    tested_pairs = [(pair, pair.difference) for pair in pairs if pair.difference is not None]
    corrected = holm([tested.p for _pair, tested in tested_pairs])
    for (pair, _tested), (adjusted, beyond) in zip(tested_pairs, corrected, strict=True):
        pair.holm_p, pair.holm_beyond, pair.holm_p_text = adjusted, beyond, p_text(adjusted)
    return pairs


def number_text(value: float | None, kind: str) -> str:
    """A value as :func:`~klynge.insights.indicators.shown` writes it, rounded first (Django's
    number format cuts a float's decimals off rather than rounding them)."""
    if value is None:
        return ""
    return shown(round(value, 0 if kind == COUNT else 1) + 0.0, kind)  # never "-0.0"


def _signed(value: float, kind: str) -> str:
    """A difference in the value's number format (a share's in percentage points)."""
    text = number_text(value, RATIO if kind == SHARE else kind)
    return f"+{text}" if round(value, 0 if kind == COUNT else 1) > 0 else text


def p_text(p: float) -> str:
    if p < 0.001:
        return "< " + number_format(0.001, decimal_pos=3)
    return number_format(round(p, 3), decimal_pos=3)


def chart(about: Indicator, results: list[AreaResult]) -> dict[str, Any]:
    """A Plotly figure: a dot per area with its 95 % interval as a horizontal error bar
    (areas without an interval in a trace of their own, without bars); a suppressed area
    has no dot and says so."""
    names = [result.place.name for result in results]
    with_bars = [r for r in results if r.comparable and r.interval is not None]
    without = [r for r in results if r.comparable and r.interval is None]
    spans = [(r.figures.value or 0.0, r.interval.low, r.interval.high)
             for r in with_bars if r.interval is not None]
    # xgettext:no-python-format
    label = gettext("95 % confidence interval")
    traces: list[dict[str, Any]] = [{
        "type": "scatter", "mode": "markers", "name": label,
        "y": [r.place.name for r in with_bars], "x": [r.figures.value for r in with_bars],
        "error_x": {"type": "data", "symmetric": False,
                    "array": [high - value for value, _low, high in spans],
                    "arrayminus": [value - low for value, low, _high in spans]},
        "marker": {"size": 10, "color": [_colour(r) for r in with_bars]},
        "customdata": [f"{r.low_text}–{r.high_text}" for r in with_bars],
        "hovertemplate": f"%{{y}}: %{{x}} ({label}: %{{customdata}})<extra></extra>"}]
    if without:
        traces.append({"type": "scatter", "mode": "markers", "name": gettext("no interval"),
                       "y": [r.place.name for r in without],
                       "x": [r.figures.value for r in without],
                       "marker": {"size": 10, "symbol": "diamond-open",
                                  "color": [_colour(r) for r in without]},
                       "hovertemplate": "%{y}: %{x}<extra></extra>"})
    notes = [{"x": 0, "y": r.place.name, "xanchor": "left", "showarrow": False,
              "text": gettext("suppressed") if r.suppressed else gettext("no result")}
             for r in results if not r.comparable]
    return {"data": traces,
            "layout": {"height": 140 + 40 * len(results), "showlegend": False,
                       "margin": {"t": 10, "r": 20, "b": 50, "l": 190},
                       "xaxis": {"title": {"text": f"{about.label} ({about.unit})"},
                                 "rangemode": "tozero", "zeroline": True},
                       "yaxis": {"type": "category", "categoryorder": "array",
                                 "categoryarray": names, "autorange": "reversed"},
                       "annotations": notes}}


def _colour(result: AreaResult) -> str:
    return COLOURS.get(result.place.level, COLOURS[MUNICIPALITY])
