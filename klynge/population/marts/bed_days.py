"""Bed days of people 65+ awaiting discharge after being declared ready."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from klynge.population.marts.population import RESIDENTS
from klynge.population.marts.spec import IndicatorSpec, MartInputs, Measure, cube
from klynge.population.stages.residence import place_on, with_person

SECONDS_PER_DAY = 86_400


def awaiting(inputs: MartInputs) -> ir.Table:
    """Somatic inpatient contacts with both ``ready_ts`` and ``end_ts``, with ``seconds``:
    the part of ``[ready_ts, end_ts)`` in Y (integer seconds), for people 65+ on the day
    of ``ready_ts``, placed by residence on that day."""
    start, end = inputs.year_bounds_s
    contacts = inputs.tables["hospital_contacts"]
    contacts = contacts.filter(
        contacts.kind == "inpatient",
        contacts.specialty == "somatic",
        contacts.ready_ts.notnull(),
        contacts.end_ts.notnull(),
    )
    ready_s = contacts.ready_ts.epoch_seconds().cast("int64")
    end_s = contacts.end_ts.epoch_seconds().cast("int64")
    seconds = ibis.least(end_s, ibis.literal(end, "int64")) - ibis.greatest(
        ready_s, ibis.literal(start, "int64")
    )
    contacts = contacts.mutate(seconds=seconds, day=contacts.ready_ts.date())
    contacts = contacts.filter(contacts.seconds > 0)
    placed = with_person(
        place_on(contacts, inputs.tables["residence"], "day"), inputs.tables["persons"], "day"
    )
    return placed.filter(placed.age >= 65)


def cubes(inputs: MartInputs) -> list[ir.Table]:
    return [cube(awaiting(inputs), "awaiting_seconds", amount="seconds", detailed=False)]


def indicators() -> list[IndicatorSpec]:
    return [
        IndicatorSpec(
            "bed_days_awaiting_65",
            Measure("awaiting_seconds", scale=SECONDS_PER_DAY),
            Measure(RESIDENTS, min_age=65),
            "per_1000",
        )
    ]
