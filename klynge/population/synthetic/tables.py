"""Turning the generator's numpy columns into pyarrow tables of the contract."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from klynge.population import contract as c
from klynge.population.synthetic import codes, hospital, services
from klynge.population.synthetic.people import NONE, People
from klynge.population.synthetic.world import World

Columns = dict[str, np.ndarray]
PERSON_WIDTH = 9  # "P" + 9 digits: never shaped like a CPR number (10 digits)
CONTACT_WIDTH = 9
WIDE = 12  # beyond 10**9: 12 digits are not CPR- or fødselsnummer-shaped either


def ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    if len(numbers) and int(numbers.max()) >= 10**width:
        width = WIDE
    digits = pc.utf8_lpad(pa.array(numbers, pa.int64()).cast(pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def dates(days: np.ndarray, nullable: bool = False) -> pa.Array:
    mask = days == NONE if nullable else None
    return pa.array(days.astype(np.int32), pa.int32(), mask=mask).cast(pa.date32())


def stamps(micros: np.ndarray) -> pa.Array:
    return pa.array(micros, pa.int64(), mask=micros == NONE).cast(pa.timestamp("us"))


def labels(values: tuple[str, ...], index: np.ndarray) -> pa.Array:
    """Enumerated text from integer codes; NONE becomes null."""
    safe = np.where(index == NONE, 0, index)
    taken = pa.array(values).take(pa.array(safe))
    return pc.if_else(pa.array(index == NONE), pa.scalar(None, pa.string()), taken)


def _table(name: str, arrays: dict[str, pa.Array]) -> pa.Table:
    schema = c.arrow_schema(name)
    return pa.Table.from_arrays([arrays[f.name] for f in schema], schema=schema)


def practices_table(world: World) -> pa.Table:
    number = np.arange(len(world.practice_muni))
    return _table(
        "gp_practices",
        {
            "practice_id": ids("G", number, 6),
            "municipality_code": pa.array(world.codes[world.practice_muni]),
            "kind": labels(c.PRACTICE_KINDS, world.practice_kind.astype(np.int64)),
        },
    )


def capacity_table(cols: Columns) -> pa.Table:
    return _table(
        "gp_capacity",
        {
            "practice_id": ids("G", cols["practice"], 6),
            "valid_from": dates(cols["valid_from"]),
            "valid_to": dates(cols["valid_to"], nullable=True),
            "gp_fte": pa.array(cols["gp_fte"], pa.float64()),
            "list_open": pa.array(cols["list_open"], pa.bool_()),
        },
    )


def persons_table(people: People) -> pa.Table:
    return _table(
        "persons",
        {
            "person_id": ids("P", people.index, PERSON_WIDTH),
            "birth_date": dates(people.birth),
            "sex": labels(("M", "F"), people.female.astype(np.int64)),
            "death_date": dates(people.death, nullable=True),
            "education": labels(c.EDUCATION, people.education.astype(np.int64)),
        },
    )


def residence_table(world: World, people: People, cols: Columns) -> pa.Table:
    return _table(
        "residence",
        {
            "person_id": ids("P", people.index[cols["person"]], PERSON_WIDTH),
            "municipality_code": pa.array(world.codes[cols["muni"]]),
            "valid_from": dates(cols["valid_from"]),
            "valid_to": dates(cols["valid_to"], nullable=True),
        },
    )


def listing_table(people: People, cols: Columns) -> pa.Table:
    return _table(
        "gp_listing",
        {
            "person_id": ids("P", people.index[cols["person"]], PERSON_WIDTH),
            "practice_id": ids("G", cols["practice"], 6),
            "valid_from": dates(cols["valid_from"]),
            "valid_to": dates(cols["valid_to"], nullable=True),
        },
    )


def contacts_table(people: People, cols: Columns, first_contact: int) -> pa.Table:
    number = first_contact + np.arange(len(cols["person"]))
    return _table(
        "hospital_contacts",
        {
            "contact_id": ids("C", number, CONTACT_WIDTH),
            "person_id": ids("P", people.index[cols["person"]], PERSON_WIDTH),
            "hospital_code": ids("H", cols["hospital"], 3),
            "kind": labels(c.CONTACT_KINDS, cols["kind"]),
            "urgency": labels(c.URGENCIES, cols["urgency"]),
            "specialty": labels(c.SPECIALTIES, cols["specialty"]),
            "start_ts": stamps(cols["start"]),
            "end_ts": stamps(cols["end"]),
            "ready_ts": stamps(cols["ready"]),
            "discharged_to": labels(c.DISCHARGED_TO, cols["discharged"]),
        },
    )


def diagnoses_table(cols: Columns, first_contact: int) -> pa.Table:
    return _table(
        "diagnoses",
        {
            "contact_id": ids("C", first_contact + cols["contact"], CONTACT_WIDTH),
            "code": labels(codes.CODES, cols["code"]),
            "kind": labels(c.DIAGNOSIS_KINDS, np.where(cols["main"], 0, 1)),
        },
    )


def gp_contacts_table(people: People, cols: Columns) -> pa.Table:
    return _table(
        "gp_contacts",
        {
            "person_id": ids("P", people.index[cols["person"]], PERSON_WIDTH),
            "practice_id": ids("G", cols["practice"], 6),
            "contact_date": dates(cols["day"]),
            "kind": labels(c.GP_CONTACT_KINDS, cols["kind"]),
        },
    )


def care_table(world: World, people: People, cols: Columns) -> pa.Table:
    hours = cols["hours"]
    return _table(
        "municipal_care",
        {
            "person_id": ids("P", people.index[cols["person"]], PERSON_WIDTH),
            "municipality_code": pa.array(world.codes[cols["muni"]]),
            "service": labels(c.CARE_SERVICES, cols["service"]),
            "valid_from": dates(cols["valid_from"]),
            "valid_to": dates(cols["valid_to"], nullable=True),
            "hours_per_week": pa.array(hours, pa.float64(), mask=np.isnan(hours)),
        },
    )


def chunk_tables(
    rng: np.random.Generator, world: World, people: People, first_contact: int
) -> dict[str, pa.Table]:
    """Every per-person table of one chunk of persons."""
    listing = services.listings(rng, world, people)
    contact_cols = hospital.contacts(rng, world, people)
    diagnosis_cols = hospital.diagnoses(rng, people, contact_cols)
    return {
        "persons": persons_table(people),
        "residence": residence_table(world, people, services.residence(people)),
        "gp_listing": listing_table(people, listing),
        "hospital_contacts": contacts_table(people, contact_cols, first_contact),
        "diagnoses": diagnoses_table(diagnosis_cols, first_contact),
        "gp_contacts": gp_contacts_table(people, services.gp_contacts(rng, world, people, listing)),
        "municipal_care": care_table(world, people, services.municipal_care(rng, world, people)),
    }
