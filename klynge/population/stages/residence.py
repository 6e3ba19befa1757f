"""Where people live on a day: residents of a fixed day, and events placed by residence.

A person is resident of municipality m on day d when a residence row has
``valid_from <= d < valid_to`` (``valid_to`` null: still living there). A person with
no such row on d lives nowhere in the data set on d and is counted in no geography.
"""

from __future__ import annotations

import datetime as dt

import ibis.expr.types as ir

from klynge.population.stages.ages import age_on, alive_on, as_date


def covers(table: ir.Table, day: dt.date | ir.DateValue) -> ir.BooleanValue:
    """``valid_from <= day < valid_to`` (an open ``valid_to`` covers every later day)."""
    day = as_date(day)
    return (table.valid_from <= day) & (table.valid_to.isnull() | (table.valid_to > day))


def residents_on(persons: ir.Table, residence: ir.Table, day: dt.date) -> ir.Table:
    """Residents alive on ``day``: person_id, municipality_code, sex, age, education.

    Education is ``unknown`` where the data set has none.
    """
    alive = persons.filter(alive_on(persons, day))
    living = residence.filter(covers(residence, day)).select("person_id", "municipality_code")
    joined = alive.join(living, "person_id")
    return joined.select(
        "person_id",
        "municipality_code",
        "sex",
        age=age_on(joined.birth_date, day),
        education=joined.education.fill_null("unknown"),
    )


def place_on(events: ir.Table, residence: ir.Table, day_column: str) -> ir.Table:
    """``events`` with the ``municipality_code`` of the person's residence on ``day_column``.

    Events of a person with no residence that day are dropped (counted nowhere).
    """
    living = residence.select(
        residence_person=residence.person_id,
        municipality_code=residence.municipality_code,
        valid_from=residence.valid_from,
        valid_to=residence.valid_to,
    )
    day = events[day_column]
    joined = events.join(
        living,
        [
            events.person_id == living.residence_person,
            living.valid_from <= day,
            living.valid_to.isnull() | (living.valid_to > day),
        ],
    )
    return joined.drop("residence_person", "valid_from", "valid_to")


def with_person(events: ir.Table, persons: ir.Table, day_column: str) -> ir.Table:
    """``events`` with the person's sex, education (``unknown`` if null), death date and
    age on ``day_column``."""
    people = persons.select(
        person_key=persons.person_id,
        sex=persons.sex,
        education=persons.education.fill_null("unknown"),
        birth_date=persons.birth_date,
        death_date=persons.death_date,
    )
    joined = events.join(people, events.person_id == people.person_key)
    return joined.mutate(age=age_on(joined.birth_date, joined[day_column])).drop(
        "person_key", "birth_date"
    )
