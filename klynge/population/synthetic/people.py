"""Synthetic persons: births, sex, deaths, education, moves and GP listings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from klynge.population.synthetic.world import World, day_number

NONE = -1
MAX_AGE = 104
MORTALITY_A, MORTALITY_B = 3e-6, 0.12


@dataclass
class People:
    """One chunk of persons; every array has one element per person."""

    index: np.ndarray  # global person number
    birth: np.ndarray  # day numbers
    female: np.ndarray
    death: np.ndarray  # day number or NONE
    education: np.ndarray  # 0 low, 1 medium, 2 high, NONE unknown
    muni: np.ndarray  # municipality per residence slot, shape (n, 3); NONE if unused
    moved: np.ndarray  # day a slot starts, shape (n, 3); slot 0 starts at arrival
    left: np.ndarray  # day the last residence ends (emigration) or NONE
    age: np.ndarray  # completed years at the start of the last year (approximate)

    def __len__(self) -> int:
        return len(self.index)

    def exit_day(self, end_day: int) -> np.ndarray:
        """The day after which a person generates no more events (death, emigration, end)."""
        out = np.full(len(self), end_day, dtype=np.int64)
        out = np.where(self.death != NONE, np.minimum(out, self.death + 1), out)
        return np.where(self.left != NONE, np.minimum(out, self.left), out)

    def entry_day(self, first_day: int) -> np.ndarray:
        return np.maximum(self.birth, first_day)

    def municipality_on(self, day: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Municipality index of persons ``rows`` on ``day`` (their residence then)."""
        slot = (day >= self.moved[rows, 1]) & (self.moved[rows, 1] != NONE)
        slot2 = (day >= self.moved[rows, 2]) & (self.moved[rows, 2] != NONE)
        which = np.where(slot2, 2, np.where(slot, 1, 0))
        return self.muni[rows, which]


def age_weights(is_city: bool) -> np.ndarray:
    """Relative numbers by age 0..MAX_AGE: cities younger, rural areas older."""
    ages = np.arange(MAX_AGE + 1)
    survival = np.exp(-((ages / 89.0) ** 9))
    # Smaller recent birth cohorts: fewer children than a flat pyramid would have.
    survival = survival * np.where(ages < 15, 0.9, 1.0)
    bump = (
        np.where((ages >= 20) & (ages < 40), 1.7, 1.0)
        if is_city
        else np.where(
            (ages >= 50) & (ages < 80), 1.35, np.where((ages >= 20) & (ages < 35), 0.7, 1.0)
        )
    )
    weights = survival * bump
    # Age 0 holds two birth cohorts: half are born in the year before the last, half in
    # the last year (see _births), so it gets twice the weight: a whole year of births
    # in each of those years, as in every earlier one.
    weights[0] *= 2
    return weights / weights.sum()


def make_people(rng: np.random.Generator, world: World, start: int, n: int) -> People:
    muni0 = rng.choice(len(world.weights), size=n, p=world.weights)
    city = world.is_city[muni0]
    age = np.empty(n, dtype=np.int64)
    for flag in (True, False):
        chosen = city == flag
        age[chosen] = rng.choice(MAX_AGE + 1, size=int(chosen.sum()), p=age_weights(flag))
    birth = _births(rng, world, age)
    female = rng.random(n) < 0.5 + 0.15 * np.clip((age - 70) / 30.0, 0.0, 1.0)
    death = _deaths(rng, world, birth, age, female)
    muni, moved, left = _moves(rng, world, birth, death, age, muni0)
    education = _education(rng, age)
    index = np.arange(start, start + n, dtype=np.int64)
    return People(index, birth, female, death, education, muni, moved, left, age)


def _births(rng: np.random.Generator, world: World, age: np.ndarray) -> np.ndarray:
    reference = day_number(date(world.last_year, 1, 1))
    birth = reference - (age * 365.25 + rng.random(len(age)) * 365.25).astype(np.int64)
    # Born during the last year: some of the youngest are born after the reference day.
    newborn = (age == 0) & (rng.random(len(age)) < 0.5)
    birth[newborn] = reference + rng.integers(0, 365, int(newborn.sum()))
    birth = np.minimum(birth, world.end_day - 1)
    return _some_leap_day_births(rng, birth)


