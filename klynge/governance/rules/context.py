"""Everything the rules need about one collaboration on one date, loaded once.

Building a :class:`RuleContext` costs a fixed number of queries (the collaboration's
country if it is not loaded yet, the bodies in force, all seats of those bodies with their
people and the organisations they represent, the partnerships in force with their
organisations), however many bodies, seats and partners there are. Rules only read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.governance.models import Body, Seat


@dataclass
class RuleContext:
    collaboration: Collaboration
    on_date: dt.date
    bodies: list[Body] = field(default_factory=list)
    # Every seat of the bodies in force, past, present and future, ordered by term start.
    seats_by_body: dict[int, list[Seat]] = field(default_factory=dict)
    partnerships: list[Partnership] = field(default_factory=list)

    @classmethod
    def load(cls, collaboration: Collaboration, on_date: dt.date) -> RuleContext:
        # Touch the country so a rule's ``applies_to`` never queries it (one query at most).
        _ = collaboration.country
        bodies = list(
            Body.objects.on(on_date)
            .filter(collaboration=collaboration)
            .order_by("kind", "name", "pk")
        )
        seats_by_body: dict[int, list[Seat]] = {body.pk: [] for body in bodies}
        if bodies:
            seats = (
                Seat.objects.filter(body_id__in=list(seats_by_body))
                .select_related("person", "represents__municipality")
                .order_by("body_id", "term_start", "pk")
            )
            for seat in seats:
                seats_by_body[seat.body_id].append(seat)
        partnerships = list(
            Partnership.objects.on(on_date)
            .filter(collaboration=collaboration)
            .select_related("organisation__municipality")
            .order_by("organisation__kind", "organisation__name", "pk")
        )
        return cls(collaboration, on_date, bodies, seats_by_body, partnerships)

    # Bodies -------------------------------------------------------------------------------
    def bodies_of_kind(self, *kinds: str) -> list[Body]:
        return [body for body in self.bodies if body.kind in kinds]

    # Seats --------------------------------------------------------------------------------
    def all_seats(self, body: Body) -> list[Seat]:
        return self.seats_by_body.get(body.pk, [])

    def active_seats(self, body: Body) -> list[Seat]:
        """Seats in ``body`` whose term covers the date, vacant ones included."""
        return [seat for seat in self.all_seats(body) if seat.is_active_on(self.on_date)]

    def filled_seats(self, body: Body) -> list[Seat]:
        """Seats in ``body`` whose term covers the date and that someone holds."""
        return [seat for seat in self.active_seats(body) if seat.person_id is not None]

    def filled_seats_in(self, bodies: Iterable[Body]) -> list[Seat]:
        return [seat for body in bodies for seat in self.filled_seats(body)]

    # Partners -----------------------------------------------------------------------------
    def partner_organisations(self, kind: str) -> list[Organisation]:
        seen: dict[int, Organisation] = {}
        for partnership in self.partnerships:
            organisation = partnership.organisation
            if organisation.kind == kind:
                seen.setdefault(organisation.pk, organisation)
        return list(seen.values())

    def member_municipalities(self) -> list[Organisation]:
        """Partner organisations of kind municipality linked to a municipality."""
        return [
            organisation
            for organisation in self.partner_organisations(Organisation.Kind.MUNICIPALITY)
            if organisation.municipality_id is not None
        ]

    def unlinked_municipalities(self) -> list[Organisation]:
        """Partner organisations of kind municipality without a municipality (bad data)."""
        return [
            organisation
            for organisation in self.partner_organisations(Organisation.Kind.MUNICIPALITY)
            if organisation.municipality_id is None
        ]


def seat_label(seat: Seat) -> str:
    """How a message names a seat: its holder, or what it represents, or its role."""
    if seat.person is not None:
        return seat.person.name
    if seat.represents is not None:
        return str(seat.represents)
    return str(seat.get_role_display())
