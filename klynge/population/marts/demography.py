"""Population flows in year Y: deaths, moves out of and into a municipality, and births.

Everything is read off two days, Y-01-01 and Y+1-01-01: who is alive, and where each
person lives (at most one residence row covers a day; none: nowhere in the data set).
What happens between them does not count: a person moving twice in the year (m1 → m2 →
m3) moves out of m1 and into m3, and one who moves away and back is no migrant.

- ``deaths``: residents on Y-01-01 (alive that day) who die in Y, placed where they lived.
- ``out_migrations``: residents of m on Y-01-01, alive on Y+1-01-01 and then living in
  another municipality or nowhere in the data set; placed in m.
- ``in_migrations``: persons alive on both days who live in m on Y+1-01-01 and lived
  elsewhere or nowhere on Y-01-01; placed in m (the later residence).
- ``births``: persons born in Y, alive and resident on Y+1-01-01, placed there.

Age is the age on Y-01-01 (births: 0). Collaboration and country rows are sums of
municipalities', so a move between two municipalities of one collaboration is both an
out- and an in-migration of that collaboration; in − out is its net migration exactly.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from klynge.population.engines import materialise
from klynge.population.marts.population import RESIDENTS
from klynge.population.marts.spec import IndicatorSpec, MartInputs, Measure, cube
from klynge.population.stages.ages import age_on
from klynge.population.stages.residence import covers

FLOW_BREAKDOWNS = ("total", "sex", "age5", "age5_sex")
BIRTH_BREAKDOWNS = ("total", "sex")
FLOWS = ("deaths", "out_migrations", "in_migrations")
BIRTHS = "births"
MOTHERS = Measure(RESIDENTS, min_age=15, max_age=49, sex="F")


def _living_on(residence: ir.Table, day: dt.date, person: str, place: str) -> ir.Table:
    """(``person``, ``place``): who lives where on ``day``."""
    living = residence.filter(covers(residence, day))
    return living.select(**{person: living.person_id, place: living.municipality_code})


def flows(inputs: MartInputs) -> ir.Table:
    """Persons alive on Y-01-01 or born in Y, one row each: person_id, sex, education
    (``unknown`` if null), age on Y-01-01, ``home`` and ``next_home`` (the municipality
    on Y-01-01 and on Y+1-01-01, null: nowhere), ``born`` (1: born in Y, which includes
    Y-01-01), ``alive_next`` (1: alive on Y+1-01-01)."""
    first, following = inputs.first_day, dt.date(inputs.year + 1, 1, 1)
    start, end = ibis.date(first.year, 1, 1), ibis.date(following.year, 1, 1)
    persons = inputs.tables["persons"]
    people = persons.filter(
        persons.birth_date < end, persons.death_date.isnull() | (persons.death_date >= start)
    )
    residence = inputs.tables["residence"]
    now = _living_on(residence, first, "now_person", "home")
    later = _living_on(residence, following, "later_person", "next_home")
    joined = people.left_join(now, people.person_id == now.now_person).left_join(
        later, people.person_id == later.later_person
    )
    return joined.select(
        "person_id",
        "sex",
        "home",
        "next_home",
        education=joined.education.fill_null("unknown"),
        age=age_on(joined.birth_date, first),
        born=(joined.birth_date >= start).ifelse(1, 0),
        alive_now=(joined.birth_date <= start).ifelse(1, 0),
        alive_next=(joined.death_date.isnull() | (joined.death_date >= end)).ifelse(1, 0),
    )


def _placed(table: ir.Table, place: str, **columns: ir.Value) -> ir.Table:
    return table.select(
        "sex", "education", municipality_code=table[place], age=columns.get("age", table.age)
    )


def events(inputs: MartInputs) -> dict[str, ir.Table]:
    """Each flow's persons, placed: municipality_code, sex, age, education."""
    f = flows(inputs)
    alive_now, alive_next = f.alive_now == 1, f.alive_next == 1
    both = alive_now & alive_next
    moved_out = f.next_home.isnull() | (f.next_home != f.home)
    moved_in = f.home.isnull() | (f.home != f.next_home)
    found = f.mutate(
        death=(alive_now & f.home.notnull() & ~alive_next).ifelse(1, 0),
        moved_out=(both & f.home.notnull() & moved_out).ifelse(1, 0),
        moved_in=(both & f.next_home.notnull() & moved_in).ifelse(1, 0),
        birth=((f.born == 1) & alive_next & f.next_home.notnull()).ifelse(1, 0),
    )
    # The persons with an event, computed once for the four cubes (Spark would
    # compute the flows per cube).
    e = materialise(found.filter(found.death + found.moved_out + found.moved_in + found.birth > 0))
    return {
        "deaths": _placed(e.filter(e.death == 1), "home"),
        "out_migrations": _placed(e.filter(e.moved_out == 1), "home"),
        "in_migrations": _placed(e.filter(e.moved_in == 1), "next_home"),
        BIRTHS: _placed(e.filter(e.birth == 1), "next_home", age=ibis.literal(0, "int64")),
    }


def cubes(inputs: MartInputs) -> list[ir.Table]:
    return [cube(table, name) for name, table in events(inputs).items()]


def indicators() -> list[IndicatorSpec]:
    residents = Measure(RESIDENTS)
    flows_ = [
        IndicatorSpec(name, Measure(name), residents, "per_1000", FLOW_BREAKDOWNS)
        for name in FLOWS
    ]
    births = IndicatorSpec(BIRTHS, Measure(BIRTHS), MOTHERS, "per_1000", BIRTH_BREAKDOWNS)
    return [*flows_, births]
