"""The body page: seats, adding a seat, ending a term, editing the body."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.governance.models import Body, Person, Seat
from klynge.governance.tests.views_support import add_structure, english, fake_rules  # noqa: F401
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_body, make_person, make_seat
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def login(client: Client, user: object) -> Client:
    sign_in(client, user)  # type: ignore[arg-type]
    return client


def changes_count() -> int:
    """Audit entries other than logins (``force_login`` records one)."""
    return AuditEntry.objects.exclude(verb=AuditEntry.Verb.LOGIN).count()


def seat_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "person": "", "new_person_name": "Regionsrådsformand Rask", "represents": "",
        "constituency": "", "role": Seat.Role.CO_CHAIR, "capacity": Seat.Capacity.POLITICIAN,
        "term_start": "2022-07-01", "term_end": "",
    }
    data.update(overrides)
    return data


def add_url(body: Body) -> str:
    return reverse("governance:seat_add", args=[body.pk])


def test_it_shows_the_body(client: Client, world: World) -> None:
    past = make_seat(world.strategic, make_person(name="Tidligere Medlem"),
                     term_end=dt.date(2023, 6, 30))
    response = login(client, world.member).get(world.strategic.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Styregruppe" in page and "Member" in page
    assert past.person and past.person.name in page
    assert response.context["seats"].past == [past]
    assert "Add seat" not in page  # a member may read, not change


def test_secretariat_sees_the_add_seat_form(client: Client, world: World) -> None:
    response = login(client, world.secretariat).get(world.strategic.get_absolute_url())
    assert response.status_code == 200
    assert response.context["seat_form"] is not None
    assert b'name="new_person_name"' in response.content


@pytest.mark.parametrize("persona", ["member", "outsider", "panel_member"])
def test_confidential_body_is_invisible(client: Client, world: World, persona: str) -> None:
    response = login(client, getattr(world, persona)).get(world.confidential.get_absolute_url())
    assert response.status_code == 404


def test_confidential_body_is_visible_to_secretariat_and_admin(client: Client,
                                                               world: World) -> None:
    for user in (world.secretariat, world.admin):
        response = login(client, user).get(world.confidential.get_absolute_url())
        assert response.status_code == 200


def test_anonymous_is_sent_to_login(client: Client, world: World) -> None:
    response = client.get(world.strategic.get_absolute_url())
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_secretariat_adds_a_seat_for_a_new_person(client: Client, world: World) -> None:
    structure = add_structure(world)
    response = login(client, world.secretariat).post(
        add_url(structure.political), seat_data(represents=structure.region_org.pk))
    assert response.status_code == 302
    seat = Seat.objects.get(body=structure.political, person__name="Regionsrådsformand Rask")
    assert seat.represents == structure.region_org and seat.role == Seat.Role.CO_CHAIR
    verbs = set(AuditEntry.objects.filter(actor=world.secretariat).exclude(verb="login")
                .values_list("object_type", "verb"))
    assert verbs == {("governance.seat", "create"), ("governance.person", "create")}
    page = client.get(response["Location"]).content.decode()
    assert "now holds a seat" in page


def test_secretariat_adds_a_seat_for_an_existing_person(client: Client, world: World) -> None:
    person = make_person(name="Eksisterende")
    make_seat(world.panel, person)
    response = login(client, world.secretariat).post(
        add_url(world.strategic), seat_data(person=person.pk, new_person_name=""))
    assert response.status_code == 302
    assert Seat.objects.filter(body=world.strategic, person=person).exists()
    assert Person.objects.filter(name="Eksisterende").count() == 1


def test_htmx_add_returns_the_seats_section(client: Client, world: World) -> None:
    response = login(client, world.secretariat).post(
        add_url(world.strategic), seat_data(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="seats-section">')
    assert "<html" not in page
    assert "Regionsrådsformand Rask" in page and "now holds a seat" in page


@pytest.mark.usefixtures("fake_rules")
def test_adding_the_co_chair_removes_the_finding(client: Client, world: World) -> None:
    structure = add_structure(world)
    login(client, world.secretariat)
    assert "No regional co-chair" in client.get(world.collaboration.get_absolute_url()).text
    assert "No regional co-chair" in client.get(structure.political.get_absolute_url()).text
    response = client.post(add_url(structure.political),
                           seat_data(represents=structure.region_org.pk),
                           headers={"HX-Request": "true"})
    assert "No regional co-chair" not in response.text
    assert "No regional co-chair" not in client.get(world.collaboration.get_absolute_url()).text


def test_real_rules_finding_disappears(client: Client, world: World) -> None:
    structure = add_structure(world)
    login(client, world.secretariat)
    on = "?date=2024-06-01"
    message = "Politisk niveau has no co-chair who is a member of the regional council."
    assert message in client.get(structure.political.get_absolute_url() + on).text
    assert message in client.get(world.collaboration.get_absolute_url() + on).text
    # The findings are cached; adding the seat (an action) makes them stale at once.
    client.post(add_url(structure.political), seat_data(
        represents=structure.region_org.pk, capacity=Seat.Capacity.REGIONAL_COUNCILLOR))
    assert message not in client.get(structure.political.get_absolute_url() + on).text
    assert message not in client.get(world.collaboration.get_absolute_url() + on).text


@pytest.mark.parametrize("persona", ["member", "outsider", "panel_member"])
def test_readers_may_not_add_a_seat(client: Client, world: World, persona: str) -> None:
    response = login(client, getattr(world, persona)).post(add_url(world.strategic), seat_data())
    assert response.status_code == 403
    assert not Seat.objects.filter(person__name="Regionsrådsformand Rask").exists()


def test_outsider_adding_to_a_confidential_body_gets_404(client: Client, world: World) -> None:
    response = login(client, world.outsider).post(add_url(world.confidential), seat_data())
    assert response.status_code == 404


def test_secretariat_may_not_change_another_collaboration(client: Client, world: World) -> None:
    other_body = make_body(world.other_collaboration, kind=Body.Kind.STRATEGIC)
    response = login(client, world.secretariat).post(add_url(other_body), seat_data())
    assert response.status_code == 403
    assert not Seat.objects.filter(body=other_body).exists()


def test_end_before_start_is_refused(client: Client, world: World) -> None:
    audit_before = changes_count()
    response = login(client, world.secretariat).post(
        add_url(world.strategic), seat_data(term_start="2024-01-01", term_end="2023-01-01"))
    assert response.status_code == 422
    assert "The end of the term cannot be before its start." in response.text
    assert not Person.objects.filter(name="Regionsrådsformand Rask").exists()
    assert changes_count() == audit_before


def test_duplicate_seat_is_refused(client: Client, world: World) -> None:
    person = make_person(name="Dobbelt")
    make_seat(world.strategic, person, term_start=dt.date(2022, 7, 1))
    audit_before, seats_before = changes_count(), Seat.objects.count()
    response = login(client, world.secretariat).post(
        add_url(world.strategic),
        seat_data(person=person.pk, new_person_name="", term_start="2024-01-01"),
        headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Dobbelt already holds a seat in Styregruppe during this term." in response.text
    assert "<html" not in response.text
    assert (changes_count(), Seat.objects.count()) == (audit_before, seats_before)


def test_a_later_term_after_an_ended_one_is_no_duplicate(client: Client, world: World) -> None:
    person = make_person(name="Genvalgt")
    make_seat(world.strategic, person, term_end=dt.date(2023, 12, 31))
    response = login(client, world.secretariat).post(
        add_url(world.strategic),
        seat_data(person=person.pk, new_person_name="", term_start="2024-01-01"))
    assert response.status_code == 302
    assert Seat.objects.filter(body=world.strategic, person=person).count() == 2


def test_person_and_name_together_are_refused(client: Client, world: World) -> None:
    person = make_person(name="Begge")
    make_seat(world.panel, person)
    response = login(client, world.secretariat).post(
        add_url(world.strategic), seat_data(person=person.pk))
    assert response.status_code == 422
    assert "only one of them" in response.text


def test_represents_must_be_a_partner(client: Client, world: World) -> None:
    from klynge.testing.factories import make_organisation

    stranger = make_organisation(name="Fremmed")
    response = login(client, world.secretariat).post(
        add_url(world.strategic), seat_data(represents=stranger.pk))
    assert response.status_code == 422
    assert not Seat.objects.filter(represents=stranger).exists()


def end_url(seat: Seat) -> str:
    return reverse("governance:seat_end", args=[seat.pk])


def test_secretariat_ends_a_term(client: Client, world: World) -> None:
    seat = make_seat(world.strategic, make_person(name="Afgående"))
    response = login(client, world.secretariat).post(
        end_url(seat), {f"end-{seat.pk}-end_date": "2024-03-31"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.term_end == dt.date(2024, 3, 31)
    entry = AuditEntry.objects.get(verb="update", object_type="governance.seat")
    assert entry.collaboration_code == "testklyngen"
    assert client.get(world.strategic.get_absolute_url()).context["seats"].past == [seat]


def test_htmx_end_returns_the_seats_section(client: Client, world: World) -> None:
    seat = make_seat(world.strategic, make_person(name="Afgående"))
    response = login(client, world.secretariat).post(
        end_url(seat), {f"end-{seat.pk}-end_date": "2024-03-31"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="seats-section">')


def test_ending_before_the_start_is_refused(client: Client, world: World) -> None:
    seat = make_seat(world.strategic, make_person(name="Afgående"))
    audit_before = changes_count()
    response = login(client, world.secretariat).post(
        end_url(seat), {f"end-{seat.pk}-end_date": "2020-01-01"})
    assert response.status_code == 422
    assert "The end of the term cannot be before its start." in response.text
    seat.refresh_from_db()
    assert seat.term_end is None
    assert changes_count() == audit_before


def test_member_may_not_end_a_term(client: Client, world: World) -> None:
    seat = make_seat(world.strategic, make_person())
    response = login(client, world.member).post(
        end_url(seat), {f"end-{seat.pk}-end_date": "2024-03-31"})
    assert response.status_code == 403


def test_secretariat_edits_the_body(client: Client, world: World) -> None:
    url = reverse("governance:body_edit", args=[world.panel.pk])
    login(client, world.secretariat)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Borgerpanel", "kind": Body.Kind.USER_PANEL,
                                 "mandate": "Råd", "parent": world.strategic.pk})
    assert response.status_code == 302
    world.panel.refresh_from_db()
    assert (world.panel.name, world.panel.parent) == ("Borgerpanel", world.strategic)
    entry = AuditEntry.objects.get(verb="update", object_type="governance.body")
    assert "name" in entry.changes and "parent" in entry.changes


def test_a_body_cannot_report_to_its_own_child(client: Client, world: World) -> None:
    world.panel.parent = world.strategic
    world.panel.save()
    url = reverse("governance:body_edit", args=[world.strategic.pk])
    response = login(client, world.secretariat).post(
        url, {"name": "Styregruppe", "kind": Body.Kind.STRATEGIC, "parent": world.panel.pk})
    assert response.status_code == 422
    assert "cannot report to itself or to a body below it" in response.text
    world.strategic.refresh_from_db()
    assert world.strategic.parent is None


def test_member_may_not_edit_the_body(client: Client, world: World) -> None:
    url = reverse("governance:body_edit", args=[world.strategic.pk])
    assert login(client, world.member).get(url).status_code == 403
