"""Synthetic GP capacity, listings, GP contacts and municipal care, as column dicts."""

from __future__ import annotations

from datetime import date

import numpy as np

from klynge.population.synthetic.people import NONE, People
from klynge.population.synthetic.world import World, day_number

Columns = dict[str, np.ndarray]


def capacity(rng: np.random.Generator, world: World) -> Columns:
    """Half-yearly periods per practice; the last one open-ended."""
    starts = [
        day_number(date(y, m, 1))
        for y in range(world.first_year, world.last_year + 1)
        for m in (1, 7)
    ]
    bounds = np.array(starts + [NONE], dtype=np.int64)
    practices, periods = len(world.practice_fte), len(starts)
    practice = np.repeat(np.arange(practices), periods)
    period = np.tile(np.arange(periods), practices)
    noise = rng.normal(0.0, 0.1, practices * periods)
    fte = np.maximum(np.round(world.practice_fte[practice] * (1 + noise), 1), 0.1)
    closedness = np.where(world.is_city[world.practice_muni], 0.2, 0.35)[practice]
    tendency = rng.random(practices)[practice]
    closed = (tendency < closedness) ^ (rng.random(len(practice)) < 0.1)
    return {
        "practice": practice,
        "valid_from": bounds[period],
        "valid_to": bounds[period + 1],
        "gp_fte": fte,
        "list_open": ~closed,
    }


def listings(rng: np.random.Generator, world: World, people: People) -> Columns:
    """One listing per residence slot (a new practice after a move, sometimes after a gap)."""
    n = len(people)
    unlisted = rng.random(n) < np.where((people.age >= 18) & (people.age < 30), 0.06, 0.02)
    rows, froms, tos, practices = [], [], [], []
    for slot in range(3):
        starts = people.moved[:, slot]
        ends = _slot_end(people, slot)
        has = (people.muni[:, slot] != NONE) & ~unlisted
        gap = np.where(ends == NONE, 10_000, ends - starts)
        lag = np.where((slot > 0) & (rng.random(n) < 0.5), rng.integers(0, 30, n), 0)
        lag = np.minimum(lag, np.maximum(gap - 1, 0))
        chosen = np.flatnonzero(has)
        rows.append(chosen)
        froms.append((starts + lag)[chosen])
        tos.append(ends[chosen])
        practices.append(world.pick_practice(rng, people.muni[chosen, slot]))
    return _by_person(
        {
            "person": np.concatenate(rows),
            "practice": np.concatenate(practices),
            "valid_from": np.concatenate(froms),
            "valid_to": np.concatenate(tos),
        }
    )


def residence(people: People) -> Columns:
    rows, froms, tos, munis = [], [], [], []
    for slot in range(3):
        chosen = np.flatnonzero(people.muni[:, slot] != NONE)
        rows.append(chosen)
        froms.append(people.moved[chosen, slot])
        tos.append(_slot_end(people, slot)[chosen])
        munis.append(people.muni[chosen, slot])
    return _by_person(
        {
            "person": np.concatenate(rows),
            "muni": np.concatenate(munis),
            "valid_from": np.concatenate(froms),
            "valid_to": np.concatenate(tos),
        }
    )


def _slot_end(people: People, slot: int) -> np.ndarray:
    """Where a residence slot ends: the next move, else emigration, else open (NONE)."""
    end = people.left.copy()
    for later in range(2, slot, -1):
        end = np.where(people.moved[:, later] != NONE, people.moved[:, later], end)
    return end


def _by_person(columns: Columns) -> Columns:
    order = np.argsort(columns["person"], kind="stable")
    return {name: values[order] for name, values in columns.items()}


def gp_contacts(
    rng: np.random.Generator, world: World, people: People, listing: Columns
) -> Columns:
    """A modest number of GP contacts, with the practice the person is listed with."""
    entry, exit_ = people.entry_day(world.first_day), people.exit_day(world.end_day)
    years = np.maximum(exit_ - entry, 0) / 365.25
    rate = 0.12 + 0.004 * people.age
    listed = np.zeros(len(people), dtype=bool)
    listed[listing["person"]] = True
    counts = np.where(listed, rng.poisson(rate * years), 0)
    person = np.repeat(np.arange(len(people)), counts)
    day = entry[person] + (rng.random(len(person)) * (exit_ - entry)[person]).astype(np.int64)
    practice = _listed_practice(listing, person, day)
    keep = practice != NONE
    kinds = rng.choice(6, size=len(person), p=[0.55, 0.2, 0.05, 0.12, 0.03, 0.05])
    return {
        "person": person[keep],
        "practice": practice[keep],
        "day": day[keep],
        "kind": kinds[keep],
    }


def _listed_practice(listing: Columns, person: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The practice each (person, day) is listed with, or NONE (vectorised interval lookup)."""
    order = np.lexsort((listing["valid_from"], listing["person"]))
    owners, starts = listing["person"][order], listing["valid_from"][order]
    key = owners.astype(np.float64) * 1e6 + starts
    position = np.searchsorted(key, person.astype(np.float64) * 1e6 + day, side="right") - 1
    position = np.maximum(position, 0)
    hit = (owners[position] == person) & (starts[position] <= day)
    ends = listing["valid_to"][order][position]
    hit &= (ends == NONE) | (day < ends)
    return np.where(hit, listing["practice"][order][position], NONE)


CARE_AGES = (65, 75, 85, 95)
CARE = (  # service index, min age, probability of a period at each of CARE_AGES
    # Home care rises steeply after 75: few of the 65-79 but about a third of the 80+ get it.
    (0, 65, (0.02, 0.10, 0.47, 0.80)),  # home_care
    (1, 65, (0.03, 0.063, 0.103, 0.15)),  # home_nursing
    (2, 80, (0.00, 0.027, 0.093, 0.20)),  # nursing_home
    (3, 65, (0.02, 0.033, 0.04, 0.04)),  # rehabilitation
)


def municipal_care(rng: np.random.Generator, world: World, people: People) -> Columns:
    """Care rising with age; periods may start before the data years and end or stay open."""
    parts: list[Columns] = []
    entry, exit_ = people.moved[:, 0], people.exit_day(world.end_day)
    for service, min_age, chances in CARE:
        p = np.interp(people.age, CARE_AGES, chances) * (people.age >= min_age)
        chosen = np.flatnonzero(rng.random(len(people)) < p)
        lo = np.maximum(entry[chosen], world.first_day - 3 * 365)
        hi = exit_[chosen]
        ok = hi > lo + 1
        chosen, lo, hi = chosen[ok], lo[ok], hi[ok]
        start = lo + (rng.random(len(chosen)) * (hi - lo - 1)).astype(np.int64)
        length = (
            rng.integers(28, 90, len(chosen))
            if service == 3
            else rng.integers(30, 900, len(chosen))
        )
        ends = rng.random(len(chosen)) < (1.0 if service == 3 else 0.35)
        end = np.where(ends, np.minimum(start + length, hi), NONE)
        end = np.where((end == NONE) & (people.death[chosen] != NONE), hi, end)
        hours = np.round(rng.gamma(2.0, 2.5, len(chosen)) * 2) / 2
        hours = np.where(service == 2, np.nan, hours)
        muni = people.municipality_on(start, chosen)
        parts.append(
            {
                "person": chosen,
                "muni": muni,
                "service": np.full(len(chosen), service),
                "valid_from": start,
                "valid_to": end,
                "hours": hours,
            }
        )
    return _by_person({k: np.concatenate([p[k] for p in parts]) for k in parts[0]})
