"""The secretariat creates the structure the law requires from the collaboration's page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from klynge.governance.models import Body, Seat
from klynge.governance.tests.views_support import add_structure, english  # noqa: F401
from klynge.testing.auth import sign_in
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = make_world()
    add_structure(world)  # a region and a municipality as partners, a political level
    return world


def url(world: World, date: str = "2026-11-30") -> str:
    return reverse("governance:structure_blueprint", args=[world.collaboration.code]) + (
        f"?date={date}")


def _counts(world: World) -> tuple[int, int]:
    return (Body.objects.filter(collaboration=world.collaboration).count(),
            Seat.objects.filter(body__collaboration=world.collaboration).count())


def test_the_preview_lists_what_is_missing_and_creates_nothing(client: Client,
                                                               world: World) -> None:
    before = _counts(world)
    sign_in(client, world.secretariat)
    response = client.get(url(world))
    assert response.status_code == 200
    page = response.text
    assert "<h1>Create the structure the law requires</h1>" in page
    assert "Danish health cluster (sundhedsloven § 203)" in page
    assert "Vacant seat: Region Testland – chair of the regional council" in page
    assert "Vacant seat: Region Testland, psychiatry – representative" in page
    assert '<label for="id_date">' in page
    plan = response.context["plan"]
    assert [body.name for body in plan.bodies] == ["Politisk niveau", "Styregruppe",
                                                   "Sekretariat"]
    assert not any(body.is_new for body in plan.bodies)  # all three kinds exist
    assert _counts(world) == before


def test_creating_it_then_nothing_twice(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    response = client.post(url(world))
    assert response.status_code == 302
    assert response["Location"] == world.collaboration.get_absolute_url() + "?date=2026-11-30"
    after = _counts(world)
    political = world.collaboration.bodies.get(kind=Body.Kind.POLITICAL)
    assert political.seats.filter(capacity=Seat.Capacity.REGIONAL_COUNCIL_CHAIR,
                                  person__isnull=True).exists()
    assert political.seats.filter(capacity=Seat.Capacity.MAYOR).count() == 1  # kept, not added
    response = client.post(url(world), follow=True)
    assert _counts(world) == after
    assert "Nothing was missing; nothing was created." in response.text
    assert client.get(url(world)).context["plan"].is_complete


def test_a_member_may_not(client: Client, world: World) -> None:
    before = _counts(world)
    sign_in(client, world.member)
    assert client.get(url(world)).status_code == 403
    assert client.post(url(world)).status_code == 403
    assert _counts(world) == before


def test_an_unknown_collaboration_is_404(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    missing = reverse("governance:structure_blueprint", args=["findes-ikke"])
    assert client.get(missing).status_code == 404
    assert client.post(missing).status_code == 404


def test_no_template_on_the_date(client: Client, world: World) -> None:
    sign_in(client, world.admin)
    response = client.get(url(world, "2021-01-01"))  # before the clusters
    assert "No structure template applies to this collaboration on this date." in response.text
    before = _counts(world)
    response = client.post(url(world, "2021-01-01"), follow=True)
    assert "No structure template applies to Testklyngen on 2021-01-01." in response.text
    assert _counts(world) == before


def test_the_collaboration_page_links_to_it_for_those_who_may_edit(client: Client,
                                                                   world: World) -> None:
    link = reverse("governance:structure_blueprint", args=[world.collaboration.code])
    sign_in(client, world.secretariat)
    assert link in client.get(world.collaboration.get_absolute_url()).text
    sign_in(client, world.member)
    assert link not in client.get(world.collaboration.get_absolute_url()).text
