"""Ages in completed years, computed from year, month and day parts.

Engines disagree on date differences (DuckDB's ``date_diff``, Spark's
``months_between`` and PostgreSQL's ``age`` round differently), so the age is built
from the parts alone: ``year(d) - year(birth)``, minus one if ``(month, day)`` of d
comes before that of the birth date. A 29 February birth therefore turns a year
older on 1 March in a year without 29 February.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir


def as_date(day: dt.date | ir.DateValue) -> ir.DateValue:
    """A date expression for a Python date or a date column."""
    if isinstance(day, dt.date):
        return ibis.date(day.year, day.month, day.day)
    return day


def age_on(birth_date: ir.DateValue, day: dt.date | ir.DateValue) -> ir.IntegerValue:
    """Completed years on ``day`` of a person born on ``birth_date``."""
    day = as_date(day)
    day_of_year = day.month().cast("int64") * 100 + day.day().cast("int64")
    birthday = birth_date.month().cast("int64") * 100 + birth_date.day().cast("int64")
    not_yet = (day_of_year < birthday).ifelse(1, 0)
    return day.year().cast("int64") - birth_date.year().cast("int64") - not_yet


def alive_on(persons: ir.Table, day: dt.date | ir.DateValue) -> ir.BooleanValue:
    """Born on or before ``day`` and not dead before it (dying on the day counts as alive)."""
    day = as_date(day)
    return (persons.birth_date <= day) & (persons.death_date.isnull() | (persons.death_date >= day))
