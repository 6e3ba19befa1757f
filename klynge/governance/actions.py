"""The write layer: every change to a collaboration's structure, each in one transaction.

Views check access first (``klynge.governance.access``); these functions validate across
rows, write, and record an audit entry. Bad input raises ``ValidationError`` with a
translated message and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry
from klynge.governance.models import Body, Collaboration, Organisation, Person, Seat

BODY_FIELDS = ("name", "kind", "mandate", "parent", "confidential")


def _check_term(term_start: dt.date, term_end: dt.date | None) -> None:
    if term_end is not None and term_end < term_start:
        raise ValidationError(
            {"term_end": _("The end of the term cannot be before its start.")}
        )


def overlapping_seats(body: Body, person: Person, term_start: dt.date,
                      term_end: dt.date | None) -> Any:
    """The person's seats in ``body`` whose term overlaps ``term_start``–``term_end``."""
    overlap = Q(term_end__isnull=True) | Q(term_end__gte=term_start)
    if term_end is not None:
        overlap &= Q(term_start__lte=term_end)
    return Seat.objects.filter(overlap, body=body, person=person)


def _check_represents(body: Body, represents: Organisation | None) -> None:
    if represents is None:
        return
    if not body.collaboration.partnerships.filter(organisation=represents).exists():
        raise ValidationError(
            {"represents": _("A seat can only represent a partner of the collaboration.")}
        )


def _person_for_seat(person: Person | None, new_person_name: str | None) -> Person | None:
    """The chosen person, or None when a new one is to be created."""
    name = (new_person_name or "").strip()
    if person is not None and name:
        raise ValidationError(
            _("Choose an existing person or type a new name, not both.")
        )
    if person is None and not name:
        raise ValidationError(
            {"person": _("Choose an existing person or type the name of a new one.")}
        )
    return person


@transaction.atomic
def do_add_seat(
    actor: Any,
    body: Body,
    *,
    person: Person | None = None,
    new_person_name: str | None = None,
    represents: Organisation | None = None,
    constituency: str = "",
    role: str = Seat.Role.MEMBER,
    capacity: str = Seat.Capacity.REPRESENTATIVE,
    term_start: dt.date,
    term_end: dt.date | None = None,
) -> Seat:
    """Give ``body`` a new seat; creates the person too when only a name is given."""
    body = Body.objects.select_for_update().select_related("collaboration").get(pk=body.pk)
    person = _person_for_seat(person, new_person_name)
    _check_term(term_start, term_end)
    _check_represents(body, represents)
    code = body.collaboration.code
    if person is not None and overlapping_seats(body, person, term_start, term_end).exists():
        raise ValidationError(
            _("%(person)s already holds a seat in %(body)s during this term.")
            % {"person": person.name, "body": body.name}
        )
    if person is None:
        person = Person.objects.create(name=(new_person_name or "").strip())
        record(actor, AuditEntry.Verb.CREATE, person, changes={"name": person.name},
               collaboration_code=code)
    seat = Seat.objects.create(
        body=body, person=person, represents=represents, constituency=constituency,
        role=role, capacity=capacity, term_start=term_start, term_end=term_end,
    )
    record(actor, AuditEntry.Verb.CREATE, seat, collaboration_code=code, changes={
        "body": body.pk, "person": person.pk, "represents": represents.pk if represents else None,
        "constituency": constituency, "role": role, "capacity": capacity,
        "term_start": term_start, "term_end": term_end,
    })
    return seat


@transaction.atomic
def do_end_seat(actor: Any, seat: Seat, end_date: dt.date) -> Seat:
    """End ``seat``'s term on ``end_date`` (the last day it is held)."""
    seat = Seat.objects.select_for_update().select_related("body__collaboration").get(pk=seat.pk)
    _check_term(seat.term_start, end_date)
    old_end = seat.term_end
    seat.term_end = end_date
    seat.save(update_fields=["term_end"])
    record(actor, AuditEntry.Verb.UPDATE, seat, collaboration_code=seat.body.collaboration.code,
           changes={"term_end": f"{old_end} → {end_date}"})
    return seat


def _check_parent(collaboration: Collaboration, body: Body | None, parent: Body | None) -> None:
    if parent is None:
        return
    if parent.collaboration_id != collaboration.pk:
        raise ValidationError(
            {"parent": _("A body can only report to a body of the same collaboration.")}
        )
    if body is None:
        return
    ancestor: Body | None = parent
    seen: set[int] = set()
    while ancestor is not None and ancestor.pk not in seen:
        if ancestor.pk == body.pk:
            raise ValidationError(
                {"parent": _("A body cannot report to itself or to a body below it.")}
            )
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


@transaction.atomic
def do_create_body(
    actor: Any,
    collaboration: Collaboration,
    *,
    name: str,
    kind: str,
    mandate: str = "",
    parent: Body | None = None,
    confidential: bool = False,
    valid_from: dt.date | None = None,
) -> Body:
    _check_parent(collaboration, None, parent)
    body = Body.objects.create(
        collaboration=collaboration, name=name.strip(), kind=kind, mandate=mandate,
        parent=parent, confidential=confidential,
        valid_from=valid_from or timezone.localdate(),
    )
    record(actor, AuditEntry.Verb.CREATE, body, collaboration_code=collaboration.code, changes={
        "name": body.name, "kind": kind, "parent": parent.pk if parent else None,
        "confidential": confidential, "valid_from": body.valid_from,
    })
    return body


@transaction.atomic
def do_update_body(actor: Any, body: Body, **values: Any) -> Body:
    """Change some of ``name``, ``kind``, ``mandate``, ``parent``, ``confidential``."""
    unknown = set(values) - set(BODY_FIELDS)
    if unknown:
        raise TypeError(f"do_update_body() got unexpected fields {sorted(unknown)}")
    body = Body.objects.select_for_update().select_related("collaboration").get(pk=body.pk)
    if "parent" in values:
        _check_parent(body.collaboration, body, values["parent"])
    changes = {}
    for field, new in values.items():
        old = getattr(body, field)
        if old != new:
            changes[field] = f"{old} → {new}"
            setattr(body, field, new)
    if changes:
        body.save(update_fields=[f for f in BODY_FIELDS if f in changes])
        record(actor, AuditEntry.Verb.UPDATE, body, changes=changes,
               collaboration_code=body.collaboration.code)
    return body
