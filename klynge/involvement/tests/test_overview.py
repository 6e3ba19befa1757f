"""The involvement overview: its counts, the page (happy path, 404, bad input, the cases
behind a bar), the exports, and queries that do not grow with the cases."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from klynge.cases.models import Case
from klynge.involvement.models import Step
from klynge.involvement.overview import NONE, decided_cases, summarise
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_case
from klynge.testing.involvement import make_decision, make_involvement
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db


@dataclass
class Decided:
    consulted: Case  # decided in 2026-Q4, consulted before
    too_late: Case  # decided in 2026-Q3, involvement only after the decision
    without: Case  # decided in 2026-Q4, no involvement
    secret: Case  # confidential, decided in 2026-Q4 with co-production


@pytest.fixture
def decided(world: World) -> Decided:
    body = world.strategic
    consulted = make_case(world.collaboration, title="Hørt sag")
    make_involvement(consulted, body=world.panel, step=Step.INFORMED,
                     happened_on=dt.date(2026, 8, 1))
    make_involvement(consulted, body=world.panel, step=Step.CONSULTED,
                     happened_on=dt.date(2026, 9, 1))
    make_decision(consulted, body, dt.date(2026, 10, 5))
    make_decision(consulted, body, dt.date(2026, 11, 2))  # twice in a quarter: counted once
    too_late = make_case(world.collaboration, title="For sent")
    make_decision(too_late, body, dt.date(2026, 8, 10))
    make_involvement(too_late, body=world.panel, happened_on=dt.date(2026, 9, 1))
    without = make_case(world.collaboration, title="Uden inddragelse")
    make_decision(without, body, dt.date(2026, 10, 20))
    secret = make_case(world.collaboration, title="Fortrolig sag", confidential=True)
    make_involvement(secret, body=world.panel, step=Step.CO_PRODUCED,
                     happened_on=dt.date(2026, 9, 1))
    make_decision(secret, body, dt.date(2026, 10, 21))
    return Decided(consulted, too_late, without, secret)


def url(world: World) -> str:
    return reverse("involvement:overview", args=[world.collaboration.code])


def test_the_counts(world: World, decided: Decided) -> None:
    member = summarise(decided_cases(world.member, world.collaboration))
    q4, q3 = member.by_quarter["2026-Q4"], member.by_quarter["2026-Q3"]
    assert (q4.decided, q4.involved, q4.counts[Step.CONSULTED], q4.counts[NONE]) == (2, 1, 1, 1)
    assert (q3.decided, q3.involved, q3.counts[NONE]) == (1, 0, 1)  # involved too late
    assert list(member.by_quarter) == ["2026-Q4", "2026-Q3"]  # newest first
    secretariat = summarise(decided_cases(world.secretariat, world.collaboration))
    assert secretariat.by_quarter["2026-Q4"].counts[Step.CO_PRODUCED] == 1  # sees the secret
    assert secretariat.total.decided == 4 and round(secretariat.total.share or 0) == 50


def test_the_page_shows_the_chart_and_the_tables(client: Client, world: World,
                                                  decided: Decided) -> None:
    response = sign_in(client, world.member).get(url(world))
    assert response.status_code == 200
    page = response.text
    assert "1 of 3 decided cases had user involvement." in page
    assert 'id="involvement-chart-data"' in page and "plotly.min.js" in page
    assert "2026-Q4" in page and "By deciding body" in page and "Styregruppe" in page
    assert "Fortrolig sag" not in page


def test_a_bar_lists_its_cases(client: Client, world: World, decided: Decided) -> None:
    client = sign_in(client, world.member)
    page = client.get(url(world), {"quarter": "2026-Q4", "level": "consulted"}).text
    assert "1 case: 2026-Q4, consulted" in page
    assert "Hørt sag" in page and "Uden inddragelse" not in page
    page = client.get(url(world), {"level": NONE}).text
    assert "For sent" in page and "Uden inddragelse" in page and "Hørt sag" not in page


@pytest.mark.parametrize(("query", "message"), [
    ({"quarter": "2026-13"}, "A quarter is written as 2026-Q3."),
    ({"level": "decided"}, "Select a valid choice"),
    ({"body": "999999"}, "Select a valid choice"),
])
def test_a_bad_choice_is_refused_with_a_message(client: Client, world: World, decided: Decided,
                                                 query: dict[str, str], message: str) -> None:
    response = sign_in(client, world.member).get(url(world), query)
    assert response.status_code == 422 and message in response.text


def test_an_outsider_counts_nothing(client: Client, world: World, decided: Decided) -> None:
    page = sign_in(client, world.outsider).get(url(world)).text
    assert "No case you may see has been decided yet." in page and "Hørt sag" not in page


def test_a_body_has_its_overview(client: Client, world: World, decided: Decided) -> None:
    client = sign_in(client, world.member)
    response = client.get(reverse("involvement:body_overview", args=[world.strategic.pk]))
    assert response.status_code == 200 and "1 of 3 decided cases" in response.text
    confidential = reverse("involvement:body_overview", args=[world.confidential.pk])
    assert client.get(confidential).status_code == 404
    assert client.get(reverse("involvement:overview", args=["no-such"])).status_code == 404


def test_the_exports(client: Client, world: World, decided: Decided) -> None:
    client = sign_in(client, world.member)
    code = world.collaboration.code
    csv = client.get(reverse("involvement:overview_csv", args=[code]))
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Quarter,Body,Decided,With involvement")
    assert lines[1].startswith("2026-Q4,Styregruppe,2,1,50,0,1,")
    xlsx = client.get(reverse("involvement:overview_xlsx", args=[code]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[2]][:5] == ["2026-Q4", "Styregruppe", 2, 1, 50]


def test_the_queries_do_not_grow_with_the_cases(client: Client, world: World,
                                                decided: Decided) -> None:
    client = sign_in(client, world.member)
    with CaptureQueriesContext(connection) as few:
        client.get(url(world), {"quarter": "2026-Q4"})
    for n in range(6):
        case = make_case(world.collaboration)
        make_involvement(case, happened_on=dt.date(2026, 7, 1))
        make_decision(case, world.strategic, dt.date(2026, 7 + n, 3))
    with CaptureQueriesContext(connection) as many:
        client.get(url(world), {"quarter": "2026-Q4"})
    assert len(many) == len(few) <= 14


def test_the_collaboration_and_its_bodies_link_to_the_overview(client: Client,
                                                               world: World) -> None:
    client = sign_in(client, world.member)
    page = client.get(world.collaboration.get_absolute_url()).text
    assert f'href="{url(world)}"' in page
    body_page = client.get(world.strategic.get_absolute_url()).text
    assert reverse("involvement:body_overview", args=[world.strategic.pk]) in body_page
