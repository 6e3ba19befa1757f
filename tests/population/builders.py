"""Helpers to write test rows by hand: contract tables from dicts, short dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from klynge.population.contract import arrow_schema


def arrow_rows(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows of contract table ``name`` as a pyarrow table; columns left out are null."""
    schema = arrow_schema(name)
    columns = {
        field.name: pa.array([row.get(field.name) for row in rows], field.type) for field in schema
    }
    return pa.table(columns, schema=schema)


def ts(text: str) -> dt.datetime:
    """``"2024-03-01 08:00"`` as a datetime."""
    return dt.datetime.fromisoformat(text)


def d(text: str) -> dt.date:
    """``"2024-03-01"`` as a date."""
    return dt.date.fromisoformat(text)


def person(
    person_id: str,
    birth: str,
    sex: str = "F",
    death: str | None = None,
    education: str | None = None,
) -> dict[str, Any]:
    """A persons row."""
    return {
        "person_id": person_id,
        "birth_date": d(birth),
        "sex": sex,
        "death_date": d(death) if death else None,
        "education": education,
    }


def lives(person_id: str, code: str, start: str, end: str | None = None) -> dict[str, Any]:
    """A residence row: ``person_id`` lives in ``code`` from ``start`` until ``end``."""
    return {
        "person_id": person_id,
        "municipality_code": code,
        "valid_from": d(start),
        "valid_to": d(end) if end else None,
    }


def contact(
    contact_id: str,
    person_id: str,
    start: str,
    end: str | None,
    *,
    urgency: str = "acute",
    specialty: str = "somatic",
    kind: str = "inpatient",
    hospital: str = "H1",
    ready: str | None = None,
    discharged_to: str | None = "home",
) -> dict[str, Any]:
    """A hospital_contacts row; times as ``"2024-03-01 08:00"``."""
    return {
        "contact_id": contact_id,
        "person_id": person_id,
        "hospital_code": hospital,
        "kind": kind,
        "urgency": urgency,
        "specialty": specialty,
        "start_ts": ts(start),
        "end_ts": ts(end) if end else None,
        "ready_ts": ts(ready) if ready else None,
        "discharged_to": discharged_to,
    }


def diagnosis(contact_id: str, code: str, kind: str = "main") -> dict[str, Any]:
    """A diagnoses row."""
    return {"contact_id": contact_id, "code": code, "kind": kind}
