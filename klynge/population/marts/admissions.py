"""Acute and preventable admissions of people aged 65+, and 30-day readmissions."""

from __future__ import annotations

import ibis.expr.types as ir

from klynge.population.engines import materialise
from klynge.population.marts.population import RESIDENTS
from klynge.population.marts.spec import IndicatorSpec, MartInputs, Measure, cube
from klynge.population.stages.residence import place_on, with_person
from klynge.population.stages.stays import admissions

READMISSION_WINDOW_S = 30 * 24 * 3600
ADMISSION_BREAKDOWNS = ("total", "sex", "education")


def somatic_admissions(inputs: MartInputs) -> ir.Table:
    stays = inputs.stays
    return admissions(stays.filter(stays.specialty == "somatic"))


def acute_admissions_65(inputs: MartInputs) -> ir.Table:
    """Acute somatic admissions starting in Y by people 65+ on the start day, placed by
    residence on that day."""
    start, end = inputs.year_bounds_s
    acute = somatic_admissions(inputs)
    acute = acute.filter(
        (acute.urgency == "acute") & (acute.start_s >= start) & (acute.start_s < end)
    )
    acute = acute.mutate(day=acute.start_ts.date())
    placed = with_person(
        place_on(acute, inputs.tables["residence"], "day"), inputs.tables["persons"], "day"
    )
    return placed.filter(placed.age >= 65)


def index_stays(inputs: MartInputs) -> ir.Table:
    """Somatic admissions ending in Y (not open) of people 65+ on the end day, not
    discharged dead, not dying on or before the end day, main diagnosis not cancer;
    placed by residence on the end day; with ``readmitted`` (0/1)."""
    start, end = inputs.year_bounds_s
    stays = somatic_admissions(inputs)
    ending = stays.filter((stays.is_open == 0) & (stays.end_s >= start) & (stays.end_s < end))
    ending = ending.filter(
        ending.discharged_to.isnull() | (ending.discharged_to != "died"),
        ~inputs.codelists.cancer.matches(ending.main_diagnosis),
    ).mutate(day=ending.end_ts.date())
    placed = with_person(
        place_on(ending, inputs.tables["residence"], "day"), inputs.tables["persons"], "day"
    )
    index = placed.filter(
        placed.age >= 65, placed.death_date.isnull() | (placed.death_date > placed.day)
    )
    index = materialise(index)  # read twice: below, and by _readmitted
    return index.mutate(readmitted=index.stay_id.isin(_readmitted(inputs, index)).ifelse(1, 0))


def _readmitted(inputs: MartInputs, index: ir.Table) -> ir.Column:
    """stay_id of the index stays followed by an acute somatic admission starting after
    their end and no later than 30 × 24 hours after it."""
    later = somatic_admissions(inputs)
    later = later.filter(later.urgency == "acute").select(
        next_person=later.person_id, next_start=later.start_s
    )
    hits = index.join(
        later,
        [
            index.person_id == later.next_person,
            later.next_start > index.end_s,
            later.next_start <= index.end_s + READMISSION_WINDOW_S,
        ],
    )
    return hits.select(hit=hits.stay_id).distinct().hit


def cubes(inputs: MartInputs) -> list[ir.Table]:
    # Each computed once for the cubes that share it (Spark would compute it per cube).
    acute = materialise(acute_admissions_65(inputs))
    preventable = acute.filter(inputs.codelists.preventable.matches(acute.main_diagnosis))
    index = materialise(index_stays(inputs))  # with ``readmitted``, for two cubes
    return [
        cube(acute, "acute_admissions"),
        cube(preventable, "preventable_admissions"),
        cube(index, "index_stays"),
        cube(index, "readmitted_stays", amount="readmitted"),
    ]


def indicators() -> list[IndicatorSpec]:
    residents_65 = Measure(RESIDENTS, min_age=65)
    return [
        IndicatorSpec(
            "acute_admissions_65",
            Measure("acute_admissions"),
            residents_65,
            "per_1000",
            ADMISSION_BREAKDOWNS,
            standardise=True,
            std_min_age=65,
        ),
        IndicatorSpec(
            "preventable_admissions_65",
            Measure("preventable_admissions"),
            residents_65,
            "per_1000",
            ADMISSION_BREAKDOWNS,
            standardise=True,
            std_min_age=65,
        ),
        IndicatorSpec(
            "readmissions_30d_65",
            Measure("readmitted_stays"),
            Measure("index_stays"),
            "share",
            ADMISSION_BREAKDOWNS,
        ),
    ]
