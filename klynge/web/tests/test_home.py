"""The start page: the collaborations the user can see, filters, their own seats."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from klynge.collaborations.actions import do_update_collaboration
from klynge.collaborations.models import Collaboration
from klynge.core.models import Confidence
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_collaboration, make_country
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client: Client) -> None:
    """Pages in English, so the tests read the same once translations exist."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
HOME = reverse("web:home")


@pytest.fixture
def world() -> World:
    return make_world()


def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_lists_the_collaborations(client: Client, world: World) -> None:
    sign_in(client, world.outsider)
    response = client.get(HOME)
    assert response.status_code == 200
    assert "Testklyngen" in response.text and "Andenklyngen" in response.text


def test_danish_is_the_default(client: Client, world: World) -> None:
    client.cookies.clear()
    sign_in(client, world.outsider)
    assert '<html lang="da">' in client.get(HOME).text


def test_it_shows_the_users_seats(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    response = client.get(HOME)
    assert [seat.body for seat in response.context["own_seats"]] == [world.secretariat_body]
    assert "Your seats" in response.text


def test_unconfirmed_collaborations_are_marked_in_text(client: Client, world: World) -> None:
    make_collaboration(name="Rygteklyngen", confidence=Confidence.UNCONFIRMED)
    sign_in(client, world.outsider)
    page = client.get(HOME).text
    assert page.count(">unconfirmed<") == 1


def test_filters(client: Client, world: World) -> None:
    norway = make_country("NO", "Norge")
    make_collaboration(name="Helsefellesskap Bergen", country=norway,
                       kind=Collaboration.Kind.HEALTH_COMMUNITY)
    sign_in(client, world.outsider)
    by_country = client.get(HOME, {"country": "NO"}).context["collaborations"]
    assert [c.name for c in by_country] == ["Helsefellesskap Bergen"]
    by_kind = client.get(HOME, {"kind": "health_cluster"}).context["collaborations"]
    assert "Helsefellesskap Bergen" not in [c.name for c in by_kind]
    by_text = client.get(HOME, {"q": "anden"}).context["collaborations"]
    assert [c.name for c in by_text] == ["Andenklyngen"]


def test_htmx_gets_only_the_results(client: Client, world: World) -> None:
    sign_in(client, world.outsider)
    response = client.get(HOME, {"q": "test"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="results"')
    assert "<html" not in response.text and "Testklyngen" in response.text


def test_queries_do_not_grow_with_collaborations(client: Client, world: World) -> None:
    """Counted with the cards drawn afresh (the factories write around the actions, so they
    do not bump the structure version that keys the drawn cards)."""
    sign_in(client, world.secretariat)
    caches["versioned"].clear()  # both layers
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for _ in range(10):
        make_collaboration()
    caches["versioned"].clear()  # both layers
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    assert len(many) == len(few) <= 16  # with the version, the cards' cache read and written
    with CaptureQueriesContext(connection) as drawn_already:
        client.get(HOME)
    assert len(drawn_already) <= len(few) - 3  # no collaborations read, nothing stored


def test_a_changed_collaboration_shows_at_once(client: Client, world: World) -> None:
    sign_in(client, world.member)
    assert "Testklyngen" in client.get(HOME).text
    do_update_collaboration(world.secretariat, world.collaboration, name="Omdøbt klynge")
    page = client.get(HOME).text
    assert "Omdøbt klynge" in page and "Testklyngen" not in page
    with translation.override("en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert "1 collaboration" in client.get(HOME, {"q": "omdøbt"}).text
