"""Each stage on tiny hand-written tables: given rows, expected rows, on every engine."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from klynge.population.stages.ages import age_on
from klynge.population.stages.listings import capacity_on, listing_on
from klynge.population.stages.residence import place_on, residents_on, with_person
from klynge.population.stages.stays import admissions, numbered_contacts, stays

from .builders import contact, d, diagnosis, lives, person, ts

STAY_COLUMNS = ["stay_id", "start_ts", "end_ts", "urgency", "main_diagnosis", "discharged_to"]


def _stays(engine, contacts, diagnoses=()):
    tables = engine.tables(hospital_contacts=contacts, diagnoses=list(diagnoses))
    expr = stays(tables["hospital_contacts"], tables["diagnoses"])
    return [
        {key: row[key] for key in STAY_COLUMNS} for row in engine.rows(expr, order_by=["stay_id"])
    ]


def test_transfers_within_four_hours_merge_into_one_stay(engine):
    result = _stays(
        engine,
        [
            contact(
                "c1", "p1", "2024-03-01 08:00", "2024-03-02 10:00", discharged_to="other_hospital"
            ),
            contact("c2", "p1", "2024-03-02 13:59", "2024-03-04 09:00", urgency="planned"),
            contact(
                "c3", "p1", "2024-03-04 13:00", "2024-03-05 09:00", discharged_to="municipal_care"
            ),
        ],
        [diagnosis("c1", "J189"), diagnosis("c2", "I509")],
    )
    assert result == [
        {
            "stay_id": "c1",
            "start_ts": ts("2024-03-01 08:00"),
            "end_ts": ts("2024-03-05 09:00"),
            "urgency": "acute",
            "main_diagnosis": "J189",
            "discharged_to": "municipal_care",
        }
    ]


def test_exactly_four_hours_joins_and_one_second_more_does_not(engine):
    result = _stays(
        engine,
        [
            contact("c1", "p1", "2024-03-01 08:00", "2024-03-01 20:00"),
            contact("c2", "p1", "2024-03-02 00:00", "2024-03-02 10:00"),
            contact("c3", "p1", "2024-03-02 14:00:01", "2024-03-03 10:00"),
        ],
    )
    assert [(row["stay_id"], row["end_ts"]) for row in result] == [
        ("c1", ts("2024-03-02 10:00")),
        ("c3", ts("2024-03-03 10:00")),
    ]


def test_the_latest_end_so_far_decides_not_the_previous_contact(engine):
    # c2 lies inside c1; c3 starts 3 h after c1's end but 2 days after c2's.
    result = _stays(
        engine,
        [
            contact("c1", "p1", "2024-03-01 08:00", "2024-03-05 08:00"),
            contact("c2", "p1", "2024-03-02 08:00", "2024-03-03 08:00"),
            contact("c3", "p1", "2024-03-05 11:00", "2024-03-06 08:00"),
        ],
    )
    assert [row["stay_id"] for row in result] == ["c1"]


def test_stays_are_per_person_and_specialty(engine):
    result = _stays(
        engine,
        [
            contact("c1", "p1", "2024-03-01 08:00", "2024-03-02 08:00"),
            contact("c2", "p1", "2024-03-02 09:00", "2024-03-03 08:00", specialty="psychiatric"),
            contact("c3", "p2", "2024-03-02 09:00", "2024-03-03 08:00"),
            contact("c4", "p1", "2024-03-02 09:00", "2024-03-03 08:00", kind="outpatient"),
        ],
    )
    assert [row["stay_id"] for row in result] == ["c1", "c2", "c3"]


def test_an_open_contact_leaves_the_stay_open_and_later_contacts_join_it(engine):
    result = _stays(
        engine,
        [
            contact("c1", "p1", "2024-03-01 08:00", "2024-03-01 12:00"),
            contact("c2", "p1", "2024-03-01 14:00", None, discharged_to=None),
            contact("c3", "p1", "2024-03-09 08:00", "2024-03-10 08:00", discharged_to="home"),
        ],
    )
    assert result == [
        {
            "stay_id": "c1",
            "start_ts": ts("2024-03-01 08:00"),
            "end_ts": None,
            "urgency": "acute",
            "main_diagnosis": None,
            "discharged_to": None,
        }
    ]


def test_equal_start_times_are_ordered_by_contact_id(engine):
    result = _stays(
        engine,
        [
            contact("c2", "p1", "2024-03-01 08:00", "2024-03-02 08:00", urgency="acute"),
            contact(
                "c1",
                "p1",
                "2024-03-01 08:00",
                "2024-03-02 08:00",
                urgency="planned",
                discharged_to="municipal_care",
            ),
        ],
        [diagnosis("c1", "E119"), diagnosis("c2", "J189")],
    )
    # c1 is first (urgency, diagnosis); both end together, so c2 (higher id) discharges.
    assert result == [
        {
            "stay_id": "c1",
            "start_ts": ts("2024-03-01 08:00"),
            "end_ts": ts("2024-03-02 08:00"),
            "urgency": "planned",
            "main_diagnosis": "E119",
            "discharged_to": "home",
        }
    ]


def test_discharge_comes_from_the_contact_that_ends_last(engine):
    result = _stays(
        engine,
        [
            contact("c1", "p1", "2024-03-01 08:00", "2024-03-06 08:00", discharged_to="died"),
            contact("c2", "p1", "2024-03-02 08:00", "2024-03-03 08:00", discharged_to="home"),
        ],
    )
    assert result[0]["discharged_to"] == "died"


def test_an_empty_discharge_or_end_of_the_last_contact_stays_empty(engine):
    """The contact that ended last has no discharge, or is still open: the stay's
    discharge (and end) is empty, not taken from an earlier contact (Spark's windowed
    first() skips nulls as Ibis writes it)."""
    result = _stays(
        engine,
        [
            contact("c1", "p1", "2024-03-01 08:00", "2024-03-06 08:00", discharged_to=None),
            contact("c2", "p1", "2024-03-02 08:00", "2024-03-03 08:00", discharged_to="home"),
            contact("o1", "p2", "2024-03-01 08:00", "2024-03-02 08:00", discharged_to="home"),
            contact("o2", "p2", "2024-03-02 10:00", None, discharged_to=None),
        ],
    )
    assert [(r["stay_id"], r["discharged_to"], r["end_ts"]) for r in result] == [
        ("c1", None, ts("2024-03-06 08:00")),
        ("o1", None, None),
    ]


def test_admissions_are_stays_of_twelve_hours_or_open(engine):
    tables = engine.tables(
        hospital_contacts=[
            contact("short", "p1", "2024-03-01 08:00", "2024-03-01 19:59:59"),
            contact("twelve", "p2", "2024-03-01 08:00", "2024-03-01 20:00"),
            contact("open", "p3", "2024-03-01 08:00", None),
            # two short contacts 3 h apart make one 13-hour stay
            contact("a", "p4", "2024-03-01 08:00", "2024-03-01 10:00"),
            contact("b", "p4", "2024-03-01 13:00", "2024-03-01 21:00"),
        ],
        diagnoses=[],
    )
    expr = admissions(stays(tables["hospital_contacts"], tables["diagnoses"]))
    assert [row["stay_id"] for row in engine.rows(expr.select("stay_id"))] == [
        "a",
        "open",
        "twelve",
    ]


def test_numbered_contacts_flag_stay_starts(engine):
    tables = engine.tables(
        hospital_contacts=[
            contact("c1", "p1", "2024-03-01 08:00", "2024-03-01 10:00"),
            contact("c2", "p1", "2024-03-01 15:00", "2024-03-01 16:00"),
            contact("c3", "p1", "2024-03-01 16:00", "2024-03-01 17:00"),
        ]
    )
    expr = numbered_contacts(tables["hospital_contacts"]).select(
        "contact_id", "starts_stay", "stay_number"
    )
    assert engine.rows(expr) == [
        {"contact_id": "c1", "starts_stay": 1, "stay_number": 1},
        {"contact_id": "c2", "starts_stay": 1, "stay_number": 2},
        {"contact_id": "c3", "starts_stay": 0, "stay_number": 2},
    ]


def test_ages_in_completed_years_with_leap_day_births(engine):
    births = engine.table(
        "persons",
        [
            person("leap", "1960-02-29"),
            person("march", "1960-03-01"),
            person("dec", "1959-12-31"),
        ],
    )
    expr = births.select(
        "person_id",
        feb28=age_on(births.birth_date, dt.date(2025, 2, 28)),
        mar1=age_on(births.birth_date, dt.date(2025, 3, 1)),
        leap_day=age_on(births.birth_date, dt.date(2024, 2, 29)),
    )
    assert engine.rows(expr) == [
        {"person_id": "dec", "feb28": 65, "mar1": 65, "leap_day": 64},
        {"person_id": "leap", "feb28": 64, "mar1": 65, "leap_day": 64},
        {"person_id": "march", "feb28": 64, "mar1": 65, "leap_day": 63},
    ]


def test_residents_on_a_day(engine):
    tables = engine.tables(
        persons=[
            person("stays", "1950-06-01", education="high"),
            person("moves", "1950-06-01", sex="M"),
            person("dies_today", "1950-06-01", death="2024-01-01"),
            person("died_before", "1950-06-01", death="2023-12-31"),
            person("born_after", "2024-01-02"),
            person("homeless", "1950-06-01"),
        ],
        residence=[
            lives("stays", "0101", "2000-01-01"),
            lives("moves", "0101", "2000-01-01", "2024-01-01"),
            lives("moves", "0147", "2024-01-01"),
            lives("dies_today", "0101", "2000-01-01"),
            lives("died_before", "0101", "2000-01-01"),
            lives("born_after", "0101", "2024-01-02"),
            lives("homeless", "0101", "2000-01-01", "2023-06-01"),
        ],
    )
    expr = residents_on(tables["persons"], tables["residence"], dt.date(2024, 1, 1))
    assert engine.rows(expr) == [
        {
            "person_id": "dies_today",
            "municipality_code": "0101",
            "sex": "F",
            "age": 73,
            "education": "unknown",
        },
        {
            "person_id": "moves",
            "municipality_code": "0147",
            "sex": "M",
            "age": 73,
            "education": "unknown",
        },
        {
            "person_id": "stays",
            "municipality_code": "0101",
            "sex": "F",
            "age": 73,
            "education": "high",
        },
    ]


def test_events_are_placed_by_residence_on_their_day(engine):
    tables = engine.tables(
        persons=[person("p1", "1950-03-01")],
        residence=[
            lives("p1", "0101", "2000-01-01", "2024-05-01"),
            lives("p1", "0147", "2024-05-01"),
        ],
    )
    events = engine.load(
        pa.table(
            {
                "person_id": ["p1", "p1", "p1"],
                "event": ["a", "b", "c"],
                "day": [d("2024-04-30"), d("2024-05-01"), d("1999-12-31")],
            }
        )
    )
    placed = with_person(place_on(events, tables["residence"], "day"), tables["persons"], "day")
    assert engine.rows(placed.select("event", "municipality_code", "age")) == [
        {"event": "a", "municipality_code": "0101", "age": 74},
        {"event": "b", "municipality_code": "0147", "age": 74},
    ]


def test_listing_and_capacity_on_a_day(engine):
    tables = engine.tables(
        gp_practices=[
            {"practice_id": "A", "municipality_code": "0101", "kind": "practice"},
            {"practice_id": "B", "municipality_code": "0147", "kind": "regional_clinic"},
        ],
        gp_capacity=[
            {
                "practice_id": "A",
                "valid_from": d("2023-07-01"),
                "valid_to": d("2024-01-01"),
                "gp_fte": 1.0,
                "list_open": True,
            },
            {
                "practice_id": "A",
                "valid_from": d("2024-01-01"),
                "valid_to": None,
                "gp_fte": 2.5,
                "list_open": False,
            },
        ],
        gp_listing=[
            {
                "person_id": "p1",
                "practice_id": "A",
                "valid_from": d("2020-01-01"),
                "valid_to": d("2024-01-01"),
            },
            {
                "person_id": "p1",
                "practice_id": "B",
                "valid_from": d("2024-01-01"),
                "valid_to": None,
            },
            {
                "person_id": "p2",
                "practice_id": "A",
                "valid_from": d("2020-01-01"),
                "valid_to": d("2023-01-01"),
            },
        ],
    )
    day = dt.date(2024, 1, 1)
    assert engine.rows(listing_on(tables["gp_listing"], day)) == [
        {"person_id": "p1", "practice_id": "B"}
    ]
    capacity = capacity_on(tables["gp_practices"], tables["gp_capacity"], day)
    assert engine.rows(capacity) == [
        {
            "practice_id": "A",
            "municipality_code": "0101",
            "kind": "practice",
            "gp_fte": 2.5,
            "list_open": False,
        },
        {
            "practice_id": "B",
            "municipality_code": "0147",
            "kind": "regional_clinic",
            "gp_fte": None,
            "list_open": None,
        },
    ]
