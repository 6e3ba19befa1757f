"""The statistics page and its downloads: who may see them, small counts suppressed, CSV and
XLSX of both tables, bad input."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from klynge.accounts.models import User
from klynge.governance.models import RoleGrant
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_grant, make_person, make_user
from klynge.testing.volunteering import (
    VolunteeringWorld,
    make_contact,
    make_match,
    make_referral,
    make_volunteer,
)
from klynge.volunteering.models import Referral

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
OCTOBER = dt.datetime(2026, 10, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def url(vw: VolunteeringWorld, table: str = "", fmt: str = "") -> str:
    if table:
        return reverse("volunteering:statistics_download", args=[vw.programme.pk, table, fmt])
    return reverse("volunteering:statistics", args=[vw.programme.pk])


def secretary(vw: VolunteeringWorld) -> User:
    user = make_user()
    make_grant(make_person(user=user), RoleGrant.Role.ORGANISATION_SECRETARY,
               organisation=vw.programme.organisation)
    return user


@pytest.fixture
def busy(vw: VolunteeringWorld) -> VolunteeringWorld:
    """Six referrals in October, five matched in November a week later, with contacts of
    six volunteers; two referrals in November."""
    for n in range(6):
        referral = make_referral(vw.programme, vw.referrer, submitted_at=OCTOBER,
                                 state=Referral.State.ACCEPTED)
        if n < 5:
            volunteer = make_volunteer(vw.programme, f"v{n}", certificates=[{}])
            match = make_match(referral, volunteer,
                               matched_at=OCTOBER + dt.timedelta(days=35))
            make_contact(match, minutes=90)
    make_contact(make_match(make_referral(vw.programme, submitted_at=NOW,
                                          state=Referral.State.ACCEPTED), vw.volunteer),
                 minutes=30)
    make_referral(vw.programme, submitted_at=NOW)
    return vw


def test_the_coordinator_reads_the_figures_by_month(client: Client,
                                                    busy: VolunteeringWorld) -> None:
    page = sign_in(client, busy.coordinator).get(url(busy)).content.decode()
    october = page.split("October 2026")[1].split("</tr>")[0]
    assert "<td>6</td><td>–</td><td>0</td><td>0</td>" in "".join(october.split())
    november = page.split("November 2026")[1].split("</tr>")[0]
    assert "<td>35</td>" in november  # the median days from referral to match
    assert "<td>6</td>" in november  # six matches
    assert november.count("fewer than 5") == 1  # two referrals received
    assert "<td>8</td>" in page  # 7.5 hours + 0.5 hours, of six volunteers
    assert url(busy, "months", "csv") in page and url(busy, "hours", "xlsx") in page


def test_few_volunteers_hide_the_hours(client: Client, vw: VolunteeringWorld) -> None:
    make_contact(make_match(make_referral(vw.programme, state=Referral.State.ACCEPTED),
                            vw.volunteer), minutes=600)
    page = sign_in(client, vw.coordinator).get(url(vw)).content.decode()
    assert "not shown: fewer than 5 volunteers" in page and ">10<" not in page


def test_the_csv_of_the_months_leaves_suppressed_cells_empty(client: Client,
                                                             busy: VolunteeringWorld) -> None:
    response = sign_in(client, secretary(busy)).get(url(busy, "months", "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="volunteering-' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Month,Referrals received,Median days")
    assert lines[1:] == ["2026-10,6,,0,0", "2026-11,,35.0,6,0"]


def test_the_xlsx_of_the_hours(client: Client, busy: VolunteeringWorld) -> None:
    admin = make_user(is_superuser=True, is_staff=True)
    response = sign_in(client, admin).get(url(busy, "hours", "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows == [("Programme", "Volunteer hours", "Volunteers who logged them"),
                    ("Patientnavigatører", 8, 6)]


def test_only_coordinators_secretaries_and_administrators_see_the_statistics(
        client: Client, vw: VolunteeringWorld) -> None:
    for user in (vw.other_coordinator, vw.referrer, vw.volunteer_user, vw.outsider):
        client = sign_in(client, user)
        assert client.get(url(vw)).status_code == 403
        assert client.get(url(vw, "months", "csv")).status_code == 403
    assert sign_in(client, secretary(vw)).get(url(vw)).status_code == 200
    assert sign_in(client, vw.coordinator).get(
        reverse("volunteering:statistics", args=[999999])).status_code == 404


def test_an_unknown_table_or_format_is_404(client: Client, vw: VolunteeringWorld) -> None:
    client = sign_in(client, vw.coordinator)
    assert client.get(url(vw, "patients", "csv")).status_code == 404
    assert client.get(url(vw, "months", "pdf")).status_code == 404
    assert client.get(reverse("volunteering:statistics_download",
                              args=[999999, "months", "csv"])).status_code == 404
