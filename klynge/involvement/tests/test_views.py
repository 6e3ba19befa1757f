"""The ledger's pages, and its part of the case page: each for the happy path, 403, 404 and
bad input, and the ledger's queries that do not grow with its entries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.involvement.models import Involvement, Step
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_case
from klynge.testing.involvement import make_involvement
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db


def ledger_url(case: Any) -> str:
    return reverse("involvement:ledger", args=[case.pk])


def good(world: World, **kw: str) -> dict[str, Any]:
    return {"body": str(world.panel.pk), "others": "", "step": Step.CONSULTED,
            "happened_on": "2026-11-20", "said": "Panelet vil have en fast kontakt.",
            "feedback": "", "fed_back_on": ""} | kw


def test_the_case_page_says_when_nobody_was_involved(client: Client, world: World) -> None:
    case = make_case(world.collaboration)
    page = sign_in(client, world.member).get(case.get_absolute_url()).text
    assert "No user involvement has been recorded for this case" in page
    assert ledger_url(case) in page and "Record involvement" not in page


def test_the_case_page_shows_the_ledger(client: Client, world: World) -> None:
    case = make_case(world.collaboration)
    make_involvement(case, body=world.panel, step=Step.CO_PRODUCED, said="Vi vil være med.")
    page = sign_in(client, world.secretariat).get(case.get_absolute_url()).text
    assert "Brugerpanel" in page and "co-produced" in page and "feedback owed" in page
    assert "Record involvement and feedback" in page


def test_a_member_reads_the_ledger_without_the_form(client: Client, world: World) -> None:
    case = make_case(world.collaboration)
    make_involvement(case, others="Borgermøde i Testby")
    response = sign_in(client, world.member).get(ledger_url(case))
    assert response.status_code == 200
    assert "Borgermøde i Testby" in response.text and "Record an involvement" not in response.text


def test_the_secretariat_records_an_involvement(client: Client, world: World) -> None:
    case = make_case(world.collaboration)
    response = sign_in(client, world.secretariat).post(ledger_url(case), good(world))
    assert response.status_code == 302
    entry = Involvement.objects.get()
    assert entry.case == case and entry.body == world.panel
    assert "The involvement was recorded." in client.get(ledger_url(case)).text


@pytest.mark.parametrize(("data", "message"), [
    ({"body": "", "others": ""}, "Name who was involved"),
    ({"happened_on": "2026-12-24"}, "cannot be after today"),
    ({"fed_back_on": "2026-11-25"}, "Write what was fed back"),
    ({"feedback": "Taget med", "fed_back_on": "2026-11-01"}, "Feedback comes after"),
    ({"step": "decided"}, "Select a valid choice"),
])
def test_bad_input_is_refused_with_a_message(client: Client, world: World,
                                             data: dict[str, str], message: str) -> None:
    case = make_case(world.collaboration)
    response = sign_in(client, world.secretariat).post(ledger_url(case), good(world, **data))
    assert response.status_code == 422
    assert message in response.text and not Involvement.objects.exists()


def test_a_member_may_not_record(client: Client, world: World) -> None:
    case = make_case(world.collaboration)
    assert sign_in(client, world.member).post(ledger_url(case), good(world)).status_code == 403
    assert not Involvement.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_an_invisible_case_has_no_ledger(client: Client, world: World, persona: str) -> None:
    case = make_case(world.collaboration, confidential=True)
    entry = make_involvement(case)
    client = sign_in(client, getattr(world, persona))
    assert client.get(ledger_url(case)).status_code == 404
    assert client.get(reverse("involvement:edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("involvement:remove", args=[entry.pk])).status_code == 404
    assert client.get(reverse("involvement:ledger", args=[999999])).status_code == 404


def test_the_secretariat_records_the_feedback(client: Client, world: World) -> None:
    entry = make_involvement(make_case(world.collaboration), body=world.panel)
    url = reverse("involvement:edit", args=[entry.pk])
    client = sign_in(client, world.secretariat)
    assert client.get(url).status_code == 200
    bad = client.post(url, good(world, feedback="", fed_back_on="2026-11-29"))
    assert bad.status_code == 422 and "Write what was fed back" in bad.text
    response = client.post(url, good(world, feedback="Forslaget er med i planen.",
                                     fed_back_on="2026-11-29"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.feedback == "Forslaget er med i planen." and not entry.owes_feedback


def test_a_member_may_not_change_or_remove(client: Client, world: World) -> None:
    entry = make_involvement(make_case(world.collaboration))
    client = sign_in(client, world.member)
    assert client.get(reverse("involvement:edit", args=[entry.pk])).status_code == 403
    assert client.post(reverse("involvement:remove", args=[entry.pk])).status_code == 403
    assert Involvement.objects.filter(pk=entry.pk).exists()


def test_the_secretariat_removes_an_entry(client: Client, world: World) -> None:
    entry = make_involvement(make_case(world.collaboration))
    client = sign_in(client, world.secretariat)
    assert client.post(reverse("involvement:remove", args=[entry.pk])).status_code == 302
    assert not Involvement.objects.exists()
    assert client.get(reverse("involvement:remove", args=[entry.pk])).status_code == 405


def test_the_ledger_queries_do_not_grow_with_entries(client: Client, world: World) -> None:
    case = make_case(world.collaboration)
    make_involvement(case, body=world.panel)
    client = sign_in(client, world.secretariat)
    with CaptureQueriesContext(connection) as few:
        client.get(ledger_url(case))
    for n in range(8):
        make_involvement(case, body=world.panel if n % 2 else None, others=f"Møde {n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(ledger_url(case)).status_code == 200
    assert len(many) == len(few) <= 16
