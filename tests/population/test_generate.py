"""The synthetic generator: valid, deterministic, believable, with the edge cases."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from klynge.population.dataset import Dataset, read_dataset
from klynge.population.generate import generate
from klynge.population.geography import municipalities

PERSONS = 2_000


@pytest.fixture(scope="module")
def generated(tmp_path_factory: Any) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(PERSONS, seed=11, out=out)
    return out


@pytest.fixture(scope="module")
def dataset(generated: Path) -> Dataset:
    return read_dataset(generated)


def rows(dataset: Dataset, name: str) -> list[dict[str, Any]]:
    return dataset[name].to_pylist()


def test_output_validates_clean(dataset: Dataset) -> None:
    assert dataset.report.ok
    assert dataset.row_counts()["persons"] == PERSONS
    assert set(dataset) == {
        "persons",
        "residence",
        "gp_practices",
        "gp_capacity",
        "gp_listing",
        "hospital_contacts",
        "diagnoses",
        "gp_contacts",
        "municipal_care",
    }


def test_same_seed_gives_identical_files(generated: Path, tmp_path: Path) -> None:
    generate(PERSONS, seed=11, out=tmp_path)
    for path in sorted(generated.glob("*.parquet")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_other_seed_differs(generated: Path, tmp_path: Path) -> None:
    generate(PERSONS, seed=12, out=tmp_path)
    assert (tmp_path / "persons.parquet").read_bytes() != (
        generated / "persons.parquet"
    ).read_bytes()


def test_csv_and_norway(tmp_path: Path) -> None:
    result = generate(
        300, seed=3, out=tmp_path, country="no", fmt="csv", first_year=2020, last_year=2024
    )
    dataset = read_dataset(tmp_path)
    assert dataset.format == "csv"
    codes = set(dataset["residence"].column("municipality_code").to_pylist())
    assert codes <= set(municipalities("no").column("municipality_code").to_pylist())
    assert result.row_counts["persons"] == 300
    header = (tmp_path / "hospital_contacts.csv").read_text().splitlines()[1]
    assert "T" in header.split(",")[6] and "." not in header.split(",")[6]


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def test_city_is_younger_than_rural(dataset: Dataset) -> None:
    kind = dict(
        zip(
            municipalities("dk").column("municipality_code").to_pylist(),
            municipalities("dk").column("kind").to_pylist(),
            strict=True,
        )
    )
    birth = {p["person_id"]: p["birth_date"] for p in rows(dataset, "persons")}
    day = date(2025, 1, 1)
    ages: dict[str, list[int]] = {"city": [], "rural": []}
    for r in rows(dataset, "residence"):
        if r["valid_from"] <= day and (r["valid_to"] is None or day < r["valid_to"]):
            ages[kind[r["municipality_code"]]].append(age_on(birth[r["person_id"]], day))
    mean = {k: sum(v) / len(v) for k, v in ages.items()}
    assert mean["city"] + 3 < mean["rural"]
    assert len(ages["city"]) > 300  # København and the other cities are large


def test_persons_edge_cases(dataset: Dataset) -> None:
    persons = rows(dataset, "persons")
    births = [p["birth_date"] for p in persons]
    assert any((b.month, b.day) == (2, 29) for b in births)
    assert min(births).year <= 1925 and max(births).year == 2025
    dead = [p for p in persons if p["death_date"] is not None]
    assert 0 < len(dead) < len(persons) * 0.2
    assert {p["education"] for p in persons} == {None, "low", "medium", "high"}


def test_moves_listing_and_practices(dataset: Dataset) -> None:
    residence = dataset["residence"]
    assert residence.num_rows > PERSONS  # some moved
    listed = set(dataset["gp_listing"].column("person_id").to_pylist())
    assert len(listed) < PERSONS  # some are unlisted
    kinds = set(dataset["gp_practices"].column("kind").to_pylist())
    assert "regional_clinic" in kinds
    assert False in dataset["gp_capacity"].column("list_open").to_pylist()


def test_hospital_edge_cases(dataset: Dataset) -> None:
    contacts = rows(dataset, "hospital_contacts")
    inpatient = [c for c in contacts if c["kind"] == "inpatient"]
    assert any(c["end_ts"] is None for c in contacts)  # open at extraction
    closed = [c for c in inpatient if c["end_ts"] is not None]
    assert any(c["end_ts"] - c["start_ts"] < timedelta(hours=12) for c in closed)
    assert any(c["ready_ts"] is not None and c["discharged_to"] == "municipal_care" for c in closed)
    assert {c["urgency"] for c in contacts} == {"acute", "planned"}
    assert {c["specialty"] for c in contacts} == {"somatic", "psychiatric"}
    assert {c["kind"] for c in contacts} == {"inpatient", "outpatient", "emergency"}
    starts = [(c["person_id"], c["start_ts"]) for c in contacts]
    assert len(set(starts)) < len(starts)  # ties
    assert min(c["start_ts"] for c in contacts).year == 2019


def test_transfers_and_deaths_on_discharge_day(dataset: Dataset) -> None:
    contacts = sorted(
        rows(dataset, "hospital_contacts"), key=lambda c: (c["person_id"], c["start_ts"])
    )
    transfers = 0
    for first, second in zip(contacts, contacts[1:], strict=False):
        if (
            first["discharged_to"] == "other_hospital"
            and first["person_id"] == second["person_id"]
            and timedelta(0) <= second["start_ts"] - first["end_ts"] <= timedelta(hours=4)
        ):
            transfers += 1
    assert transfers > 0
    death = {p["person_id"]: p["death_date"] for p in rows(dataset, "persons")}
    same_day = [
        c
        for c in contacts
        if c["end_ts"] is not None and death[c["person_id"]] == c["end_ts"].date()
    ]
    assert {c["discharged_to"] for c in same_day} >= {"died", "municipal_care"}


def test_diagnoses_rise_with_age_and_cover_the_lists(dataset: Dataset) -> None:
    codes = set(dataset["diagnoses"].column("code").to_pylist())
    assert any(c.startswith("J18") for c in codes)  # preventable
    assert any(c.startswith("E11") for c in codes)  # chronic
    assert any(c.startswith("C") for c in codes)  # cancer
    kinds = dataset["diagnoses"].column("kind")
    assert pc.sum(pc.equal(kinds, "secondary")).as_py() > 0


def test_home_care_rises_with_age(dataset: Dataset) -> None:
    care = dataset["municipal_care"]
    home = care.filter(pc.equal(care.column("service"), "home_care"))
    people = {p["person_id"]: p["birth_date"] for p in rows(dataset, "persons")}
    ages = [age_on(people[p], date(2025, 1, 1)) for p in home.column("person_id").to_pylist()]
    assert ages and min(ages) >= 64
    assert sum(a >= 80 for a in ages) > 0
    assert dataset["gp_contacts"].num_rows > 0


def test_identifiers_are_pseudonyms(dataset: Dataset) -> None:
    ids = dataset["persons"].column("person_id")
    assert pc.all(pc.match_substring_regex(ids, r"^P[0-9]{9}$")).as_py()
    contacts = dataset["hospital_contacts"].column("contact_id")
    assert pc.all(pc.match_substring_regex(contacts, r"^C[0-9]{9}$")).as_py()
    assert isinstance(dataset["hospital_contacts"].schema.field("start_ts").type, pa.TimestampType)


def test_deaths_births_and_moves_every_year(dataset: Dataset) -> None:
    """Believable flows in every data year (2019-2025, 2,000 persons): births about 1 %
    of persons (the last two years as many as the others), deaths about 1 %, moves
    between municipalities 2-3 %."""
    persons = rows(dataset, "persons")
    births = Counter(p["birth_date"].year for p in persons)
    deaths = Counter(p["death_date"].year for p in persons if p["death_date"])
    periods = sorted(rows(dataset, "residence"), key=lambda r: (r["person_id"], r["valid_from"]))
    moves = Counter(
        later["valid_from"].year
        for earlier, later in zip(periods, periods[1:], strict=False)
        if earlier["person_id"] == later["person_id"]
        and earlier["valid_to"] == later["valid_from"]
        and earlier["municipality_code"] != later["municipality_code"]
    )
    for year in range(2019, 2026):
        assert 5 <= births[year] <= 60, (year, births)
        assert 5 <= deaths[year] <= 60, (year, deaths)
        assert 15 <= moves[year] <= 120, (year, moves)
    recent = (births[2024] + births[2025]) / 2
    earlier = sum(births[year] for year in range(2019, 2024)) / 5
    assert recent > 0.7 * earlier  # not half: age 0 holds two birth cohorts
