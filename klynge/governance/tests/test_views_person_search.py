"""Finding an existing person for a new seat: the search on the body page and its HTMX part."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.governance.forms import PEOPLE_OFFERED
from klynge.governance.models import Body, Seat
from klynge.governance.tests.views_support import english  # noqa: F401
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_body, make_organisation, make_person, make_seat
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def search_url(body: Body, query: str) -> str:
    return reverse("governance:seat_people", args=[body.pk]) + "?person_q=" + query


def offered(response: HttpResponse) -> list[str]:
    """The labels of the people offered in the add-seat form, without the empty choice."""
    select = re.search(r'<select name="person".*?</select>', response.text, re.S)
    assert select is not None
    return [html.unescape(label) for label in re.findall(r'<option value="\d+"[^>]*>([^<]*)<',
                                                         select.group(0))]


def seat_people(world: World, *names: str) -> None:
    for name in names:
        make_seat(world.panel, make_person(name=name))


def test_the_search_narrows_the_people_offered(client: Client, world: World) -> None:
    seat_people(world, "Søren Sørensen", "Sørine Holm", "Anna Berg")
    sign_in(client, world.secretariat)
    response = client.get(world.strategic.get_absolute_url() + "?person_q=sør")
    assert response.status_code == 200
    assert offered(response) == ["Søren Sørensen", "Sørine Holm"]
    assert 'value="sør"' in response.text  # the search box keeps what was typed


def test_namesakes_are_told_apart_by_workplace(client: Client, world: World) -> None:
    make_seat(world.panel, make_person(name="Jens Hansen",
                                       organisation=make_organisation(name="Hospitalsenhed Vest")))
    make_seat(world.panel, make_person(name="Jens Hansen"))
    sign_in(client, world.secretariat)
    response = client.get(world.strategic.get_absolute_url() + "?person_q=jens")
    assert sorted(offered(response)) == ["Jens Hansen", "Jens Hansen (Hospitalsenhed Vest)"]


def test_people_of_the_collaboration_come_first(client: Client, world: World) -> None:
    make_seat(make_body(world.other_collaboration, kind=Body.Kind.STRATEGIC),
              make_person(name="Alfa Andetsteds"))
    seat_people(world, "Zeta Herfra")
    sign_in(client, world.secretariat)
    response = client.get(world.strategic.get_absolute_url() + "?person_q=f")
    assert offered(response) == ["Zeta Herfra", "Alfa Andetsteds"]
    assert '<optgroup label="In this collaboration">' in response.text
    assert '<optgroup label="In other collaborations">' in response.text


def test_htmx_search_returns_only_the_person_choice(client: Client, world: World) -> None:
    seat_people(world, "Søren Sørensen", "Anna Berg")
    sign_in(client, world.secretariat)
    response = client.get(search_url(world.strategic, "anna"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.text
    assert page.lstrip().startswith('<div id="person-choice"')
    assert "<html" not in page
    assert "Anna Berg" in page and "Søren Sørensen" not in page


def test_a_long_list_is_cut_and_says_so(client: Client, world: World) -> None:
    seat_people(world, *(f"Person {n:03}" for n in range(PEOPLE_OFFERED + 5)))
    sign_in(client, world.secretariat)
    response = client.get(world.strategic.get_absolute_url())
    assert len(offered(response)) == PEOPLE_OFFERED
    assert f"Only the first {PEOPLE_OFFERED} are listed" in response.text
    found = client.get(world.strategic.get_absolute_url() + "?person_q=Person 054")
    assert offered(found) == ["Person 054"]


def test_someone_not_listed_may_still_be_chosen(client: Client, world: World) -> None:
    seat_people(world, *(f"Person {n:03}" for n in range(PEOPLE_OFFERED + 5)))
    last = world.panel.seats.get(person__name="Person 054").person
    sign_in(client, world.secretariat)
    response = client.post(reverse("governance:seat_add", args=[world.strategic.pk]), {
        "person": last.pk, "new_person_name": "", "represents": "", "constituency": "",
        "role": Seat.Role.MEMBER, "capacity": Seat.Capacity.REPRESENTATIVE,
        "term_start": "2024-01-01", "term_end": "",
    })
    assert response.status_code == 302
    assert Seat.objects.filter(body=world.strategic, person=last).exists()


def test_a_refused_form_keeps_the_chosen_person(client: Client, world: World) -> None:
    seat_people(world, *(f"Person {n:03}" for n in range(PEOPLE_OFFERED + 5)))
    last = world.panel.seats.get(person__name="Person 054").person
    sign_in(client, world.secretariat)
    response = client.post(reverse("governance:seat_add", args=[world.strategic.pk]), {
        "person": last.pk, "new_person_name": "", "role": Seat.Role.MEMBER,
        "capacity": Seat.Capacity.REPRESENTATIVE, "term_start": "2024-01-01",
        "term_end": "2023-01-01",
    })
    assert response.status_code == 422
    assert "Person 054" in offered(response)
    assert f'<option value="{last.pk}" selected>Person 054</option>' in response.text


def test_someone_the_secretariat_cannot_see_is_refused(client: Client, world: World) -> None:
    stranger = make_person(name="Fremmed Person")
    make_seat(make_body(world.other_collaboration, kind=Body.Kind.STEERING, confidential=True),
              stranger)
    sign_in(client, world.secretariat)
    assert "Fremmed Person" not in client.get(search_url(world.strategic, "fremmed")).text
    response = client.post(reverse("governance:seat_add", args=[world.strategic.pk]), {
        "person": stranger.pk, "new_person_name": "", "role": Seat.Role.MEMBER,
        "capacity": Seat.Capacity.REPRESENTATIVE, "term_start": "2024-01-01",
    })
    assert response.status_code == 422
    assert "Select a valid choice" in response.text
    assert not Seat.objects.filter(body=world.strategic, person=stranger).exists()


@pytest.mark.parametrize("query", ["%", "_", "'; drop table", "x" * 500])
def test_odd_searches_match_literally(client: Client, world: World, query: str) -> None:
    seat_people(world, "Anna Berg")
    sign_in(client, world.secretariat)
    response = client.get(search_url(world.strategic, query))
    assert response.status_code == 200
    assert offered(response) == []
    assert "Nobody matches the search" in response.text


@pytest.mark.parametrize("persona", ["member", "panel_member", "outsider"])
def test_readers_may_not_search_people(client: Client, world: World, persona: str) -> None:
    sign_in(client, getattr(world, persona))
    assert client.get(search_url(world.strategic, "a")).status_code == 403


def test_a_confidential_body_is_invisible_to_outsiders(client: Client, world: World) -> None:
    sign_in(client, world.outsider)
    assert client.get(search_url(world.confidential, "a")).status_code == 404


def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    response = client.get(search_url(world.strategic, "a"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_search_queries_do_not_grow_with_people(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    url = search_url(world.strategic, "")
    seat_people(world, "Anna Berg")
    few = _count_queries(client, url)
    seat_people(world, *(f"Person {n}" for n in range(20)))
    assert _count_queries(client, url) == few
