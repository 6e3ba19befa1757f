"""Each indicator family on tiny tables, with numerators and denominators worked out by
hand (DuckDB; test_engine_parity checks the other engines give the same)."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pytest

from klynge.population.pipeline import YearNotCovered, compute_indicators

from .builders import arrow_rows, contact, d, diagnosis, lives, person

YEAR = 2024
MAPPING = pa.table(
    {"municipality_code": ["0101", "0147", "0147"], "collaboration_code": ["east", "east", "west"]}
)
EMPTY = {
    "persons": [],
    "residence": [],
    "gp_practices": [],
    "gp_capacity": [],
    "gp_listing": [],
    "hospital_contacts": [],
    "diagnoses": [],
    "municipal_care": [],
}


def compute(**rows):
    tables = {
        name: ibis.memtable(arrow_rows(name, data)) for name, data in {**EMPTY, **rows}.items()
    }
    return compute_indicators(tables, YEAR, MAPPING).to_pylist()


def row(result, indicator, *, level="country", code=None, group_by="total", group=""):
    found = [
        r
        for r in result
        if r["indicator"] == indicator
        and r["level"] == level
        and r["group_by"] == group_by
        and r["group"] == group
        and (code is None or r["code"] == code)
    ]
    assert len(found) == 1, (indicator, level, code, group_by, group, found)
    return found[0]


def nd(result, indicator, **keys):
    found = row(result, indicator, **keys)
    return found["numerator"], found["denominator"]


def residents(*people):
    """persons and residence rows: (id, birth, sex, municipality, education)."""
    persons = [person(pid, birth, sex, education=edu) for pid, birth, sex, _, edu in people]
    residence = [lives(pid, code, "2000-01-01") for pid, _, _, code, _ in people]
    return {"persons": persons, "residence": residence}


def test_population_by_geography_and_group():
    data = residents(
        ("a", "1959-01-01", "F", "0101", "low"),  # 65 on 1 Jan
        ("b", "1959-01-02", "M", "0101", None),  # 64
        ("c", "1944-02-29", "F", "0147", "high"),  # 79 (leap-day birth)
        ("d", "2010-06-01", "M", "0147", None),  # 13
    )
    data["persons"].append(person("dead", "1950-01-01", death="2023-12-31"))
    data["residence"].append(lives("dead", "0101", "2000-01-01"))
    result = compute(**data)
    assert row(result, "population")["value"] == 4
    assert nd(result, "population", level="municipality", code="0101") == (2, None)
    assert nd(result, "population", level="collaboration", code="east") == (4, None)
    assert nd(result, "population", level="collaboration", code="west") == (2, None)
    assert nd(result, "population", group_by="age_band", group="65-79") == (2, None)
    assert nd(result, "population", group_by="age5", group="60-64") == (1, None)
    assert nd(result, "population", group_by="sex", group="M") == (2, None)
    assert nd(result, "population", group_by="age5", group="90+") == (0, None)
    dependency = row(result, "old_age_dependency")
    assert (dependency["numerator"], dependency["denominator"]) == (2, 1)
    assert dependency["value"] == 200
    # counts and the dependency ratio (two whole counts, not a rate of events): no variance
    assert row(result, "population")["variance"] is None and dependency["variance"] is None
    assert nd(result, "population", group_by="age5_sex", group="65-69/F") == (1, None)
    assert nd(result, "population", group_by="age5_sex", group="75-79/F") == (1, None)
    assert nd(result, "population", group_by="age5_sex", group="10-14/M") == (1, None)
    assert nd(result, "population", group_by="age5_sex", group="65-69/M") == (0, None)


def test_a_year_without_residents_is_refused():
    with pytest.raises(YearNotCovered, match="2024"):
        compute(**residents())


def _admission_world():
    data = residents(
        ("old", "1950-05-01", "F", "0101", "low"),
        ("young", "1959-06-30", "M", "0101", "high"),  # turns 65 on 30 June 2024
        ("mover", "1940-01-01", "F", "0101", None),
    )
    data["residence"][-1] = lives("mover", "0101", "2000-01-01", "2024-05-01")
    data["residence"].append(lives("mover", "0147", "2024-05-01"))
    data["hospital_contacts"] = [
        contact("a1", "old", "2024-02-01 08:00", "2024-02-03 08:00"),  # acute, J18
        contact("a2", "old", "2024-03-01 08:00", "2024-03-01 19:00"),  # under 12 h
        contact("a3", "old", "2024-04-01 08:00", "2024-04-03 08:00", urgency="planned"),
        contact("a4", "old", "2024-05-01 08:00", "2024-05-03 08:00", specialty="psychiatric"),
        contact("a5", "old", "2023-12-31 20:00", "2024-01-02 08:00"),  # starts in 2023
        contact("y1", "young", "2024-06-29 08:00", "2024-07-01 08:00"),  # aged 64 at start
        contact("y2", "young", "2024-07-10 08:00", "2024-07-12 08:00"),  # 65: counts
        contact("m1", "mover", "2024-05-01 00:00", None),  # open, in 0147
    ]
    data["diagnoses"] = [diagnosis("a1", "J189"), diagnosis("y2", "J20"), diagnosis("m1", "I21")]
    return data


def test_acute_and_preventable_admissions():
    result = compute(**_admission_world())
    assert nd(result, "acute_admissions_65") == (3, 2)  # a1, y2, m1; residents 65+: old, mover
    assert nd(result, "acute_admissions_65", level="municipality", code="0147") == (1, 0)
    assert nd(result, "acute_admissions_65", level="municipality", code="0101") == (
        2,
        2,
    )  # the mover lived in 0101 on 1 January
    assert nd(result, "acute_admissions_65", group_by="education", group="high") == (1, 0)
    assert nd(result, "preventable_admissions_65") == (2, 2)  # a1 (J189), y2 (J20)
    assert row(result, "acute_admissions_65")["value"] == 1500


def test_age_standardised_rates_use_the_country_standard():
    data = residents(
        ("f1", "1955-06-01", "F", "0101", "low"),  # 68: band F 65-69
        ("f2", "1955-06-01", "F", "0147", "high"),  # 68
        ("m1", "1940-06-01", "M", "0147", "low"),  # 83: band M 80-84
    )
    data["hospital_contacts"] = [
        contact("c1", "f1", "2024-02-01 08:00", "2024-02-03 08:00"),
        contact("c2", "m1", "2024-02-01 08:00", "2024-02-03 08:00"),
        contact("c3", "m1", "2024-03-01 08:00", "2024-03-03 08:00"),
    ]
    result = compute(**data)
    # weights: F 65-69 = 2/3, M 80-84 = 1/3
    std = row(result, "acute_admissions_65_std", level="municipality", code="0147")
    assert std["numerator"] is None and std["denominator"] is None
    assert std["value"] == pytest.approx(2 / 3 * 0 + 1 / 3 * 2000)
    # Σ w_b² × 1000² × n_b / d_b²: F 65-69 0 of 1, M 80-84 2 of 1
    assert std["variance"] == pytest.approx((1 / 3) ** 2 * 1000**2 * 2 / 1**2)
    low = row(result, "acute_admissions_65_std", group_by="education", group="low")
    assert low["value"] == pytest.approx(2 / 3 * 1000 + 1 / 3 * 2000)
    high = row(result, "acute_admissions_65_std", group_by="education", group="high")
    assert high["value"] == pytest.approx(0)
    assert (
        row(result, "acute_admissions_65_inequality", group_by="education", group="low/high")[
            "value"
        ]
        is None
    )
    assert row(result, "acute_admissions_65_std")["value"] == pytest.approx(
        2 / 3 * 500 + 1 / 3 * 2000
    )
    assert row(result, "acute_admissions_65_std")["variance"] == pytest.approx(
        (2 / 3) ** 2 * 1000**2 * 1 / 2**2 + (1 / 3) ** 2 * 1000**2 * 2 / 1**2
    )
    assert row(result, "acute_admissions_65")["variance"] == pytest.approx(1000**2 * 3 / 3**2)


def test_readmissions_within_thirty_days():
    data = residents(
        ("p", "1950-01-01", "F", "0101", None),
        ("q", "1950-01-01", "M", "0101", None),
        ("dies", "1950-01-01", "F", "0101", None),
    )
    data["persons"][2]["death_date"] = d("2024-03-03")
    data["hospital_contacts"] = [
        contact("i1", "p", "2024-01-01 08:00", "2024-01-03 08:00"),  # index, readmitted
        contact("r1", "p", "2024-02-02 08:00", "2024-02-04 08:00"),  # exactly 30 days after i1
        contact("r2", "p", "2024-03-05 08:00:01", "2024-03-06 08:00"),  # 30 d + 1 s after r1
        contact("i2", "q", "2024-01-01 08:00", "2024-01-03 08:00"),  # planned follow-up only
        contact("f2", "q", "2024-01-10 08:00", "2024-01-12 08:00", urgency="planned"),
        contact("ca", "q", "2024-05-01 08:00", "2024-05-03 08:00"),  # cancer: not index
        contact("x1", "q", "2024-05-20 08:00", "2024-05-22 08:00", discharged_to="died"),
        contact("d1", "dies", "2024-03-01 08:00", "2024-03-03 08:00"),  # dies on the end day
        contact("o1", "dies", "2024-03-02 20:00", None),  # open: never index
    ]
    data["hospital_contacts"][-1]["person_id"] = "q"
    data["diagnoses"] = [diagnosis("ca", "C509")]
    result = compute(**data)
    # index: i1, r1, r2, i2, f2 (planned stays are index stays too); readmitted: i1 only
    assert nd(result, "readmissions_30d_65") == (1, 5)
    assert row(result, "readmissions_30d_65")["value"] == 20
    # a share: binomial, 100² × p(1 − p) / d
    assert row(result, "readmissions_30d_65")["variance"] == pytest.approx(100**2 * 0.2 * 0.8 / 5)


def test_bed_days_awaiting_count_the_part_in_the_year():
    data = residents(("p", "1950-01-01", "F", "0101", None), ("y", "1980-01-01", "M", "0101", None))
    data["hospital_contacts"] = [
        contact("c1", "p", "2023-12-20 08:00", "2024-01-02 12:00", ready="2023-12-30 00:00"),
        contact("c2", "p", "2024-12-20 08:00", "2025-01-05 00:00", ready="2024-12-31 06:00"),
        contact("c3", "p", "2024-06-01 08:00", None, ready="2024-06-02 08:00"),  # open: no end
        contact("c4", "y", "2024-06-01 08:00", "2024-06-09 08:00", ready="2024-06-02 08:00"),
    ]
    result = compute(**data)
    numerator, denominator = nd(result, "bed_days_awaiting_65")
    assert numerator == pytest.approx(1.5 + 0.75)
    assert denominator == 1


def test_general_practice():
    data = residents(
        ("a", "1950-01-01", "F", "0101", None),
        ("b", "1950-01-01", "F", "0101", None),
        ("c", "1950-01-01", "F", "0147", None),
    )
    data["persons"].append(person("nowhere", "1950-01-01"))  # listed, lives nowhere
    data["gp_practices"] = [
        {"practice_id": "P1", "municipality_code": "0101", "kind": "practice"},
        {"practice_id": "P2", "municipality_code": "0147", "kind": "regional_clinic"},
    ]
    data["gp_capacity"] = [
        {
            "practice_id": "P1",
            "valid_from": d("2023-01-01"),
            "valid_to": None,
            "gp_fte": 1.1,
            "list_open": False,
        },
        {
            "practice_id": "P2",
            "valid_from": d("2023-01-01"),
            "valid_to": None,
            "gp_fte": 2.2,
            "list_open": True,
        },
    ]
    data["gp_listing"] = [
        {"person_id": "a", "practice_id": "P1", "valid_from": d("2020-01-01")},
        {"person_id": "b", "practice_id": "P2", "valid_from": d("2020-01-01")},
        {"person_id": "nowhere", "practice_id": "P1", "valid_from": d("2020-01-01")},
    ]
    result = compute(**data)
    assert nd(result, "gp_fte_per_1000") == (pytest.approx(3.3), 3)
    assert row(result, "gp_fte_per_1000")["variance"] is None  # capacity, not events
    assert row(result, "listed_per_gp_fte")["variance"] is None
    assert nd(result, "listed_per_gp_fte", level="municipality", code="0101") == (
        2,
        pytest.approx(1.1),
    )
    assert nd(result, "closed_list_share") == (1, 3)
    assert nd(result, "public_clinic_share") == (1, 3)
    assert nd(result, "unlisted_share") == (1, 3)
    assert nd(result, "unlisted_share", level="municipality", code="0147") == (1, 1)


def test_home_care():
    data = residents(
        ("a", "1940-01-01", "F", "0101", None),  # 84
        ("b", "1955-01-01", "F", "0101", None),  # 69
        ("c", "1955-01-01", "F", "0101", None),  # 69, care ended
    )
    data["municipal_care"] = [
        {
            "person_id": "a",
            "municipality_code": "0147",
            "service": "home_care",
            "valid_from": d("2023-01-01"),
        },
        {
            "person_id": "b",
            "municipality_code": "0101",
            "service": "home_nursing",
            "valid_from": d("2023-01-01"),
        },
        {
            "person_id": "c",
            "municipality_code": "0101",
            "service": "home_care",
            "valid_from": d("2023-01-01"),
            "valid_to": d("2024-01-01"),
        },
    ]
    result = compute(**data)
    assert nd(result, "home_care_65", level="municipality", code="0101") == (1, 3)
    assert nd(result, "home_care_80") == (1, 1)


def test_chronic_conditions_look_back_five_years():
    data = residents(
        ("a", "1950-01-01", "F", "0101", "low"),
        ("b", "1990-01-01", "M", "0101", None),
        ("c", "1990-01-01", "M", "0101", None),
    )
    data["hospital_contacts"] = [
        contact("c1", "a", "2019-01-01 00:00", "2019-01-01 02:00", kind="outpatient"),
        contact("c2", "b", "2018-12-31 23:59", "2019-01-01 02:00"),  # before the window
        contact("c3", "c", "2023-12-31 23:00", "2024-01-01 02:00"),
        contact("c4", "c", "2024-01-01 00:00", "2024-01-01 02:00"),  # after the window
    ]
    data["diagnoses"] = [
        diagnosis("c1", "I10"),
        diagnosis("c1", "E119", "secondary"),
        diagnosis("c2", "E109"),
        diagnosis("c3", "J441"),
        diagnosis("c3", "I110", "secondary"),
        diagnosis("c4", "F001"),
    ]
    result = compute(**data)
    assert nd(result, "chronic_diabetes") == (1, 3)
    assert nd(result, "chronic_copd") == (1, 3)
    assert nd(result, "chronic_heart_failure", group_by="age5", group="30-34") == (1, 2)
    assert nd(result, "chronic_dementia") == (0, 3)
    assert row(result, "chronic_diabetes")["value"] == pytest.approx(1000 / 3)
    assert row(result, "chronic_diabetes")["variance"] == pytest.approx(1000**2 * 1 / 3**2)

