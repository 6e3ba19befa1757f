"""Every engine gives the same numbers: numerators and denominators exactly, values to
a relative 1e-9, on a hand-built data set full of edge cases and a generated one."""

from __future__ import annotations

import math
from pathlib import Path

import pyarrow as pa
import pytest

from klynge.population.engines import load
from klynge.population.pipeline import compute_indicators

from .builders import arrow_rows, contact, d, diagnosis, lives, person

YEAR = 2024
KEYS = ["indicator", "year", "level", "code", "group_by", "group"]


def edge_cases() -> dict[str, pa.Table]:
    """Transfers at 4 h and just over, short stays, open stays, equal start times, deaths
    on the discharge day, moves on the indicator day, leap-day births, small groups; and
    for the population flows (:func:`flow_edge_cases`): a death on 1 January and one on
    the next 1 January, two moves in the year, a birth on 31 December and one on 1
    January, a child born and dead within the year, a person living nowhere on one of
    the two days."""
    people = [
        person("leap", "1956-02-29", "F", education="low"),
        person("old", "1930-07-01", "M", education="high"),
        person("mover", "1944-01-01", "F"),
        person("dies", "1950-01-01", "M", death="2024-03-03", education="medium"),
        person("young", "1990-01-01", "F", education="low"),
        person("turns", "1959-06-30", "M", education="high"),
    ]
    residence = [
        lives("leap", "0101", "2000-01-01"),
        lives("old", "0147", "2000-01-01"),
        lives("mover", "0101", "2000-01-01", "2024-01-01"),
        lives("mover", "0147", "2024-01-01", "2024-06-01"),
        lives("mover", "0101", "2024-06-01"),
        lives("dies", "0101", "2000-01-01"),
        lives("young", "0147", "2000-01-01"),
        lives("turns", "0151", "2000-01-01"),
    ]
    flow_people, flow_residence = flow_edge_cases()
    people += flow_people
    residence += flow_residence
    contacts = [
        contact("a1", "leap", "2024-02-28 22:00", "2024-03-01 08:00", ready="2024-02-29 12:00"),
        contact(
            "a2", "leap", "2024-03-01 12:00", "2024-03-02 08:00", urgency="planned"
        ),  # exactly 4 h
        contact("a3", "leap", "2024-03-02 12:00:01", "2024-03-03 08:00"),  # 4 h + 1 s
        contact("b1", "old", "2024-05-01 08:00", "2024-05-01 19:00"),  # 11 h
        contact("b2", "old", "2024-06-01 08:00", "2024-06-03 08:00", discharged_to="home"),
        contact(
            "b3", "old", "2024-06-01 08:00", "2024-06-03 08:00", discharged_to="municipal_care"
        ),
        contact("b4", "old", "2024-06-20 08:00", None, discharged_to=None),  # open
        contact("b5", "old", "2024-07-20 08:00", "2024-07-22 08:00"),  # joins b4
        contact("m1", "mover", "2024-01-01 00:00", "2024-01-03 00:00", ready="2024-01-02 06:00"),
        contact("m2", "mover", "2023-12-15 08:00", "2024-01-10 12:00", ready="2023-12-20 08:00"),
        contact("d1", "dies", "2024-03-01 08:00", "2024-03-03 08:00", discharged_to="died"),
        contact("t1", "turns", "2024-06-29 08:00", "2024-07-02 08:00"),
        contact("t2", "turns", "2024-07-15 08:00", "2024-07-17 08:00", specialty="psychiatric"),
        contact("y1", "young", "2021-05-05 08:00", "2021-05-05 10:00", kind="outpatient"),
        contact("y2", "leap", "2019-01-01 00:00", "2019-01-01 01:00", kind="emergency"),
    ]
    diagnoses = [
        diagnosis("a1", "J181"),
        diagnosis("a3", "N390"),
        diagnosis("b2", "C509"),
        diagnosis("b3", "E86"),
        diagnosis("m1", "S720"),
        diagnosis("m2", "K590"),
        diagnosis("t1", "I500"),
        diagnosis("y1", "J450"),
        diagnosis("y1", "E109", "secondary"),
        diagnosis("y2", "M800"),
    ]
    practices = [
        {"practice_id": "P1", "municipality_code": "0101", "kind": "practice"},
        {"practice_id": "P2", "municipality_code": "0147", "kind": "municipal"},
    ]
    capacity = [
        {
            "practice_id": "P1",
            "valid_from": d("2023-01-01"),
            "valid_to": None,
            "gp_fte": 0.1,
            "list_open": False,
        },
        {
            "practice_id": "P2",
            "valid_from": d("2023-01-01"),
            "valid_to": None,
            "gp_fte": 0.2,
            "list_open": True,
        },
    ]
    listing = [
        {"person_id": "leap", "practice_id": "P1", "valid_from": d("2010-01-01")},
        {"person_id": "old", "practice_id": "P2", "valid_from": d("2010-01-01")},
        {
            "person_id": "young",
            "practice_id": "P2",
            "valid_from": d("2010-01-01"),
            "valid_to": d("2024-01-01"),
        },
    ]
    care = [
        {
            "person_id": "old",
            "municipality_code": "0147",
            "service": "home_care",
            "valid_from": d("2020-01-01"),
        },
        {
            "person_id": "mover",
            "municipality_code": "0101",
            "service": "home_care",
            "valid_from": d("2024-01-01"),
        },
    ]
    rows = {
        "persons": people,
        "residence": residence,
        "hospital_contacts": contacts,
        "diagnoses": diagnoses,
        "gp_practices": practices,
        "gp_capacity": capacity,
        "gp_listing": listing,
        "municipal_care": care,
    }
    return {name: arrow_rows(name, data) for name, data in rows.items()}


