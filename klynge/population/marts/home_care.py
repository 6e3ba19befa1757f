"""Home care for residents aged 65+ and 80+."""

from __future__ import annotations

import ibis.expr.types as ir

from klynge.population.marts.population import RESIDENTS, residents
from klynge.population.marts.spec import IndicatorSpec, MartInputs, Measure, cube
from klynge.population.stages.residence import covers


def home_care_recipients(inputs: MartInputs) -> ir.Table:
    """Residents on Y-01-01 with a ``home_care`` row covering that day (placed by
    residence, whichever municipality provides the care)."""
    care = inputs.tables["municipal_care"]
    care = care.filter(care.service == "home_care", covers(care, inputs.first_day))
    people = residents(inputs)
    return people.semi_join(care, people.person_id == care.person_id)


def cubes(inputs: MartInputs) -> list[ir.Table]:
    if "municipal_care" not in inputs.tables:
        return []
    return [cube(home_care_recipients(inputs), "home_care")]


def indicators() -> list[IndicatorSpec]:
    return [
        IndicatorSpec(
            f"home_care_{age}",
            Measure("home_care", min_age=age),
            Measure(RESIDENTS, min_age=age),
            "share",
        )
        for age in (65, 80)
    ]
