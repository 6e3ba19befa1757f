"""Rooms for recovery stays: booked by the coordinator within the programme's rooms and its
longest stay; both days of a booking are included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import acting_user, created, record
from klynge.core.writes import locked
from klynge.volunteering import access, checks
from klynge.volunteering.actions.common import code, locked_referral, refuse_unless
from klynge.volunteering.models import Booking, Programme, Referral

BOOKABLE = (Referral.State.ACCEPTED, Referral.State.MATCHED)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def check_booking(programme: Programme, referral: Referral, room: Any,
                  starts_on: dt.date | None, ends_on: dt.date | None) -> int:
    """The room, checked against the programme's rooms, its longest stay and the bookings
    already made (call with the programme's row locked)."""
    if not programme.is_stay or not programme.rooms or not programme.max_stay_days:
        raise ValidationError(_("Only a recovery stay books rooms."))
    if referral.state not in BOOKABLE:
        raise ValidationError(_("Accept the referral before booking a room."))
    number = checks.whole("room", room, low=1, high=programme.rooms, blank=False)
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise ValidationError({"ends_on": _("Give the first and the last day of the stay.")})
    length = (ends_on - starts_on).days + 1
    if length > programme.max_stay_days:
        raise ValidationError({"ends_on": _(
            "A stay lasts at most %(most)d days; this one would last %(days)d.")
            % {"most": programme.max_stay_days, "days": length}})
    overlapping = list(Booking.objects.filter(
        referral__programme=programme, cancelled_at__isnull=True, starts_on__lte=ends_on,
        ends_on__gte=starts_on).values_list("referral_id", "room", "starts_on", "ends_on"))
    if any(other == referral.pk for other, _r, _s, _e in overlapping):
        raise ValidationError(_("The patient already has a room on some of these days."))
    if any(other_room == number for _ref, other_room, _s, _e in overlapping):
        raise ValidationError({"room": _("Room %(room)d is booked on some of these days.")
                               % {"room": number}})
    for day in _days(starts_on, ends_on):
        taken = sum(1 for _ref, _room, first, last in overlapping if first <= day <= last)
        if taken >= programme.rooms:
            raise ValidationError(_("All %(rooms)d rooms are booked on %(day)s.")
                                  % {"rooms": programme.rooms, "day": day.isoformat()})
    return int(number)  # type: ignore[arg-type]


@transaction.atomic
def do_book_room(actor: Any, referral: Referral, *, room: int, starts_on: dt.date,
                 ends_on: dt.date) -> Booking:
    """Book room ``room`` for the patient of ``referral`` from ``starts_on`` to ``ends_on``.
    Refused beyond the programme's rooms (never more overlapping bookings than rooms) and
    beyond its longest stay."""
    referral = locked_referral(referral)
    refuse_unless(access.may_change_referral(actor, referral))
    programme = locked(Programme).select_related("collaboration").get(pk=referral.programme_id)
    number = check_booking(programme, referral, room, starts_on, ends_on)
    booking = Booking.objects.create(referral=referral, room=number, starts_on=starts_on,
                                     ends_on=ends_on, booked_by=acting_user(actor))
    record(actor, "create", booking, collaboration_code=code(programme),
           changes=created(booking, ["referral", "room", "starts_on", "ends_on"]))
    return booking


@transaction.atomic
def do_cancel_booking(actor: Any, booking: Booking) -> Booking:
    booking = locked(Booking).select_related("referral__programme__collaboration").get(
        pk=booking.pk)
    refuse_unless(access.may_change_referral(actor, booking.referral))
    if booking.cancelled_at is not None:
        raise ValidationError(_("The booking is already cancelled."))
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["cancelled_at"])
    record(actor, "cancel", booking, collaboration_code=code(booking.referral.programme),
           changes={"cancelled_at": (None, booking.cancelled_at)})
    return booking
