"""What an indicator is made of: cube measures, a kind of value, breakdowns."""

from __future__ import annotations

import datetime as dt
from calendar import timegm
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import ibis
import ibis.expr.types as ir

from klynge.population.codelists import CodeLists

CUBE_COLUMNS = ("municipality_code", "measure", "sex", "age", "education", "amount")
NO_SEX, NO_AGE, NO_EDUCATION = "", -1, ""

# value = MULTIPLIER[kind] × numerator / denominator ("count": value = numerator)
MULTIPLIER = {"count": 1, "per_1000": 1000, "share": 100, "percent": 100, "ratio": 1}
# the model of the ``variance`` column per kind of value (other kinds: no variance)
VARIANCE_MODEL = {"per_1000": "poisson", "share": "binomial"}


@dataclass(frozen=True)
class Measure:
    """A cube measure, restricted to ages ``min_age``–``max_age`` (inclusive) and, when
    ``sex`` is set, to that sex, and the number of its integer units in one published
    unit (e.g. 86,400 seconds a day).

    A measure restricted to one sex is not split by a ``sex`` breakdown: every group of
    it shows the whole measure (births by the child's sex all have the women aged 15–49
    as their denominator). It cannot be split by ``age5_sex`` or ``education``."""

    name: str
    min_age: int | None = None
    max_age: int | None = None
    scale: int = 1
    sex: str | None = None


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: ``kind`` is count, per_1000, share, percent (a ratio × 100 that is
    not a share) or ratio. ``standardise`` adds ``<id>_std`` rows (direct method over
    age5 × sex bands from ``std_min_age``) and ``<id>_inequality``."""

    id: str
    numerator: Measure
    denominator: Measure | None
    kind: str
    breakdowns: tuple[str, ...] = ("total",)
    standardise: bool = False
    std_min_age: int = 0
    counts_people: bool = True  # False: the numerator is capacity, not people or events

    @property
    def is_share(self) -> bool:
        return self.kind == "share"

    @property
    def variance_model(self) -> str | None:
        """``poisson`` (a rate per 1,000 of people or events), ``binomial`` (a share) or
        None: no variance (counts, ratios, percentages that are not shares, capacity)."""
        return VARIANCE_MODEL.get(self.kind) if self.counts_people else None


@dataclass(frozen=True)
class MartInputs:
    """What every mart reads: the data set's tables, the year, the code lists and the
    stays (computed once, shared by the admission marts)."""

    tables: Mapping[str, ir.Table]
    year: int
    codelists: CodeLists
    stays: ir.Table

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @cached_property
    def residents(self) -> ir.Table:
        """Residents alive on Y-01-01 (person_id, municipality_code, sex, age, education),
        computed once for the four families that count them (Spark would compute them
        for each)."""
        from klynge.population.engines import materialise
        from klynge.population.stages.residence import residents_on

        people = residents_on(self.tables["persons"], self.tables["residence"], self.first_day)
        return materialise(people)

    @property
    def year_bounds_s(self) -> tuple[int, int]:
        """Epoch seconds of ``Y-01-01 00:00`` and ``Y+1-01-01 00:00`` (wall clock)."""
        return _epoch(dt.date(self.year, 1, 1)), _epoch(dt.date(self.year + 1, 1, 1))


def _epoch(day: dt.date) -> int:
    return timegm(day.timetuple())


def cube(
    table: ir.Table,
    measure: str | ir.StringValue,
    *,
    amount: str | None = None,
    detailed: bool = True,
) -> ir.Table:
    """Count ``table``'s rows (or sum its integer column ``amount``) per municipality,
    and per sex, age and education when ``detailed`` (which needs those columns)."""
    label = ibis.literal(measure) if isinstance(measure, str) else measure
    prepared = table.mutate(
        measure=label,
        amount_=table[amount].cast("int64") if amount else ibis.literal(1, "int64"),
        sex=table.sex if detailed else ibis.literal(NO_SEX),
        age=table.age.cast("int64") if detailed else ibis.literal(NO_AGE, "int64"),
        education=table.education if detailed else ibis.literal(NO_EDUCATION),
    )
    return prepared.group_by(list(CUBE_COLUMNS[:-1])).aggregate(
        amount=prepared.amount_.sum().cast("int64")
    )
