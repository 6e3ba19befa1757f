"""Published rows as linear facts about atomic counts: what a reader can add and subtract.

Every crude row publishes up to two *facts*: its numerator and its denominator. A fact is
the sum of one cube measure over a set of municipalities (the row's geography), an age
interval (the measure's ages, narrowed by an ``age5``, ``age_band`` or ``age5_sex``
group) and at most one of sex or education (a ``sex`` or ``education`` group, the sex of
an ``age5_sex`` group, or the sex a measure is restricted to: the women aged 15–49 of
the birth rate's denominator, in every one of its rows). Rows of different indicators
publish the same fact whenever they share a count: ``old_age_dependency``'s numerator is
the residents aged 65+, which are also the denominator of ``acute_admissions_65`` and the
sum of ``population``'s 65–79 and 80+ rows; a collaboration's row is the sum of its
municipalities' rows, whichever grouping (clusters, councils) it belongs to.

The unknowns of one measure are, per municipality, the counts of each *age class* (the
ages between any two age limits its facts use) and, per *age group* of each dimension
(the ages between the limits of its sex facts, and separately of its education facts),
the counts of each sex, or of each education. Within a municipality, the age classes of
a group add up to the sum of its sexes (or educations). That is all a reader can know
of the cross-classified counts: for any non-negative such counts, the table
``x[class, sex, education] = c[class] × s[g, sex] / N[g] × e[h, education] / N[h]``
(g and h the sex and education groups holding the class, N their sums) is a
non-negative age × sex × education table with exactly these margins. So the model is
exact, not a relaxation, for the facts these indicators publish, one of sex and
education at a time: a pyramid cell, ``65-69/F``, is a sex fact over the ages 65–69;
no row crosses sex with education.

Measures are independent of one another: a quantity spanning two measures (a share's
complement, denominator minus numerator) is bounded block by block.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from klynge.population.marts.long_form import EDUCATIONS, SEXES
from klynge.population.marts.spec import IndicatorSpec, Measure

OPEN = 10**6  # the upper end of an open age interval ("90+", "65 and over")
CATEGORIES = {"sex": SEXES, "education": EDUCATIONS}


class Fact(NamedTuple):
    """The sum of ``measure`` over a geography, ages ``low``–``high`` (inclusive) and,
    when ``dim`` is ``sex`` or ``education``, the one ``category`` of it. A tuple, so
    that facts sort and hash fast and in one way (their fields in order)."""

    measure: str
    level: str
    code: str
    low: int
    high: int
    dim: str = ""
    category: str = ""

    def describe(self) -> str:
        """``measure level code ages dim=category``: for reports and test failures."""
        ages = "" if (self.low, self.high) == (0, OPEN) else f" ages {self.low}-{_high(self)}"
        who = f" {self.dim}={self.category}" if self.dim else ""
        return f"{self.measure} {self.level} {self.code}{ages}{who}"


def _high(fact: Fact) -> str:
    return "" if fact.high >= OPEN else str(fact.high)


def age_interval(group_by: str, group: str) -> tuple[int, int]:
    """The ages of a group: ``0-4`` → (0, 4), ``90+`` → (90, OPEN), ``65-69/F`` → (65,
    69); others all ages."""
    if group_by == "age5_sex":
        group = group.split("/")[0]
    elif group_by not in ("age5", "age_band"):
        return 0, OPEN
    if group.endswith("+"):
        return int(group[:-1]), OPEN
    low, high = group.split("-")
    return int(low), int(high)


def fact_of(measure: Measure, level: str, code: str, group_by: str, group: str) -> Fact | None:
    """The fact a row publishes about ``measure``; None when its ages are empty (then it
    is zero by construction and tells nothing)."""
    low, high = age_interval(group_by, group)
    low = max(low, measure.min_age or 0)
    high = min(high, OPEN if measure.max_age is None else measure.max_age)
    if low > high:
        return None
    dim, category = _category(measure, group_by, group)
    return Fact(measure.name, level, code, low, high, dim, category)


def _category(measure: Measure, group_by: str, group: str) -> tuple[str, str]:
    """The one sex or education a row's fact is about (``""``: none). A measure of one
    sex is that sex in every group (its rows are not split by sex)."""
    if measure.sex is not None:
        if group_by in ("education", "age5_sex"):
            raise ValueError(f"{measure.name} of one sex split by {group_by}: not modelled")
        return "sex", measure.sex
    if group_by == "age5_sex":
        return "sex", group.split("/")[1]
    if group_by in CATEGORIES:
        return group_by, group
    return "", ""


@dataclass
class RowFacts:
    """For each row of a long-form table (by position): the facts of its numerator and
    denominator (None: not a crude row, or no such fact), whether it is a share, and the
    scale of its numerator measure (integer units per published unit)."""

    numerator: list[Fact | None]
    denominator: list[Fact | None]
    share: np.ndarray
    scale: dict[str, int]

    @classmethod
    def of(cls, rows: pd.DataFrame, specs: list[IndicatorSpec]) -> RowFacts:
        by_id = {spec.id: spec for spec in specs}
        numerators: list[Fact | None] = []
        denominators: list[Fact | None] = []
        share = np.zeros(len(rows), dtype=bool)
        columns = ["indicator", "level", "code", "group_by", "group"]
        for position, (indicator, level, code, group_by, group) in enumerate(
            rows[columns].itertuples(index=False, name=None)
        ):
            spec = by_id.get(indicator)
            if spec is None:
                numerators.append(None)
                denominators.append(None)
                continue
            share[position] = spec.is_share
            numerators.append(fact_of(spec.numerator, level, code, group_by, group))
            denominators.append(
                None
                if spec.denominator is None
                else fact_of(spec.denominator, level, code, group_by, group)
            )
        return cls(numerators, denominators, share, measure_scales(specs))

    def shown(self, rows: pd.DataFrame) -> dict[Fact, float]:
        """Every fact some row shows (its column not null), in integer units."""
        found: dict[Fact, float] = {}
        for facts, column in ((self.numerator, "numerator"), (self.denominator, "denominator")):
            values = rows[column].to_numpy(dtype=float)
            for fact, value in zip(facts, values, strict=True):
                if fact is not None and not math.isnan(value) and fact not in found:
                    found[fact] = value * self.scale[fact.measure]
        return found

    def every_fact(self) -> set[Fact]:
        return {f for f in (*self.numerator, *self.denominator) if f is not None}


def measure_scales(specs: Iterable[IndicatorSpec]) -> dict[str, int]:
    """Integer units per published unit of each measure (one scale per measure)."""
    scales: dict[str, int] = {}
    for spec in specs:
        for measure in (spec.numerator, spec.denominator):
            if measure is not None and scales.setdefault(measure.name, measure.scale) != (
                measure.scale
            ):
                raise ValueError(f"measure {measure.name} has two scales")
    return scales


def sensitive_measures(specs: Iterable[IndicatorSpec]) -> set[str]:
    """Measures that count people or events: the numerators of indicators that count
    people, and the denominators of shares (a share's denominator is people too)."""
    found = set()
    for spec in specs:
        if spec.counts_people:
            found.add(spec.numerator.name)
        if spec.is_share and spec.denominator is not None:
            found.add(spec.denominator.name)
    return found


class Geography:
    """Which municipalities each published geography adds up."""

    def __init__(self, rows: pd.DataFrame, mapping: pd.DataFrame) -> None:
        municipal = rows.loc[rows["level"] == "municipality", "code"].astype(str)
        self.municipalities: list[str] = sorted(set(municipal))
        self.index = {code: i for i, code in enumerate(self.municipalities)}
        links = mapping[["municipality_code", "collaboration_code"]].astype(str)
        links = links[links["municipality_code"].isin(self.index)].drop_duplicates()
        self.collaborations: dict[str, list[int]] = {
            str(code): sorted(self.index[m] for m in group["municipality_code"])
            for code, group in links.groupby("collaboration_code")
        }

        self._within: dict[int, set[int]] = {i: {i} for i in range(len(self.municipalities))}
        for group in self.collaborations.values():
            for member in group:
                self._within[member].update(group)

    def around(self, places: Iterable[tuple[str, str]]) -> tuple[int, ...] | None:
        """The municipalities of ``places`` (level, code) and every municipality that
        shares a collaboration with one of them, sorted; None when that is all of them."""
        found: set[int] = set()
        for level, code in places:
            for member in self.members(level, code):
                found |= self._within[member]
        if len(found) >= len(self.municipalities):
            return None
        return tuple(sorted(found))

    def members(self, level: str, code: str) -> list[int]:
        if level == "municipality":
            return [self.index[code]] if code in self.index else []
        if level == "collaboration":
            return self.collaborations.get(code, [])
        return list(range(len(self.municipalities)))
