"""The collaboration page and creating a body on it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.core.models import Confidence
from klynge.governance.actions.bodies import do_update_body
from klynge.governance.actions.people import do_update_person
from klynge.governance.models import Body, Seat
from klynge.governance.tests.views_support import add_structure, english, fake_rules  # noqa: F401
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_body, make_person, make_seat
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def test_it_shows_the_collaboration(client: Client, world: World) -> None:
    add_structure(world)
    sign_in(client, world.member)
    response = client.get(world.collaboration.get_absolute_url())
    assert response.status_code == 200
    page = response.text
    for text in ("Testklyngen", "Styregruppe", "Politisk niveau", "Region Testland", "Testby",
                 "0999", "Member"):
        assert text in page
    assert "Fortrolig gruppe" not in page  # confidential, and the member is not in it
    assert response.context["body_form"] is None


def test_secretariat_sees_confidential_bodies_marked(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    response = client.get(world.collaboration.get_absolute_url())
    assert "Fortrolig gruppe" in response.text
    assert 'class="badge badge-confidential">confidential<' in response.text
    assert response.context["body_form"] is not None


def test_municipality_table_has_region_on_the_date(client: Client, world: World) -> None:
    add_structure(world)
    sign_in(client, world.outsider)
    rows = client.get(world.collaboration.get_absolute_url()).context["partners"].municipalities
    assert [(r.partnership.organisation.name, r.region_name) for r in rows] == [
        ("Testby", "Region Testland")]


def test_unconfirmed_is_shown_with_its_source(client: Client, world: World) -> None:
    world.collaboration.confidence = Confidence.UNCONFIRMED
    world.collaboration.source = "Avisartikel 2023"
    world.collaboration.save()
    sign_in(client, world.outsider)
    page = client.get(world.collaboration.get_absolute_url()).text
    assert ">unconfirmed<" in page and "Avisartikel 2023" in page


def test_unknown_collaboration_is_404(client: Client, world: World) -> None:
    sign_in(client, world.admin)
    assert client.get(reverse("governance:collaboration", args=["nope"])).status_code == 404


def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    response = client.get(world.collaboration.get_absolute_url())
    assert response.status_code == 302


def test_date_shows_the_structure_then(client: Client, world: World) -> None:
    make_seat(world.strategic, make_person(name="Gammel Formand"), term_end=dt.date(2023, 1, 31))
    sign_in(client, world.member)
    url = world.collaboration.get_absolute_url()
    assert "Gammel Formand" in client.get(url + "?date=2023-01-15").text
    assert "Gammel Formand" not in client.get(url).text


def test_a_bad_date_falls_back_to_today(client: Client, world: World) -> None:
    sign_in(client, world.member)
    response = client.get(world.collaboration.get_absolute_url() + "?date=2024-13-45")
    assert response.status_code == 200
    assert response.context["is_today"]
    assert "date" in response.context["date_form"].errors
    assert 'class="errorlist' in response.text


@pytest.mark.usefixtures("fake_rules")
def test_findings_on_confidential_bodies_stay_hidden(client: Client, world: World) -> None:
    add_structure(world)
    sign_in(client, world.outsider)
    page = client.get(world.collaboration.get_absolute_url()).text
    assert "No regional co-chair" in page
    assert "Secret body finding" not in page
    sign_in(client, world.secretariat)
    assert "Secret body finding" in client.get(world.collaboration.get_absolute_url()).text


def _populate(world: World, bodies: int, seats: int) -> None:
    for i in range(bodies):
        body = make_body(world.collaboration, name=f"Gruppe {i}", parent=world.strategic)
        for _ in range(seats):
            make_seat(body)


def _count_queries(client: Client, url: str) -> int:
    """The page's queries with the rules' findings computed afresh (factories write around
    the actions, so they do not bump the structure version that keys the cache)."""
    caches["versioned"].clear()  # both layers
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_rows(client: Client, world: World) -> None:
    add_structure(world)
    sign_in(client, world.secretariat)
    url = world.collaboration.get_absolute_url()
    _populate(world, 1, 1)
    few = _count_queries(client, url)
    _populate(world, 6, 5)
    assert _count_queries(client, url) == few
    # The page, the session, the user, the header's unread count, the sections of the apps
    # above (the panels' involvement), and on a cold cache the structure, the partners and
    # the municipalities drawn and stored (the cache's reads and writes).
    assert few <= 47
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    # Drawn already: no seats, partners or regions read, nothing stored.
    assert len(warm) <= 22


def test_body_page_queries_do_not_grow_with_seats(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    url = world.strategic.get_absolute_url()
    few = _count_queries(client, url)
    for _ in range(8):
        make_seat(world.strategic)
    make_seat(world.strategic, term_end=dt.date(2023, 1, 1))
    assert _count_queries(client, url) == few


def create_url(world: World) -> str:
    return reverse("governance:body_create", args=[world.collaboration.code])


def body_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"body-name": "Faggruppe Demens", "body-kind": "working_group",
                               "body-mandate": "", "body-parent": "",
                               "body-valid_from": "2024-01-01"}
    data.update(overrides)
    return data


def test_secretariat_creates_a_body(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    response = client.post(create_url(world), body_data(**{"body-parent": world.strategic.pk}))
    body = Body.objects.get(name="Faggruppe Demens")
    assert response.status_code == 302 and response["Location"] == body.get_absolute_url()
    assert body.parent == world.strategic and body.valid_from == dt.date(2024, 1, 1)
    assert AuditEntry.objects.filter(verb="create", object_type="governance.body").exists()


def test_member_may_not_create_a_body(client: Client, world: World) -> None:
    sign_in(client, world.member)
    assert client.post(create_url(world), body_data()).status_code == 403
    assert not Body.objects.filter(name="Faggruppe Demens").exists()


def test_a_parent_from_another_collaboration_is_refused(client: Client, world: World) -> None:
    stranger = make_body(world.other_collaboration)
    sign_in(client, world.secretariat)
    response = client.post(create_url(world), body_data(**{"body-parent": stranger.pk}))
    assert response.status_code == 422
    assert not Body.objects.filter(name="Faggruppe Demens").exists()


def test_a_body_needs_a_name(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    response = client.post(create_url(world), body_data(**{"body-name": ""}))
    assert response.status_code == 422
    assert "name" in response.context["body_form"].errors
    assert 'class="errorlist' in response.text


def test_seat_counts_match_the_tree(client: Client, world: World) -> None:
    sign_in(client, world.secretariat)
    html = str(client.get(world.collaboration.get_absolute_url()).context["structure"])
    members = html.split(f"Members of {world.secretariat_body.name}", 1)[1].split("</ul>")[0]
    assert members.count("<li>") == Seat.objects.filter(body=world.secretariat_body).count()


def test_the_structure_is_drawn_again_after_a_change(client: Client, world: World) -> None:
    """The drawn structure is cached under the structure version: a change shows at once."""
    sign_in(client, world.secretariat)
    url = world.collaboration.get_absolute_url()
    person = Seat.objects.filter(body=world.secretariat_body).first().person
    assert person.name in client.get(url).text
    do_update_person(world.secretariat, person, name="Nyt Navn Efter Ændring")
    assert "Nyt Navn Efter Ændring" in client.get(url).text
    do_update_body(world.secretariat, world.secretariat_body, name="Sekretariatet, nyt navn")
    assert "Sekretariatet, nyt navn" in client.get(url).text


def test_partners_and_municipalities_are_drawn_again_after_a_change(client: Client,
                                                                    world: World) -> None:
    """Kept drawn under the structure version: a renamed partner shows at once."""
    from klynge.collaborations.actions import do_update_organisation
    from klynge.collaborations.models import Partnership

    add_structure(world)
    sign_in(client, world.member)
    url = world.collaboration.get_absolute_url()
    caches["versioned"].clear()  # both layers
    assert "Testby" in client.get(url).text
    organisation = Partnership.objects.filter(
        collaboration=world.collaboration).first().organisation  # type: ignore[union-attr]
    do_update_organisation(world.admin, organisation, name="Nyby")
    page = client.get(url).text
    partners = page.split('id="partners-heading"', 1)[1].split("</section>", 1)[0]
    assert "Nyby" in partners
