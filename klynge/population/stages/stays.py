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


def _with_main_diagnosis(table: ir.Table, diagnoses: ir.Table) -> ir.Table:
    """``table`` with ``main_diagnosis``: that of the contact ``contact_id`` (null if none)."""
    main = diagnoses.filter(diagnoses.kind == "main").select(
        diagnosis_contact=diagnoses.contact_id, main_diagnosis=diagnoses.code
    )
    joined = table.left_join(main, table.contact_id == main.diagnosis_contact)
    return joined.drop("diagnosis_contact")


def stays(contacts: ir.Table, diagnoses: ir.Table) -> ir.Table:
    """One row per stay.

    Columns: stay_id (the first contact's id), person_id, specialty, start_ts, end_ts
    (null if open), start_s, end_s, is_open (0/1), urgency, hospital_code,
    main_diagnosis (of the first contact), discharged_to, duration_s (null if open).

    The stay's end and discharge are those of the contact that ended last (an open
    contact counts as ending last; ties: the highest contact_id). One window over each
    stay's contacts, in that order, carries them to every contact of the stay, and the
    stay's first contact is kept: no join of the first contacts with the last ones,
    and on Spark no shuffle beyond the numbering's (the stay lies within its person's
    and specialty's partition).
    """
    numbered = numbered_contacts(contacts)
    last_first = ibis.window(
        group_by=["person_id", "specialty", "stay_number"],
        order_by=[
            ibis.desc("is_open"),
            ibis.desc(numbered.end_s.fill_null(0)),
            ibis.desc("contact_id"),
        ],
    )

    def last(value: ir.Value) -> ir.Value:
        # Of the contact that ended last. Never null inside: Ibis writes Spark's first()
        # as IGNORE NULLS, which would skip a null to the next contact's value.
        return value.first(include_null=True).over(last_first)

    carried = numbered.mutate(
        any_open=last(numbered.is_open),
        last_end_s=last(numbered.end_s.fill_null(0)),
        last_end_ts=last(numbered.end_ts.fill_null(ibis.timestamp("1970-01-01 00:00:00"))),
        last_discharge=last(numbered.discharged_to.fill_null("")),
    )
    first = _with_main_diagnosis(carried.filter(carried.starts_stay == 1), diagnoses)
    is_open = first.any_open == 1
    end_s = is_open.ifelse(ibis.null("int64"), first.last_end_s)
    return first.select(
        stay_id=first.contact_id,
        person_id=first.person_id,
        specialty=first.specialty,
        start_ts=first.start_ts,
        end_ts=is_open.ifelse(ibis.null("timestamp"), first.last_end_ts),
        start_s=first.start_s,
        end_s=end_s,
        is_open=first.any_open,
        urgency=first.urgency,
        hospital_code=first.hospital_code,
        main_diagnosis=first.main_diagnosis,
        discharged_to=first.last_discharge.nullif(""),
        duration_s=end_s - first.start_s,
    )


def admissions(stays_table: ir.Table) -> ir.Table:
    """Stays lasting 12 hours or more, or still open."""
    return stays_table.filter(
        (stays_table.is_open == 1) | (stays_table.duration_s >= ADMISSION_SECONDS)
    )
