"""Population on 1 January and the old-age dependency ratio.

The ``residents`` measure (residents alive on Y-01-01, by sex, age and education) is
also the denominator of most other indicators.
"""

from __future__ import annotations

import ibis.expr.types as ir

from klynge.population.marts.spec import IndicatorSpec, MartInputs, Measure, cube

RESIDENTS = "residents"
DEMOGRAPHIC_BREAKDOWNS = ("total", "sex", "age_band", "age5")
PYRAMID_BREAKDOWNS = (*DEMOGRAPHIC_BREAKDOWNS, "age5_sex")  # population; chronic_* has no pyramid


def residents(inputs: MartInputs) -> ir.Table:
    """Residents alive on Y-01-01 (person_id, municipality_code, sex, age, education)."""
    return inputs.residents


def cubes(inputs: MartInputs) -> list[ir.Table]:
    return [cube(residents(inputs), RESIDENTS)]


def indicators() -> list[IndicatorSpec]:
    return [
        IndicatorSpec("population", Measure(RESIDENTS), None, "count", PYRAMID_BREAKDOWNS),
        IndicatorSpec(
            "old_age_dependency",
            Measure(RESIDENTS, min_age=65),
            Measure(RESIDENTS, min_age=20, max_age=64),
            "percent",
        ),
    ]
