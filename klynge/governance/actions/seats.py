"""Seats: added, vacant, filled, corrected, ended and deleted; the only writers.

Adding a seat for someone new creates the person; given an e-mail address and no account,
the person is invited to set a password (``klynge.accounts.actions``). Ending a seat
schedules the check that deactivates an account whose last seat and role have ended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klynge.audit.actions import created
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Organisation, Partnership
from klynge.core.periods import check_order, overlapping
from klynge.core.writes import apply_changes, locked, only_fields
from klynge.governance.actions.common import (
    collaboration_code,
    save_with_reason,
    written,
)
from klynge.governance.actions.people import person_for_seat
from klynge.governance.lifecycle import after_role_ends
from klynge.governance.models import Body, Person, Seat

SEAT_FIELDS = ("body", "person", "represents", "constituency", "role", "capacity", "term_start",
               "term_end")
PAGE_SEAT_FIELDS = ("represents", "constituency", "role", "capacity", "term_start", "term_end")
SLOT_FIELDS = ("represents", "constituency", "role", "capacity")


def check_seat(values: dict[str, Any], seat: Seat | None = None) -> None:
    """The checks of a new seat, or of ``seat`` after ``values`` are applied: a term that
    ends after it starts and lies within the body's period; a represented organisation that
    is a partner (or, in an organisation's body, that organisation); one seat per person in
    a body at a time; nobody erased."""
    current = {name: getattr(seat, name) for name in SEAT_FIELDS} if seat else {}
    merged = current | values
    body: Body | None = merged.get("body")
    person: Person | None = merged.get("person")
    start, end = merged.get("term_start"), merged.get("term_end")
    check_order(start, end, "term_end", _("The end of the term cannot be before its start."))
    if body is None or start is None:
        return
    _check_within_body(body, start, within_body(body, end))
    _check_represents(body, merged.get("represents"))
    if person is not None:
        if person.erased:
            raise ValidationError({"person": _("An erased person cannot hold a seat.")})
        others = Seat.objects.filter(overlapping(start, end, "term_start", "term_end"),
                                     body=body, person=person)
        if seat is not None:
            others = others.exclude(pk=seat.pk)
        if others.exists():
            raise ValidationError(
                _("%(person)s already holds a seat in %(body)s during this term.")
                % {"person": person.name, "body": body.name}
            )


def within_body(body: Body, end: dt.date | None) -> dt.date | None:
    """An open term in a body that ends lasts until the body ends."""
    return body.valid_to if end is None else end


def _check_within_body(body: Body, start: dt.date, end: dt.date | None) -> None:
    if start < body.valid_from:
        raise ValidationError({"term_start": _(
            "The term cannot start before the body does (%(date)s)."
        ) % {"date": body.valid_from.isoformat()}})
    if body.valid_to is not None and (end is None or end > body.valid_to):
        raise ValidationError({"term_end": _(
            "The body ends on %(date)s; the term must end by then."
        ) % {"date": body.valid_to.isoformat()}})


def _check_represents(body: Body, represents: Organisation | None) -> None:
    if represents is None:
        return
    if body.organisation_id is not None:
        if represents.pk != body.organisation_id:
            raise ValidationError({"represents": _(
                "A seat in an organisation's body can only represent that organisation.")})
        return
    partners = Partnership.objects.filter(collaboration=body.collaboration_id)
    if not partners.filter(organisation=represents).exists():
        raise ValidationError(
            {"represents": _("A seat can only represent a partner of the collaboration.")}
        )


def _locked_body(body: Body) -> Body:
    return (locked(Body).select_related("collaboration", "organisation")
            .get(pk=body.pk))


@transaction.atomic
def do_add_seat(
    actor: Any,
    body: Body,
    *,
    person: Person | None = None,
    new_person_name: str | None = None,
    new_person_email: str = "",
    represents: Organisation | None = None,
    constituency: str = "",
    role: str = Seat.Role.MEMBER,
    capacity: str = Seat.Capacity.REPRESENTATIVE,
    term_start: dt.date,
    term_end: dt.date | None = None,
    vacant: bool = False,
    reason: str = "",
) -> Seat:
    """Give ``body`` a new seat, held by ``person`` or by a new person (``new_person_name``),
    or ``vacant``. A new person with an e-mail address is invited to set a password."""
    body = _locked_body(body)
    values = {"body": body, "represents": represents, "constituency": constituency,
              "role": role, "capacity": capacity, "term_start": term_start,
              "term_end": within_body(body, term_end)}
    if not vacant:
        person = person_for_seat(actor, person, new_person_name, new_person_email, values,
                                 check_seat, collaboration_code(body))
    check_seat(values | {"person": person})
    seat = Seat(person=person, **values)
    save_with_reason(seat, reason)
    written(actor, AuditEntry.Verb.CREATE, seat, code=collaboration_code(body), reason=reason,
            changes=created(seat, [*values, "person"]))
    return seat


@transaction.atomic
def do_fill_seat(actor: Any, seat: Seat, *, person: Person | None = None,
                 new_person_name: str | None = None, new_person_email: str = "",
                 from_date: dt.date | None = None) -> Seat:
    """Fill a vacant seat. From a day after the vacancy began, the vacancy ends the day
    before and a new seat for the same place starts that day, so the history keeps both."""
    seat = locked(Seat).select_related("body__collaboration").get(pk=seat.pk)
    if seat.person_id is not None:
        raise ValidationError(_("This seat is already held by %(person)s.")
                              % {"person": seat.person})
    start = max(from_date or seat.term_start, seat.term_start)
    if seat.term_end is not None and start > seat.term_end:
        raise ValidationError({"from_date": _("The vacancy ends on %(date)s.")
                               % {"date": seat.term_end.isoformat()}})
    values = {name: getattr(seat, name) for name in ("body", *SLOT_FIELDS)}
    values |= {"term_start": start, "term_end": seat.term_end}
    person = person_for_seat(actor, person, new_person_name, new_person_email, values,
                             check_seat, collaboration_code(seat.body), exclude=seat)
    if start == seat.term_start:
        check_seat({"person": person}, seat)
        changes = apply_changes(seat, {"person": person})
        save_with_reason(seat, "")
        written(actor, AuditEntry.Verb.UPDATE, seat, code=collaboration_code(seat.body),
                changes=changes)
        return seat
    old_end = seat.term_end
    seat.term_end = start - dt.timedelta(days=1)
    save_with_reason(seat, "")
    written(actor, AuditEntry.Verb.UPDATE, seat, code=collaboration_code(seat.body),
            changes={"term_end": (old_end, seat.term_end)})
    check_seat(values | {"person": person})
    filled = Seat.objects.create(person=person, **values)
    written(actor, AuditEntry.Verb.CREATE, filled, code=collaboration_code(seat.body),
            changes=created(filled, [*values, "person"]), filled=seat.pk)
    return filled


@transaction.atomic
def do_update_seat(actor: Any, seat: Seat, reason: str = "", **values: Any) -> Seat:
    """Correct a seat (role, capacity, what it represents, its term; an administrator also
    its body and person)."""
    only_fields(values, SEAT_FIELDS, "do_update_seat")
    seat = locked(Seat).select_related("body__collaboration").get(pk=seat.pk)
    if "term_end" in values:
        values["term_end"] = within_body(values.get("body") or seat.body, values["term_end"])
    check_seat(values, seat)
    old_end, old_person = seat.term_end, seat.person
    changes = apply_changes(seat, values)
    if changes:
        save_with_reason(seat, reason)
        written(actor, AuditEntry.Verb.UPDATE, seat, code=collaboration_code(seat.body),
                changes=changes, reason=reason)
        _after_change(old_person, old_end, seat)
    return seat


def _after_change(old_person: Person | None, old_end: dt.date | None, seat: Seat) -> None:
    if old_person is not None and (old_person.pk != seat.person_id or seat.term_end != old_end):
        after_role_ends(old_person, seat.term_end if old_person.pk == seat.person_id else None)


def do_end_seat(actor: Any, seat: Seat, end_date: dt.date) -> Seat:
    """End ``seat``'s term on ``end_date`` (the last day it is held)."""
    return do_update_seat(actor, seat, term_end=end_date)


@transaction.atomic
def do_delete_seat(actor: Any, seat: Seat) -> None:
    """Delete a seat made by mistake (a seat that was held is ended, not deleted)."""
    seat = Seat.objects.select_related("body__collaboration", "person").get(pk=seat.pk)
    written(actor, AuditEntry.Verb.DELETE, seat, code=collaboration_code(seat.body))
    person = seat.person
    seat.delete()
    if person is not None:
        after_role_ends(person, None)