def flow_edge_cases() -> tuple[list[dict], list[dict]]:
    """persons and residence rows for deaths, births and moves in 2024."""
    people = [
        person("jan1", "1940-05-05", "M", death="2024-01-01"),  # dies on 1 January: a death
        person("next", "1950-05-05", "F", death="2025-01-01"),  # alive on 2025-01-01
        person("twice", "1995-03-03", "M", education="high"),  # 0101 → 0147 → 0151
        person("dec31", "2024-12-31", "F"),  # born on 31 December, lives in 0147
        person("new1", "2024-01-01", "M"),  # born on 1 January: resident and a birth
        person("brief", "2024-03-01", "F", death="2024-03-05"),  # born and dead in 2024
        person("leaves", "1985-07-07", "F", education="medium"),  # emigrates from 0147
        person("comes", "1975-02-02", "M", education="low"),  # arrives in 0151 from nowhere
        person("mdies", "1938-11-11", "F", death="2024-12-31"),  # moves, then dies
    ]
    residence = [
        lives("jan1", "0151", "2000-01-01"),
        lives("next", "0151", "2000-01-01"),
        lives("twice", "0101", "2010-01-01", "2024-03-01"),
        lives("twice", "0147", "2024-03-01", "2024-09-01"),
        lives("twice", "0151", "2024-09-01"),
        lives("dec31", "0147", "2024-12-31"),
        lives("new1", "0101", "2024-01-01"),
        lives("brief", "0101", "2024-03-01"),
        lives("leaves", "0147", "2000-01-01", "2024-08-01"),
        lives("comes", "0151", "2024-05-01"),
        lives("mdies", "0101", "2000-01-01", "2024-06-01"),
        lives("mdies", "0147", "2024-06-01"),
    ]
    return people, residence


EDGE_MAPPING = pa.table(
    {
        "municipality_code": ["0101", "0147", "0147", "0151"],
        "collaboration_code": ["east", "east", "west", "west"],
    }
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pa.Table]:
    generate = pytest.importorskip("klynge.population.generate").generate
    from klynge.population.dataset import read_dataset

    out: Path = tmp_path_factory.mktemp("generated")
    generate(2000, 11, out, first_year=2018, last_year=2024)
    _folders["generated"] = out
    return dict(read_dataset(out))


_folders: dict[str, Path] = {}  # the Parquet folder of a data set, where there is one


@pytest.fixture(scope="module")
def datasets(generated: dict[str, pa.Table]) -> dict[str, tuple[dict[str, pa.Table], pa.Table]]:
    import datetime as dt

    from klynge.population.geography import default_mapping

    return {
        "edge_cases": (edge_cases(), EDGE_MAPPING),
        "generated": (generated, default_mapping(dt.date(YEAR, 1, 1))),
    }


