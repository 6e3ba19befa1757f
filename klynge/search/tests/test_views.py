"""The search page: what it finds for whom, bad input, signing in, and its queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from klynge.hearings.models import Hearing
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_case
from klynge.testing.hearings import make_answer, make_hearing, make_party
from klynge.testing.meetings import make_item, make_meeting
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db
URL = reverse("search:search")


@pytest.fixture
def world(client: Client) -> World:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return make_world()


def test_signing_in_is_required(client: Client) -> None:
    response = client.get(URL, {"q": "ældre"})
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_cases_are_found_by_part_of_a_word(client: Client, world: World) -> None:
    case = make_case(world.collaboration, title="Ældrerådets forslag om genoptræning")
    sign_in(client, world.member)
    response = client.get(URL, {"q": "ældre"})
    assert response.status_code == 200
    assert case.file_number in response.text and case.get_absolute_url() in response.text


def test_an_outsider_finds_no_case(client: Client, world: World) -> None:
    make_case(world.collaboration, title="Ældrerådets forslag")
    sign_in(client, world.outsider)
    response = client.get(URL, {"q": "ældre"})
    assert response.status_code == 200 and not response.context["found"]


def test_a_confidential_case_is_found_only_by_those_who_may_see_it(
        client: Client, world: World) -> None:
    case = make_case(world.collaboration, title="Fortroligt ældreforløb", confidential=True)
    sign_in(client, world.member)
    assert case.get_absolute_url() not in client.get(URL, {"q": "ældreforløb"}).text
    sign_in(client, world.secretariat)
    assert case.get_absolute_url() in client.get(URL, {"q": "ældreforløb"}).text


def test_agenda_items_and_hearing_answers_are_found(client: Client, world: World) -> None:
    meeting = make_meeting(world.strategic, state="agenda_released")
    item = make_item(meeting, title="Sundhedsklyngens årsplan")
    hearing = make_hearing(world.collaboration, state=Hearing.State.SUMMARISED)
    make_answer(make_party(hearing, body=world.panel), text="Brugerpanelet støtter årsplanen")
    sign_in(client, world.secretariat)
    response = client.get(URL, {"q": "årsplan"})
    assert item.get_absolute_url() in response.text
    assert hearing.get_absolute_url() in response.text


def test_one_kind_only(client: Client, world: World) -> None:
    case = make_case(world.collaboration, title="Årsplan for klyngen")
    meeting = make_meeting(world.strategic, state="agenda_released")
    item = make_item(meeting, title="Årsplan")
    sign_in(client, world.secretariat)
    response = client.get(URL, {"q": "årsplan", "kind": "items"})
    assert item.get_absolute_url() in response.text
    assert case.get_absolute_url() not in response.text


@pytest.mark.parametrize("query", ["a", "  ", "%"])
def test_too_short_a_query_is_refused_with_a_message(client: Client, world: World,
                                                     query: str) -> None:
    sign_in(client, world.member)
    response = client.get(URL, {"q": query})
    assert response.status_code == 422
    assert "Search for at least 2 letters" in response.text or "required" in response.text


def test_an_unknown_kind_is_refused(client: Client, world: World) -> None:
    sign_in(client, world.member)
    response = client.get(URL, {"q": "ældre", "kind": "nonsense"})
    assert response.status_code == 422


def test_the_queries_do_not_grow_with_the_hits(client: Client, world: World,
                                               django_assert_max_num_queries: Any) -> None:
    LIMIT = 13 if connection.vendor == "postgresql" else 9  # noqa: N806
    sign_in(client, world.secretariat)
    make_case(world.collaboration, title="Klyngens plan 1")
    client.get(URL, {"q": "plan"})
    for n in range(2, 15):
        make_case(world.collaboration, title=f"Klyngens plan {n}")
    # The session, the user, the roles (2), the user's keys (2), the hits, the unread count;
    # on PostgreSQL also the stems and the plan setting's transaction (4).
    with django_assert_max_num_queries(LIMIT):
        response = client.get(URL, {"q": "plan"})
    assert response.text.count("Klyngens plan") == 5  # the newest five, and a link to all
    assert "Klyngens plan 14" in response.text and "kind=cases" in response.text
    with django_assert_max_num_queries(LIMIT):
        response = client.get(URL, {"q": "plan", "kind": "cases"})
    assert response.text.count("Klyngens plan") == 14


def test_one_kind_has_pages(client: Client, world: World) -> None:
    from klynge.search.pages import PER_PAGE

    for n in range(PER_PAGE + 3):
        make_case(world.collaboration, title=f"Plan nummer {n}")
    sign_in(client, world.secretariat)
    first = client.get(URL, {"q": "plan nummer", "kind": "cases"})
    assert first.text.count("Plan nummer") == PER_PAGE and "page=2" in first.text
    second = client.get(URL, {"q": "plan nummer", "kind": "cases", "page": 2})
    assert second.text.count("Plan nummer") == 3 and "page=1" in second.text
