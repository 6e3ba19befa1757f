"""Chronic conditions: residents with a hospital diagnosis from a condition's list in
the five years before 1 January."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from klynge.population.codelists import CodeList
from klynge.population.engines import materialise
from klynge.population.marts.population import DEMOGRAPHIC_BREAKDOWNS, RESIDENTS, residents
from klynge.population.marts.spec import IndicatorSpec, MartInputs, Measure, cube

LOOKBACK_YEARS = 5
PREFIX = "chronic_"


def diagnosed(inputs: MartInputs) -> ir.Table:
    """(person_id, condition): a main or secondary diagnosis from the condition's list on a
    hospital contact (any kind) starting in [Y−5-01-01, Y-01-01)."""
    contacts = inputs.tables["hospital_contacts"]
    start = ibis.date(inputs.year - LOOKBACK_YEARS, 1, 1)
    day = contacts.start_ts.date()
    window = contacts.filter(day >= start, day < ibis.date(inputs.year, 1, 1))
    diagnoses = inputs.tables["diagnoses"]
    codes = inputs.codelists.chronic
    relevant = diagnoses.filter(codes.matches(diagnoses.code))
    joined = relevant.join(window.select("contact_id", "person_id"), "contact_id")
    # Computed once for every condition: Spark would otherwise join again per condition.
    joined = materialise(joined.select("person_id", "code").distinct())
    per_condition = [
        joined.filter(codes.matches(joined.code, name)).select(
            "person_id", condition=ibis.literal(name)
        )
        for name in codes.groups
    ]
    return ibis.union(*per_condition, distinct=True)


def cubes(inputs: MartInputs) -> list[ir.Table]:
    people = residents(inputs)
    found = diagnosed(inputs)
    joined = people.join(found, "person_id")
    return [cube(joined, ibis.literal(PREFIX) + joined.condition)]


def indicators(chronic: CodeList) -> list[IndicatorSpec]:
    return [
        IndicatorSpec(
            f"{PREFIX}{name}",
            Measure(f"{PREFIX}{name}"),
            Measure(RESIDENTS),
            "per_1000",
            (*DEMOGRAPHIC_BREAKDOWNS, "education"),
            standardise=True,
        )
        for name in chronic.groups
    ]