_reference: dict[str, pa.Table] = {}


def computed(engine, name, datasets) -> pa.Table:
    """``name``'s rows on ``engine``: a data set with Parquet files is opened as a run
    opens it (DuckDB and local Spark read the files themselves), the others loaded."""
    from klynge.population.dataset import open_dataset

    tables, mapping = datasets[name]
    if name in _folders:
        return compute_indicators(open_dataset(engine.con, _folders[name]), YEAR, mapping)
    return compute_indicators(load(engine.con, tables, prefix=f"{name}_"), YEAR, mapping)


def reference(duckdb_engine, name, datasets) -> pa.Table:
    """``name``'s rows on DuckDB from the Arrow tables, computed once per test run."""
    if name not in _reference:
        tables, mapping = datasets[name]
        loaded = load(duckdb_engine.con, tables, prefix=f"{name}_")
        _reference[name] = compute_indicators(loaded, YEAR, mapping)
    return _reference[name]


def edge_reference(duckdb_engine) -> pa.Table:
    """The edge cases' rows on DuckDB, computed once per test run (test_demography
    checks them against its independent reference)."""
    if "edge_cases" not in _reference:
        tables = load(duckdb_engine.con, edge_cases(), prefix="edge_cases_")
        _reference["edge_cases"] = compute_indicators(tables, YEAR, EDGE_MAPPING)
    return _reference["edge_cases"]


def _same_number(a, b, relative: float) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return a == b if relative == 0 else math.isclose(a, b, rel_tol=relative, abs_tol=1e-12)


@pytest.mark.parametrize("name", ["edge_cases", "generated"])
def test_engines_agree(engine, duckdb_engine, name, datasets):
    expected = reference(duckdb_engine, name, datasets).to_pylist()
    assert len(expected) > 100
    actual = computed(engine, name, datasets).to_pylist()  # DuckDB: a rerun agrees too
    assert [[r[k] for k in KEYS] for r in actual] == [[r[k] for k in KEYS] for r in expected]
    for mine, theirs in zip(actual, expected, strict=True):
        for column, tolerance in (
            ("numerator", 0),
            ("denominator", 0),
            ("value", 1e-9),
            ("variance", 1e-9),
        ):
            assert _same_number(mine[column], theirs[column], tolerance), (column, mine, theirs)


def test_the_edge_cases_are_counted(duckdb_engine, datasets):
    rows = reference(duckdb_engine, "edge_cases", datasets).to_pylist()
    country = {
        (r["indicator"], r["group_by"], r["group"]): r for r in rows if r["level"] == "country"
    }
    # leap: a1+a2 one stay, a3 another; old: b2/b3 tie (one stay), b4+b5 open; mover m2 (m1
    # joins it); turns t1 at 64 is out; dies d1
    assert country[("acute_admissions_65", "total", "")]["numerator"] == 5
    # + jan1, next, twice, new1, leaves, mdies (see flow_edge_cases)
    assert country[("population", "total", "")]["numerator"] == 6 + 6


@pytest.mark.parametrize("name", ["edge_cases"])
def test_engines_suppress_alike(engine, duckdb_engine, name, datasets):
    """Disclosure control on each engine's rows hides the same rows and values (the
    generated set's rows agree exactly above; suppressing its 2,000 persons spread over 98
    municipalities, nearly every count small, takes about 10 s, so only the edge cases
    run here)."""
    from klynge.population.codelists import CodeLists
    from klynge.population.disclosure import suppress
    from klynge.population.pipeline import indicator_specs

    specs = indicator_specs(CodeLists.defaults())
    mapping = datasets[name][1]
    expected = suppress(reference(duckdb_engine, name, datasets), mapping, specs).to_pylist()
    actual = suppress(computed(engine, name, datasets), mapping, specs).to_pylist()
    assert [r["suppressed"] for r in actual] == [r["suppressed"] for r in expected]
    assert any(r["suppressed"] for r in expected)
    for mine, theirs in zip(actual, expected, strict=True):
        for column in ("numerator", "denominator"):
            assert _same_number(mine[column], theirs[column], 0), (column, mine, theirs)
        for column in ("value", "variance"):
            assert _same_number(mine[column], theirs[column], 1e-9), (column, mine, theirs)
