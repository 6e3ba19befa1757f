"""Rules for every collaboration, whatever its kind and country, on any date.

They are the platform's own rules of good order, not law: a body is led by someone, a seat
is held, a term that ended is filled again, one person holds one seat in a body.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klynge.governance.models import Body, Seat
from klynge.governance.rules.base import Finding, Rule, Severity
from klynge.governance.rules.context import RuleContext, seat_label

PLATFORM_SOURCE = "Klynge platform rule (good order of a collaboration; not a legal requirement)"
PLATFORM_CITATION = "Klynge platform rule (not law)"
PLATFORM_URL = "docs/governance-rules.md#common-rules"


class PlatformRule(Rule):
    """A rule of the platform's own: it cites the platform's documentation, not a law."""

    source = PLATFORM_SOURCE
    citation = PLATFORM_CITATION
    source_url = PLATFORM_URL


class BodyHasChair(PlatformRule):
    id = "body-has-chair"
    severity = Severity.ERROR
    title = gettext_lazy("Every body has a chair")
    exempt_kinds = (Body.Kind.SECRETARIAT,)

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies:
            if body.kind in self.exempt_kinds:
                continue
            if not any(seat.role in Seat.CHAIR_ROLES for seat in context.filled_seats(body)):
                yield self.finding(
                    context, _("%(body)s has no chair.") % {"body": body.name}, body=body
                )


class SeatVacant(PlatformRule):
    id = "seat-vacant"
    severity = Severity.WARNING
    title = gettext_lazy("No seat is vacant")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies:
            for seat in context.active_seats(body):
                if seat.person_id is not None:
                    continue
                if seat.represents is not None:
                    message = _("The seat representing %(organisation)s in %(body)s is vacant.") % {
                        "organisation": seat.represents.name, "body": body.name,
                    }
                else:
                    message = _("A seat (%(role)s) in %(body)s is vacant.") % {
                        "role": seat.get_role_display(), "body": body.name,
                    }
                yield self.finding(context, message, seat=seat, organisation=seat.represents)


class SeatTermLapsed(PlatformRule):
    """A seat whose term ended with no successor: same body, role, represents, constituency."""

    id = "seat-term-lapsed"
    severity = Severity.WARNING
    title = gettext_lazy("No seat's term has lapsed unfilled")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies:
            current = {_slot(seat) for seat in context.active_seats(body)}
            latest: dict[tuple[str, int | None, str], tuple[dt.date, Seat]] = {}
            for seat in context.all_seats(body):
                end = seat.term_end
                if end is None or end >= context.on_date or _slot(seat) in current:
                    continue
                known = latest.get(_slot(seat))
                if known is None or known[0] <= end:
                    latest[_slot(seat)] = (end, seat)
            for end, seat in latest.values():
                values = {"person": seat_label(seat), "body": body.name, "date": end.isoformat()}
                if seat.person is not None:
                    message = _(
                        "The term of %(person)s in %(body)s ended on %(date)s and the seat "
                        "has not been filled."
                    ) % values
                else:
                    message = _(
                        "A seat (%(person)s) in %(body)s ended on %(date)s and has not been filled."
                    ) % values
                yield self.finding(context, message, seat=seat, organisation=seat.represents)


def _slot(seat: Seat) -> tuple[str, int | None, str]:
    return (seat.role, seat.represents_id, seat.constituency or "")


class OneSeatPerPersonInBody(PlatformRule):
    id = "person-one-seat-per-body"
    severity = Severity.ERROR
    title = gettext_lazy("No person holds two seats in one body")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for body in context.bodies:
            by_person: dict[int, list[Seat]] = defaultdict(list)
            for seat in context.filled_seats(body):
                by_person[seat.person_id or 0].append(seat)
            for seats in by_person.values():
                if len(seats) < 2:
                    continue
                count = len(seats)
                message = ngettext(
                    "%(person)s holds %(count)d seat in %(body)s.",
                    "%(person)s holds %(count)d seats in %(body)s.",
                    count,
                ) % {"person": seat_label(seats[0]), "count": count, "body": body.name}
                yield self.finding(context, message, seat=seats[1])


class MunicipalityPartnerLinked(PlatformRule):
    id = "partner-municipality-unlinked"
    needs_structure = False
    severity = Severity.WARNING
    title = gettext_lazy("Every municipality partner is linked to a municipality")
    source = "Klynge platform rule (data quality of the reference data)"

    def check(self, context: RuleContext) -> Iterator[Finding]:
        for organisation in context.unlinked_municipalities():
            yield self.finding(
                context,
                _(
                    "%(organisation)s is a municipality partner but is not linked to a "
                    "municipality in the reference data."
                ) % {"organisation": organisation.name},
            )


COMMON_RULES: list[Rule] = [
    BodyHasChair(),
    OneSeatPerPersonInBody(),
    SeatVacant(),
    SeatTermLapsed(),
    MunicipalityPartnerLinked(),
]
