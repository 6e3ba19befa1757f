"""Synthetic hospital contacts and their diagnoses.

Contacts are drawn per person from age-dependent yearly rates, then derived contacts
are added: transfers (a second stay starting within 4 hours of the first's end),
readmissions, terminal admissions of persons who die, and ties (two contacts of one
person with the same start). Diagnoses follow: one main per contact (a few outpatient
contacts have none), secondaries rising with age, chronic conditions per person.
"""

from __future__ import annotations

import numpy as np

from klynge.population.synthetic import codes
from klynge.population.synthetic.people import NONE, People
from klynge.population.synthetic.world import DAY_US, HOUR_US, World

Columns = dict[str, np.ndarray]
INPATIENT, OUTPATIENT, EMERGENCY = 0, 1, 2
ACUTE, PLANNED = 0, 1
SOMATIC, PSYCHIATRIC = 0, 1
HOME, MUNICIPAL_CARE, OTHER_HOSPITAL, DIED = 0, 1, 2, 3
MINUTE_US = 60_000_000
READMITTED = 0.27  # acute inpatient contacts at 65+ followed by a readmission


def contacts(rng: np.random.Generator, world: World, people: People) -> Columns:
    base = _base_contacts(rng, world, people)
    parts = [
        base,
        _transfers(rng, base),
        _readmissions(rng, base, people),
        _terminal(rng, world, people),
        _ties(rng, base),
    ]
    merged = {key: np.concatenate([part[key] for part in parts]) for key in base}
    merged = _finish(rng, world, people, merged)
    order = np.lexsort((merged["start"], merged["person"]))
    return {key: values[order] for key, values in merged.items()}


def _rates(age: np.ndarray) -> list[np.ndarray]:
    older = np.clip((age - 50) / 40.0, 0.0, 1.0)
    return [
        0.065 + 0.455 * older,  # inpatient
        0.25 + 0.6 * np.clip((age - 40) / 50.0, 0.0, 1.0),  # outpatient
        0.1 + 0.1 * np.clip((age - 60) / 30.0, 0.0, 1.0),
    ]  # emergency


def _base_contacts(rng: np.random.Generator, world: World, people: People) -> Columns:
    entry, exit_ = people.entry_day(world.first_day), people.exit_day(world.end_day)
    years = np.maximum(exit_ - entry, 0) / 365.25
    persons, kinds = [], []
    for number, rate in enumerate(_rates(people.age)):
        counts = rng.poisson(rate * years)
        persons.append(np.repeat(np.arange(len(people)), counts))
        kinds.append(np.full(int(counts.sum()), number))
    person, kind = np.concatenate(persons), np.concatenate(kinds)
    n = len(person)
    acute_share = np.array([0.7, 0.05, 1.0])[kind]
    urgency = np.where(rng.random(n) < acute_share, ACUTE, PLANNED)
    young_adult = (people.age[person] >= 15) & (people.age[person] < 60)
    specialty = np.where(rng.random(n) < np.where(young_adult, 0.06, 0.01), PSYCHIATRIC, SOMATIC)
    day = entry[person] + (rng.random(n) * (exit_ - entry)[person]).astype(np.int64)
    # A few stays begin in the last days before extraction, so some are still open then.
    late = (kind == INPATIENT) & (exit_[person] == world.end_day) & (rng.random(n) < 0.02)
    day = np.where(late, np.maximum(world.end_day - rng.integers(1, 6, n), entry[person]), day)
    start = day * DAY_US + _time_of_day(rng, urgency)
    end = start + _duration(rng, kind)
    return _columns(person, kind, urgency, specialty, start, end)


def _columns(
    person: np.ndarray,
    kind: np.ndarray,
    urgency: np.ndarray,
    specialty: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    discharged: np.ndarray | None = None,
) -> Columns:
    n = len(person)
    return {
        "person": person,
        "kind": kind,
        "urgency": urgency,
        "specialty": specialty,
        "start": start,
        "end": end,
        "ready": np.full(n, NONE, dtype=np.int64),
        "discharged": np.full(n, NONE) if discharged is None else discharged,
    }


def _time_of_day(rng: np.random.Generator, urgency: np.ndarray) -> np.ndarray:
    n = len(urgency)
    acute = rng.integers(0, 24 * 60, n) * MINUTE_US
    planned = (8 * 60 + rng.integers(0, 32, n) * 15) * MINUTE_US
    return np.where(urgency == ACUTE, acute, planned)


