"""A programme's figures by month: small counts (1–4) suppressed, zero shown; volunteer hours
suppressed when fewer than five volunteers logged them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from klynge.testing.volunteering import (
    VolunteeringWorld,
    make_contact,
    make_match,
    make_referral,
    make_volunteer,
)
from klynge.volunteering.statistics import MonthFigures, programme_statistics, volunteer_hours

pytestmark = pytest.mark.django_db
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, tzinfo=CPH)


def test_months_with_small_counts_suppressed(vw: VolunteeringWorld) -> None:
    for day in range(1, 8):  # August: seven referrals, five matched in September
        referral = make_referral(vw.programme, submitted_at=at(8, day))
        if day <= 5:
            make_match(referral, vw.volunteer, matched_at=at(9, day + 10))
    for day in (1, 2, 3):  # October: three referrals, two matched, both completed
        referral = make_referral(vw.programme, submitted_at=at(10, day), state="closed",
                                 outcome="completed", closed_at=at(10, 20))
        if day <= 2:
            make_match(referral, vw.volunteer, matched_at=at(10, day + 3))
    months = programme_statistics(vw.programme).months
    assert months == [
        MonthFigures("2026-08", referrals=7, median_waiting_days=None, matches=0,
                     completed=0),
        MonthFigures("2026-09", referrals=0, median_waiting_days=41.0, matches=5,
                     completed=0),
        MonthFigures("2026-10", referrals=None, median_waiting_days=None, matches=None,
                     completed=None),
    ]


def test_no_referrals_no_months(vw: VolunteeringWorld) -> None:
    figures = programme_statistics(vw.programme)
    assert figures.months == [] and figures.volunteer_hours.hours == 0.0


def test_volunteer_hours_per_programme(vw: VolunteeringWorld) -> None:
    for n in range(5):
        volunteer = vw.volunteer if n == 0 else make_volunteer(vw.programme)
        make_contact(make_match(make_referral(vw.programme), volunteer), minutes=90)
    make_contact(make_match(make_referral(vw.other_programme),
                            make_volunteer(vw.other_programme)), minutes=600)
    hours = volunteer_hours([vw.programme, vw.other_programme, vw.stay])
    assert (hours[vw.programme.pk].hours, hours[vw.programme.pk].volunteers) == (7.5, 5)
    assert (hours[vw.other_programme.pk].hours, hours[vw.other_programme.pk].volunteers) == (
        None, None)  # one volunteer's ten hours are theirs alone
    assert hours[vw.stay.pk].hours == 0.0
