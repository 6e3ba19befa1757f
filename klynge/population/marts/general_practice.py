"""General practice: GP capacity, list sizes, closed lists, public clinics, unlisted."""

from __future__ import annotations

import ibis.expr.types as ir

from klynge.population.engines import materialise
from klynge.population.marts.population import RESIDENTS, residents
from klynge.population.marts.spec import IndicatorSpec, MartInputs, Measure, cube
from klynge.population.stages.ages import alive_on
from klynge.population.stages.listings import capacity_on, listing_on

FTE_UNITS = 1_000_000  # gp_fte is summed as integer millionths, exactly on every engine
PUBLIC_KINDS = ("regional_clinic", "municipal")


def practices(inputs: MartInputs) -> ir.Table:
    t = inputs.tables
    return capacity_on(t["gp_practices"], t["gp_capacity"], inputs.first_day)


def gp_fte(inputs: MartInputs) -> ir.Table:
    """Practices with capacity on Y-01-01, placed where they are, with ``fte_units``."""
    current = practices(inputs)
    current = current.filter(current.gp_fte.notnull())
    return current.mutate(fte_units=(current.gp_fte * FTE_UNITS).round().cast("int64"))


def listed_persons(inputs: MartInputs) -> ir.Table:
    """Persons alive on Y-01-01 listed that day, placed where their practice is."""
    t = inputs.tables
    persons = t["persons"]
    alive = persons.filter(alive_on(persons, inputs.first_day)).select("person_id")
    listed = alive.join(listing_on(t["gp_listing"], inputs.first_day), "person_id")
    return listed.join(practices(inputs), "practice_id")


def residents_listing(inputs: MartInputs) -> ir.Table:
    """Residents on Y-01-01 with 0/1 flags ``closed_list``, ``public_clinic``, ``unlisted``."""
    listing = listing_on(inputs.tables["gp_listing"], inputs.first_day)
    listing = listing.join(practices(inputs).drop("municipality_code"), "practice_id")
    listing = listing.select(listed_person="person_id", practice_kind="kind", list_open="list_open")
    people = residents(inputs)
    joined = people.left_join(listing, people.person_id == listing.listed_person)
    return joined.mutate(
        closed_list=(joined.list_open == False).fill_null(False).ifelse(1, 0),  # noqa: E712
        public_clinic=joined.practice_kind.isin(PUBLIC_KINDS).fill_null(False).ifelse(1, 0),
        unlisted=joined.listed_person.isnull().ifelse(1, 0),
    )


def cubes(inputs: MartInputs) -> list[ir.Table]:
    flags = residents_listing(inputs)
    names = ("closed_list", "public_clinic", "unlisted")
    # The three flags summed per municipality in one pass (Spark would join the
    # residents to their listings once per flag); each cube sums its column of that.
    per_place = materialise(
        flags.group_by("municipality_code").aggregate(
            **{name: flags[name].cast("int64").sum() for name in names}
        )
    )
    return [
        cube(gp_fte(inputs), "gp_fte_units", amount="fte_units", detailed=False),
        cube(listed_persons(inputs), "listed_persons", detailed=False),
        *(cube(per_place, name, amount=name, detailed=False) for name in names),
    ]


def indicators() -> list[IndicatorSpec]:
    fte = Measure("gp_fte_units", scale=FTE_UNITS)
    residents_all = Measure(RESIDENTS)
    return [
        IndicatorSpec("gp_fte_per_1000", fte, residents_all, "per_1000", counts_people=False),
        IndicatorSpec("listed_per_gp_fte", Measure("listed_persons"), fte, "ratio"),
        IndicatorSpec("closed_list_share", Measure("closed_list"), residents_all, "share"),
        IndicatorSpec("public_clinic_share", Measure("public_clinic"), residents_all, "share"),
        IndicatorSpec("unlisted_share", Measure("unlisted"), residents_all, "share"),
    ]
