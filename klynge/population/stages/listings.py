"""GP listings and practice capacity on a day."""

from __future__ import annotations

import datetime as dt

import ibis.expr.types as ir

from klynge.population.stages.residence import covers


def listing_on(listing: ir.Table, day: dt.date) -> ir.Table:
    """Who is listed with which practice on ``day``: person_id, practice_id."""
    return listing.filter(covers(listing, day)).select("person_id", "practice_id")


def capacity_on(practices: ir.Table, capacity: ir.Table, day: dt.date) -> ir.Table:
    """Every practice with its capacity on ``day``.

    Columns: practice_id, municipality_code, kind, gp_fte (null without a capacity row
    covering the day), list_open (null likewise).
    """
    current = capacity.filter(covers(capacity, day)).select(
        capacity_practice=capacity.practice_id,
        gp_fte=capacity.gp_fte,
        list_open=capacity.list_open,
    )
    joined = practices.left_join(current, practices.practice_id == current.capacity_practice)
    return joined.select("practice_id", "municipality_code", "kind", "gp_fte", "list_open")
