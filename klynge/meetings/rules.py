"""How a body meets: who approves its minutes and whether a member may send a substitute.

A body with a :class:`~klynge.meetings.models.MeetingRules` row follows it; one without
follows its collaboration's kind:

- a Danish health cluster: its two equal chairs (the seats with role chair or co-chair);
- a health council (sundhedsråd): its chair;
- anything else, and an organisation's own bodies: the members present.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body, Person, Seat
from klynge.meetings.models import ItemAttendance, Meeting, MeetingRules

Approval = MeetingRules.Approval

DEFAULT_BY_KIND = {
    Collaboration.Kind.HEALTH_CLUSTER: Approval.CHAIRS,
    Collaboration.Kind.HEALTH_COUNCIL: Approval.CHAIR,
}


@dataclass(frozen=True)
class Rules:
    minutes_approved_by: str
    substitutes_allowed: bool
    configured: bool  # a MeetingRules row (False: the default of the collaboration's kind)

    @property
    def approval_label(self) -> str:
        return str(Approval(self.minutes_approved_by).label)


def default_approval(body: Body) -> str:
    """Who approves the minutes of ``body`` when nobody has set it (the collaboration is
    loaded with the body, or read here)."""
    collaboration = body.collaboration if body.collaboration_id else None
    if collaboration is None:
        return Approval.MEMBERS_PRESENT
    return DEFAULT_BY_KIND.get(collaboration.kind, Approval.MEMBERS_PRESENT)  # type: ignore[call-overload]


def rules_for(body: Body) -> Rules:
    """The rules ``body`` follows (one query for the row)."""
    row = MeetingRules.objects.filter(body=body).first()
    if row is not None:
        return Rules(row.minutes_approved_by, row.substitutes_allowed, configured=True)
    return Rules(default_approval(body), substitutes_allowed=False, configured=False)


def _seat_holders(body: Body, day: dt.date, roles: tuple[str, ...]) -> list[Person]:
    seats = (Seat.objects.on(day).filter(body=body, role__in=roles, person__isnull=False)
             .select_related("person").order_by("role", "person__name"))
    people: dict[int, Person] = {}
    for seat in seats:
        assert seat.person is not None
        people.setdefault(seat.person.pk, seat.person)
    return list(people.values())


def chairs(body: Body, day: dt.date) -> list[Person]:
    """Who holds a chair or co-chair seat in ``body`` on ``day``."""
    return _seat_holders(body, day, tuple(Seat.CHAIR_ROLES))


def members(body: Body, day: dt.date) -> list[Person]:
    """Who holds a seat in ``body`` on ``day`` (any role but observer and secretary)."""
    return _seat_holders(body, day, (Seat.Role.CHAIR, Seat.Role.CO_CHAIR,
                                     Seat.Role.VICE_CHAIR, Seat.Role.MEMBER))


def present_people(meeting: Meeting) -> list[Person]:
    """Who was present for at least one item of ``meeting``."""
    ids = (ItemAttendance.objects.filter(item__meeting=meeting, present=True)
           .values_list("person_id", flat=True))
    return list(Person.objects.filter(pk__in=ids).order_by("name", "pk"))


def approvers(meeting: Meeting) -> list[Person]:
    """Who approves the minutes of ``meeting`` under its body's rules. A body without the
    people the rule asks for is refused with a message saying what is missing."""
    rule = rules_for(meeting.body).minutes_approved_by
    day = meeting.day
    if rule == Approval.CHAIRS:
        people = chairs(meeting.body, day)
        missing = _("%(body)s has no chair on the day of the meeting.")
    elif rule == Approval.CHAIR:
        people = _seat_holders(meeting.body, day, (Seat.Role.CHAIR,))
        people = people or chairs(meeting.body, day)
        missing = _("%(body)s has no chair on the day of the meeting.")
    else:
        people = present_people(meeting)
        missing = _("Nobody is recorded as present at the meeting of %(body)s; record the "
                    "attendance first.")
    if not people:
        raise ValidationError(missing % {"body": meeting.body.name})
    return people