def _duration(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    n = len(kind)
    stay_days = np.maximum(rng.lognormal(np.log(2.5), 0.9, n), 0.5)
    short = rng.random(n) < 0.15  # short stays under 12 hours
    inpatient = np.where(short, rng.uniform(2, 11.9, n) * HOUR_US, stay_days * DAY_US)
    outpatient = rng.uniform(0.25, 3, n) * HOUR_US
    emergency = rng.uniform(1, 8, n) * HOUR_US
    minutes = np.select([kind == INPATIENT, kind == OUTPATIENT], [inpatient, outpatient], emergency)
    return (minutes // MINUTE_US).astype(np.int64) * MINUTE_US


def _derived(
    base: Columns, rows: np.ndarray, start: np.ndarray, urgency: np.ndarray, end: np.ndarray
) -> Columns:
    return _columns(
        base["person"][rows],
        np.full(len(rows), INPATIENT),
        urgency,
        base["specialty"][rows],
        start,
        end,
    )


def _transfers(rng: np.random.Generator, base: Columns) -> Columns:
    """A second inpatient contact starting 0–4 hours after the first ends."""
    rows = np.flatnonzero((base["kind"] == INPATIENT) & (rng.random(len(base["kind"])) < 0.04))
    start = base["end"][rows] + rng.integers(0, 4 * 60 + 1, len(rows)) * MINUTE_US
    end = start + _duration(rng, np.full(len(rows), INPATIENT))
    base["discharged"][rows] = OTHER_HOSPITAL
    return _derived(base, rows, start, base["urgency"][rows], end)


def _readmissions(rng: np.random.Generator, base: Columns, people: People) -> Columns:
    old = people.age[base["person"]] >= 65
    candidates = (base["kind"] == INPATIENT) & (base["urgency"] == ACUTE) & old
    rows = np.flatnonzero(candidates & (rng.random(len(old)) < READMITTED))
    start = base["end"][rows] + rng.integers(60, 30 * 24 * 60, len(rows)) * MINUTE_US
    end = start + _duration(rng, np.full(len(rows), INPATIENT))
    return _derived(base, rows, start, np.full(len(rows), ACUTE), end)


def _terminal(rng: np.random.Generator, world: World, people: People) -> Columns:
    """Admissions ending on the day of death: most died in hospital, some were discharged."""
    dead = np.flatnonzero((people.death != NONE) & (rng.random(len(people)) < 0.4))
    n = len(dead)
    death_day = people.death[dead]
    end = death_day * DAY_US + rng.integers(0, 24 * 60 - 1, n) * MINUTE_US
    earliest = np.maximum(people.birth[dead], world.first_day) * DAY_US
    start = np.maximum(
        end - (rng.lognormal(np.log(3.0), 0.8, n) * DAY_US).astype(np.int64), earliest
    )
    start = (start // MINUTE_US) * MINUTE_US
    discharged = np.where(rng.random(n) < 0.8, DIED, MUNICIPAL_CARE)
    return _columns(
        dead, np.full(n, INPATIENT), np.full(n, ACUTE), np.full(n, SOMATIC), start, end, discharged
    )


def _ties(rng: np.random.Generator, base: Columns) -> Columns:
    """Contacts with the same start as another of the same person (tie-breaking by id)."""
    rows = np.flatnonzero(rng.random(len(base["kind"])) < 0.01)
    kind = np.where(base["kind"][rows] == INPATIENT, INPATIENT, OUTPATIENT)
    start = base["start"][rows]
    end = start + _duration(rng, kind)
    return _columns(
        base["person"][rows], kind, base["urgency"][rows], base["specialty"][rows], start, end
    )


def _finish(rng: np.random.Generator, world: World, people: People, c: Columns) -> Columns:
    """Clip to death and extraction, set discharge destinations and ready-for-discharge."""
    death = people.death[c["person"]]
    last_minute = np.where(death != NONE, (death + 1) * DAY_US - MINUTE_US, np.iinfo(np.int64).max)
    keep = (c["start"] <= last_minute) & (c["start"] < world.end_day * DAY_US)
    c = {key: values[keep] for key, values in c.items()}
    last_minute = last_minute[keep]
    died = c["end"] > last_minute
    c["end"] = np.minimum(c["end"], last_minute)
    inpatient = c["kind"] == INPATIENT
    age = people.age[c["person"]]
    default = np.where(
        inpatient & (age >= 75) & (rng.random(len(age)) < 0.15),
        MUNICIPAL_CARE,
        np.where(c["kind"] == OUTPATIENT, NONE, HOME),
    )
    c["discharged"] = np.where(c["discharged"] == NONE, default, c["discharged"])
    c["discharged"] = np.where(died, DIED, c["discharged"])
    _ready(rng, c, age)
    open_ = c["end"] >= world.end_day * DAY_US
    c["end"] = np.where(open_, NONE, c["end"])
    c["ready"] = np.where(open_, NONE, c["ready"])
    c["discharged"] = np.where(open_, NONE, c["discharged"])
    c["hospital"] = _hospitals(rng, world, people, c)
    return c


def _ready(rng: np.random.Generator, c: Columns, age: np.ndarray) -> None:
    """Some elderly somatic stays wait hours to days for municipal care after being ready."""
    length = c["end"] - c["start"]
    eligible = (c["kind"] == INPATIENT) & (c["specialty"] == SOMATIC) & (age >= 65)
    eligible &= (length >= DAY_US) & (c["discharged"] != DIED) & (c["discharged"] != OTHER_HOSPITAL)
    chosen = eligible & (rng.random(len(age)) < 0.25)
    wait = (rng.exponential(36.0, len(age)) * HOUR_US).astype(np.int64)
    wait = np.minimum(wait, length - HOUR_US) // MINUTE_US * MINUTE_US
    c["ready"] = np.where(chosen, c["end"] - wait, NONE)
    c["discharged"] = np.where(chosen, MUNICIPAL_CARE, c["discharged"])


def _hospitals(rng: np.random.Generator, world: World, people: People, c: Columns) -> np.ndarray:
    per_hospital = 4
    count = max(len(world.codes) // per_hospital, 3)
    muni = people.municipality_on(c["start"] // DAY_US, c["person"])
    local = muni * count // len(world.codes)
    other = rng.integers(0, count, len(muni))
    return np.where(rng.random(len(muni)) < 0.1, other, local)


def diagnoses(rng: np.random.Generator, people: People, c: Columns) -> Columns:
    """One main diagnosis per contact (3 % of outpatient contacts have none), and secondaries."""
    n = len(c["person"])
    age = people.age[c["person"]]
    condition = _chronic_condition(people)[c["person"]]
    has = ~((c["kind"] == OUTPATIENT) & (rng.random(n) < 0.03))
    main = _main_codes(rng, c, age, condition)
    secondary_count = np.minimum(rng.poisson(0.2 + 0.015 * age), 4) * has
    sec_contact = np.repeat(np.arange(n), secondary_count)
    # Only a person with a chronic condition gets codes of it; others get general codes.
    sec_condition = condition[sec_contact]
    sec_code = np.where(
        (sec_condition != NONE) & (rng.random(len(sec_contact)) < 0.5),
        codes.chronic_code(rng, np.maximum(sec_condition, 0)),
        codes.pick(rng, codes.GENERAL_IDX, len(sec_contact)),
    )
    chronic_rows = np.flatnonzero(has & (condition != NONE) & (rng.random(n) < 0.5))
    contact = np.concatenate([np.flatnonzero(has), sec_contact, chronic_rows])
    code = np.concatenate([main[has], sec_code, codes.chronic_code(rng, condition[chronic_rows])])
    is_main = np.concatenate(
        [np.ones(int(has.sum()), bool), np.zeros(len(contact) - int(has.sum()), bool)]
    )
    order = np.argsort(contact, kind="stable")
    return {"contact": contact[order], "code": code[order], "main": is_main[order]}


def _chronic_condition(people: People) -> np.ndarray:
    """A chronic condition per person (index into codes.CHRONIC) or NONE; more with age."""
    rng = np.random.default_rng(people.index[:1].tolist() + [len(people), 4_421])
    ill = rng.random(len(people)) < 0.02 + 0.25 * np.clip((people.age - 30) / 60.0, 0.0, 1.0)
    which = rng.choice(
        len(codes.CHRONIC_WEIGHTS),
        size=len(people),
        p=codes.CHRONIC_WEIGHTS / codes.CHRONIC_WEIGHTS.sum(),
    )
    return np.where(ill, which, NONE)


def _main_codes(
    rng: np.random.Generator, c: Columns, age: np.ndarray, condition: np.ndarray
) -> np.ndarray:
    n = len(age)
    older = np.clip((age - 40) / 40.0, 0.0, 1.0)
    acute_old = (c["kind"] == INPATIENT) & (c["urgency"] == ACUTE) & (age >= 65)
    p_prev = np.where(acute_old, 0.25, 0.05)
    p_cancer = 0.03 + 0.1 * older
    p_chronic = 0.08 + 0.12 * older
    u = rng.random(n)
    chronic = np.where(
        condition != NONE,
        codes.chronic_code(rng, np.maximum(condition, 0)),
        codes.pick(rng, codes.GENERAL_IDX, n),
    )
    code = np.select(
        [u < p_prev, u < p_prev + p_cancer, u < p_prev + p_cancer + p_chronic],
        [codes.pick(rng, codes.PREVENTABLE_IDX, n), codes.pick(rng, codes.CANCER_IDX, n), chronic],
        codes.pick(rng, codes.GENERAL_IDX, n),
    )
    return np.where(c["specialty"] == PSYCHIATRIC, codes.pick(rng, codes.PSYCHIATRIC_IDX, n), code)
