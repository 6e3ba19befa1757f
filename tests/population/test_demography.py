"""Deaths, migrations, births and the population pyramid, with their variances: the
engine's rows against an independent reference written here in plain Python, on the edge
cases of test_engine_parity (which checks that every engine gives the same rows), and a
few counts worked out by hand.

The reference knows nothing of the engine: it reads the persons and residence rows,
decides who is alive and where each person lives on the two days with dates, and adds
up municipalities for collaborations and the country from the mapping.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from typing import Any

import pytest

from .test_engine_parity import EDGE_MAPPING, YEAR, edge_cases, edge_reference

FLOWS = ("deaths", "out_migrations", "in_migrations")
AGE5 = [f"{a}-{a + 4}" for a in range(0, 90, 5)] + ["90+"]
PYRAMID = [f"{age}/{sex}" for age in AGE5 for sex in ("F", "M")]
GROUPS = {"total": [""], "sex": ["F", "M"], "age5": AGE5, "age5_sex": PYRAMID}


# --- the reference ---------------------------------------------------------------------


def _alive(person: dict[str, Any], day: dt.date) -> bool:
    death = person["death_date"]
    return person["birth_date"] <= day and (death is None or death >= day)


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _home(rows: list[dict[str, Any]], day: dt.date) -> str | None:
    for row in rows:
        if row["valid_from"] <= day and (row["valid_to"] is None or day < row["valid_to"]):
            return row["municipality_code"]
    return None


def _label(age: int) -> str:
    return "90+" if age >= 90 else f"{age // 5 * 5}-{age // 5 * 5 + 4}"


def reference_cells(tables: dict, year: int) -> dict[str, Counter]:
    """measure → Counter of (municipality, sex, age on Y-01-01) (births: age None)."""
    first, following = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    homes: dict[str, list[dict[str, Any]]] = {}
    for row in tables["residence"].to_pylist():
        homes.setdefault(row["person_id"], []).append(row)
    cells: dict[str, Counter] = {m: Counter() for m in ("residents", *FLOWS, "births")}
    for person in tables["persons"].to_pylist():
        rows = homes.get(person["person_id"], [])
        now, later = _home(rows, first), _home(rows, following)
        alive_now, alive_next = _alive(person, first), _alive(person, following)
        key = (person["sex"], _age(person["birth_date"], first))
        if alive_now and now:
            cells["residents"][(now, *key)] += 1
            if not alive_next:
                cells["deaths"][(now, *key)] += 1
            elif later != now:
                cells["out_migrations"][(now, *key)] += 1
        if alive_now and alive_next and later and later != now:
            cells["in_migrations"][(later, *key)] += 1
        born = first <= person["birth_date"] < following
        if born and alive_next and later:
            cells["births"][(later, person["sex"], None)] += 1
    return cells


def _members(level: str, code: str, municipalities: set[str]) -> set[str]:
    if level == "municipality":
        return {code}
    if level == "collaboration":
        links = EDGE_MAPPING.to_pylist()
        return {r["municipality_code"] for r in links if r["collaboration_code"] == code}
    return municipalities


def _count(counter: Counter, places: set[str], keep) -> int:
    return sum(n for (code, sex, age), n in counter.items() if code in places and keep(sex, age))


def _keep(group_by: str, group: str):
    if group_by == "total":
        return lambda sex, age: True
    if group_by == "sex":
        return lambda sex, age: sex == group
    if group_by == "age5":
        return lambda sex, age: age is not None and _label(age) == group
    age5, wanted = group.split("/")
    return lambda sex, age: sex == wanted and age is not None and _label(age) == age5


def expected(cells: dict[str, Counter], row: dict[str, Any], places: set[str]):
    """(numerator, denominator, value, variance) of one row, from the reference cells."""
    keep = _keep(row["group_by"], row["group"])
    if row["indicator"] == "population":
        n = _count(cells["residents"], places, keep)
        return n, None, n, None
    n = _count(cells[row["indicator"]], places, keep)
    if row["indicator"] == "births":  # women 15-49, whatever the child's sex
        d = _count(cells["residents"], places, lambda sex, age: sex == "F" and 15 <= age <= 49)
    else:
        d = _count(cells["residents"], places, keep)
    if d == 0:
        return n, d, None, None
    return n, d, 1000 * n / d, 1000**2 * n / d**2


@pytest.fixture(scope="module")
def edge_rows(duckdb_engine) -> list[dict[str, Any]]:
    return edge_reference(duckdb_engine).to_pylist()


def _close(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None
    return b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def test_the_engine_agrees_with_the_reference(edge_rows):
    tables = edge_cases()
    cells = reference_cells(tables, YEAR)
    municipalities = {code for code, _sex, _age in cells["residents"]}
    wanted = {*FLOWS, "births", "population"}
    checked = 0
    for row in edge_rows:
        if row["indicator"] not in wanted or (
            row["indicator"] == "population" and row["group_by"] != "age5_sex"
        ):
            continue
        places = _members(row["level"], row["code"], municipalities)
        n, d, value, variance = expected(cells, row, places)
        actual = (row["numerator"], row["denominator"], row["value"], row["variance"])
        assert all(_close(a, b) for a, b in zip(actual, (n, d, value, variance), strict=True)), (
            row,
            (n, d, value, variance),
        )
        checked += 1
    assert checked > 500


def test_every_geography_gets_every_group_in_order(edge_rows):
    places = {(r["level"], r["code"]) for r in edge_rows}
    breakdowns = {flow: ["total", "sex", "age5", "age5_sex"] for flow in FLOWS}
    breakdowns |= {"births": ["total", "sex"]}
    breakdowns |= {"population": ["total", "sex", "age_band", "age5", "age5_sex"]}
    for indicator, names in breakdowns.items():
        for level, code in places:
            found = [
                (r["group_by"], r["group"])
                for r in edge_rows
                if (r["indicator"], r["level"], r["code"]) == (indicator, level, code)
            ]
            age_band = ["0-17", "18-64", "65-79", "80+"]
            listed = [(b, g) for b in names for g in GROUPS.get(b, age_band)]
            assert found == listed, (indicator, level, code)
    order = list(dict.fromkeys(r["indicator"] for r in edge_rows))
    assert order[:6] == ["population", "old_age_dependency", *FLOWS, "births"]


def _nd(rows, indicator, level="country", code=None, group_by="total", group=""):
    [row] = [
        r
        for r in rows
        if (r["indicator"], r["level"], r["group_by"], r["group"])
        == (indicator, level, group_by, group)
        and (code is None or r["code"] == code)
    ]
    return row["numerator"], row["denominator"]


def test_the_edge_cases_by_hand(edge_rows):
    """jan1 dies on 1 January (0151), mdies moves and dies (placed in 0101, where she
    lived on 1 January), next dies on the next 1 January (alive then: no death); twice
    moves 0101 → 0147 → 0151 (out of 0101, into 0151, nothing in 0147); leaves emigrates
    from 0147; comes arrives in 0151 from nowhere; mover lives in 0147 on 1 January and
    in 0101 a year later; dec31 and new1 are births, brief (born and dead in 2024) is
    not."""
    rows = edge_rows
    assert _nd(rows, "deaths", group_by="age5_sex", group="80-84/M")[0] == 1  # jan1
    assert _nd(rows, "deaths", "municipality", "0101", "age5_sex", "85-89/F")[0] == 1
    assert _nd(rows, "deaths")[0] == 3  # jan1, mdies, dies
    assert _nd(rows, "out_migrations", "municipality", "0101")[0] == 1  # twice
    assert _nd(rows, "out_migrations", "municipality", "0147")[0] == 2  # leaves, mover
    assert _nd(rows, "out_migrations", "municipality", "0151")[0] == 0
    assert _nd(rows, "in_migrations", "municipality", "0151")[0] == 2  # twice, comes
    assert _nd(rows, "in_migrations", "municipality", "0147")[0] == 0
    assert _nd(rows, "in_migrations", "municipality", "0101")[0] == 1  # mover
    # the collaboration east (0101, 0147) counts mover's move inside it both ways
    assert _nd(rows, "out_migrations", "collaboration", "east")[0] == 3
    assert _nd(rows, "in_migrations", "collaboration", "east")[0] == 1
    # births: new1 in 0101 (M), dec31 in 0147 (F); the denominator of every sex is the
    # women aged 15-49 (young and leaves, both in 0147)
    assert _nd(rows, "births", group_by="sex", group="M") == (1, 2)
    assert _nd(rows, "births", "municipality", "0147", "sex", "F") == (1, 2)
    assert _nd(rows, "births", "municipality", "0101") == (1, 0)
    [births] = [r for r in rows if (r["indicator"], r["level"], r["group_by"]) == (
        "births", "country", "total")]
    assert births["value"] == 1000 and births["variance"] == pytest.approx(1000**2 * 2 / 2**2)


def test_variances_of_rates_and_standardised_rates_and_where_there_are_none(edge_rows):
    by_key = {
        (r["indicator"], r["level"], r["code"], r["group_by"], r["group"]): r for r in edge_rows
    }
    deaths = by_key[("deaths", "country", "dk", "total", "")]
    n, d = deaths["numerator"], deaths["denominator"]
    assert deaths["variance"] == pytest.approx(1000**2 * n / d**2)
    for row in edge_rows:
        name = row["indicator"]
        no_model = name in ("population", "old_age_dependency", "gp_fte_per_1000")
        if no_model or name in ("listed_per_gp_fte",) or name.endswith("_inequality"):
            assert row["variance"] is None, row
        if row["value"] is None:
            assert row["variance"] is None, row
        if name.endswith("_share") and row["value"] is not None:
            p = row["numerator"] / row["denominator"]
            assert row["variance"] == pytest.approx(100**2 * p * (1 - p) / row["denominator"])