def _some_leap_day_births(rng: np.random.Generator, birth: np.ndarray) -> np.ndarray:
    """Move 0.3 % of births to 29 February of a nearby leap year (an edge case for ages)."""
    chosen = np.flatnonzero(rng.random(len(birth)) < 0.003)
    years = birth[chosen].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    leap = years - years % 4
    leap = np.where((leap % 100 == 0) & (leap % 400 != 0), leap - 4, leap)
    days = (
        np.array(leap - 1970, dtype="datetime64[Y]").astype("datetime64[D]")
        + np.timedelta64(59, "D")
    ).astype(np.int64)
    birth[chosen] = np.minimum(days, birth[chosen])
    return birth


def _deaths(
    rng: np.random.Generator, world: World, birth: np.ndarray, age: np.ndarray, female: np.ndarray
) -> np.ndarray:
    """Gompertz-like annual hazard, higher for men; deaths fall within the data years."""
    hazard = np.minimum(MORTALITY_A * np.exp(MORTALITY_B * age) * np.where(female, 0.8, 1.0), 0.35)
    start = np.maximum(birth, world.first_day)
    years = (world.end_day - start) / 365.25
    dies = rng.random(len(age)) < 1 - (1 - hazard) ** years
    when = start + (rng.random(len(age)) * (world.end_day - start)).astype(np.int64)
    return np.where(dies, np.minimum(when, world.end_day - 1), NONE)


def _education(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    low = np.clip(0.15 + 0.005 * (age - 25), 0.12, 0.5)
    high = np.clip(0.45 - 0.004 * (age - 25), 0.15, 0.45)
    u = rng.random(len(age))
    level = np.where(u < low, 0, np.where(u < 1 - high, 1, 2)).astype(np.int8)
    young = age < 25
    level[young] = np.where(rng.random(int(young.sum())) < 0.6, NONE, np.minimum(level[young], 1))
    level[(age >= 25) & (rng.random(len(age)) < 0.03)] = NONE  # unknown for a few adults
    level[age < 16] = NONE
    return level


def _moves(
    rng: np.random.Generator,
    world: World,
    birth: np.ndarray,
    death: np.ndarray,
    age: np.ndarray,
    muni0: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Up to two moves between municipalities in the data years, and a few emigrations."""
    n = len(age)
    muni = np.full((n, 3), NONE, dtype=np.int64)
    moved = np.full((n, 3), NONE, dtype=np.int64)
    muni[:, 0] = muni0
    # Slot 0 starts at birth or at an arrival some time before the data years.
    arrival = birth + (rng.random(n) * np.maximum(world.first_day - birth, 0)).astype(np.int64)
    moved[:, 0] = np.where(rng.random(n) < 0.3, birth, arrival)
    entry = np.maximum(birth, world.first_day) + 1
    stop = np.where(death != NONE, death, world.end_day)
    mobility = np.where((age >= 18) & (age < 35), 0.35, 0.12)
    for slot in (1, 2):
        chance = mobility if slot == 1 else mobility * 0.25
        begin = entry if slot == 1 else moved[:, 1] + 30
        eligible = (rng.random(n) < chance) & (begin < stop) & (slot == 1 or moved[:, 1] != NONE)
        day = begin + (rng.random(n) * np.maximum(stop - begin, 0)).astype(np.int64)
        target = rng.choice(len(world.weights), size=n, p=world.weights)
        target = np.where(target == muni[:, slot - 1], (target + 1) % len(world.weights), target)
        moved[:, slot] = np.where(eligible, day, NONE)
        muni[:, slot] = np.where(eligible, target, NONE)
    last_start = np.where(
        moved[:, 2] != NONE, moved[:, 2], np.where(moved[:, 1] != NONE, moved[:, 1], entry)
    )
    emigrates = (rng.random(n) < 0.01) & (last_start + 1 < stop)
    left_day = (
        last_start + 1 + (rng.random(n) * np.maximum(stop - last_start - 1, 0)).astype(np.int64)
    )
    left = np.where(emigrates, left_day, NONE)
    return muni, moved, left
