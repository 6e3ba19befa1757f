"""Inpatient contacts merged into stays, and stays that are admissions.

Contacts of one person and one specialty, ordered by ``start_ts`` then ``contact_id``,
form one stay while each starts no later than 4 hours after the latest ``end_ts`` so
far in it. Gaps-and-islands: a running maximum of the earlier contacts' ends decides
whether a contact starts a new stay, and a running sum of those starts numbers the
stays. (The running maximum over all earlier contacts of the person equals the one
over the current stay: a new stay starts only after every earlier contact has ended.)

An open contact (``end_ts`` null) has not ended, so its stay has not ended either:
every later contact of the person and specialty joins it, and the stay's end is null.

All times are compared as epoch seconds of the naive (wall-clock) timestamps, which
every engine computes alike; see ``klynge.population.engines``.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

JOIN_GAP_SECONDS = 4 * 3600
ADMISSION_SECONDS = 12 * 3600


def _stay_order(**frame: object) -> ibis.expr.builders.LegacyWindowBuilder:
    return ibis.window(
        group_by=["person_id", "specialty"], order_by=["start_s", "contact_id"], **frame
    )


def numbered_contacts(contacts: ir.Table) -> ir.Table:
    """Inpatient contacts with ``start_s``, ``end_s`` (epoch seconds), ``is_open``,
    ``starts_stay`` (0/1) and ``stay_number`` (1, 2, … per person and specialty)."""
    inpatient = contacts.filter(contacts.kind == "inpatient").mutate(
        start_s=contacts.start_ts.epoch_seconds().cast("int64"),
        end_s=contacts.end_ts.epoch_seconds().cast("int64"),
        is_open=contacts.end_ts.isnull().ifelse(1, 0),
    )
    before = _stay_order(rows=(None, -1))
    with_history = inpatient.mutate(
        earlier_end=inpatient.end_s.max().over(before),
        earlier_open=inpatient.is_open.sum().over(before),
    )
    starts = (
        with_history.earlier_open.isnull()  # the first contact: nothing before it
        | (
            (with_history.earlier_open == 0)
            & (with_history.start_s - with_history.earlier_end > JOIN_GAP_SECONDS)
        )
    ).ifelse(1, 0)
    flagged = with_history.mutate(starts_stay=starts).drop("earlier_end", "earlier_open")
    return flagged.mutate(stay_number=flagged.starts_stay.sum().over(_stay_order(rows=(None, 0))))


def _first_contacts(numbered: ir.Table, diagnoses: ir.Table) -> ir.Table:
    """The first contact of each stay, with its main diagnosis."""
    main = diagnoses.filter(diagnoses.kind == "main").select(
        diagnosis_contact=diagnoses.contact_id, main_diagnosis=diagnoses.code
    )
    first = numbered.filter(numbered.starts_stay == 1)
    joined = first.left_join(main, first.contact_id == main.diagnosis_contact)
    return joined.select(
        "person_id",
        "specialty",
        "stay_number",
        stay_id=joined.contact_id,
        start_ts=joined.start_ts,
        start_s=joined.start_s,
        urgency=joined.urgency,
        hospital_code=joined.hospital_code,
        main_diagnosis=joined.main_diagnosis,
    )


def _last_contacts(numbered: ir.Table) -> ir.Table:
    """Per stay: the end (null if any contact is open) and the discharge of the contact
    that ended last (an open contact counts as ending last; ties: highest contact_id)."""
    last_first = ibis.window(
        group_by=["person_id", "specialty", "stay_number"],
        order_by=[
            ibis.desc("is_open"),
            ibis.desc(numbered.end_s.fill_null(0)),
            ibis.desc("contact_id"),
        ],
    )
    ranked = numbered.mutate(
        end_rank=ibis.row_number().over(last_first),
        any_open=numbered.is_open.max().over(
            ibis.window(group_by=["person_id", "specialty", "stay_number"])
        ),
    )
    last = ranked.filter(ranked.end_rank == 0)
    return last.select(
        "person_id",
        "specialty",
        "stay_number",
        "discharged_to",
        is_open=last.any_open,
        end_ts=(last.any_open == 1).ifelse(ibis.null("timestamp"), last.end_ts),
        end_s=(last.any_open == 1).ifelse(ibis.null("int64"), last.end_s),
    )


def stays(contacts: ir.Table, diagnoses: ir.Table) -> ir.Table:
    """One row per stay.

    Columns: stay_id (the first contact's id), person_id, specialty, start_ts, end_ts
    (null if open), start_s, end_s, is_open (0/1), urgency, hospital_code,
    main_diagnosis (of the first contact), discharged_to, duration_s (null if open).
    """
    numbered = numbered_contacts(contacts)
    first = _first_contacts(numbered, diagnoses)
    last = _last_contacts(numbered)
    keys = ["person_id", "specialty", "stay_number"]
    joined = first.join(last, keys)
    return joined.select(
        "stay_id",
        "person_id",
        "specialty",
        "start_ts",
        "end_ts",
        "start_s",
        "end_s",
        "is_open",
        "urgency",
        "hospital_code",
        "main_diagnosis",
        "discharged_to",
        duration_s=joined.end_s - joined.start_s,
    )


def admissions(stays_table: ir.Table) -> ir.Table:
    """Stays lasting 12 hours or more, or still open."""
    return stays_table.filter(
        (stays_table.is_open == 1) | (stays_table.duration_s >= ADMISSION_SECONDS)
    )
