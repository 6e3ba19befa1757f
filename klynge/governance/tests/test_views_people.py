"""The person and organisation pages: visibility, contact details, the audit of views."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.governance.models import Person
from klynge.governance.tests.views_support import add_structure, english  # noqa: F401
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_person, make_seat
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def contact_person(world: World) -> Person:
    person = make_person(name="Kontakt Person", email="kontakt@example.org", phone="+45 1234")
    make_seat(world.strategic, person)
    return person


def test_secretariat_sees_contact_details(client: Client, world: World) -> None:
    person = contact_person(world)
    sign_in(client, world.secretariat)
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "kontakt@example.org" in response.text and "+45 1234" in response.text


def test_others_do_not_see_contact_details(client: Client, world: World) -> None:
    person = contact_person(world)
    sign_in(client, world.outsider)
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "Kontakt Person" in response.text
    assert "kontakt@example.org" not in response.text and "+45 1234" not in response.text


def test_viewing_a_person_is_audited(client: Client, world: World) -> None:
    person = contact_person(world)
    sign_in(client, world.member)
    client.get(person.get_absolute_url())
    entry = AuditEntry.objects.get(verb=AuditEntry.Verb.VIEW)
    assert (entry.actor, entry.object_type, entry.object_id) == (
        world.member, "governance.person", str(person.pk))


def test_a_person_only_in_a_confidential_body_is_invisible(client: Client,
                                                            world: World) -> None:
    person = make_person(name="Hemmelig")
    make_seat(world.confidential, person)
    sign_in(client, world.outsider)
    assert client.get(person.get_absolute_url()).status_code == 404
    assert not AuditEntry.objects.filter(verb=AuditEntry.Verb.VIEW).exists()
    sign_in(client, world.secretariat)
    assert client.get(person.get_absolute_url()).status_code == 200


def test_confidential_seats_are_left_off_the_person_page(client: Client, world: World) -> None:
    person = make_person(name="Dobbeltrolle")
    make_seat(world.strategic, person)
    make_seat(world.confidential, person)
    sign_in(client, world.outsider)
    response = client.get(person.get_absolute_url())
    assert "Styregruppe" in response.text and "Fortrolig gruppe" not in response.text


def test_organisation_page(client: Client, world: World) -> None:
    structure = add_structure(world)
    make_seat(world.confidential, represents=structure.region_org)
    sign_in(client, world.outsider)
    response = client.get(structure.region_org.get_absolute_url())
    assert response.status_code == 200
    assert "Testklyngen" in response.text
    assert not response.context["seats"]  # the confidential seat is not shown
    sign_in(client, world.secretariat)
    assert len(client.get(structure.region_org.get_absolute_url()).context["seats"].current) == 1


def test_unknown_organisation_is_404(client: Client, world: World) -> None:
    sign_in(client, world.admin)
    assert client.get(reverse("governance:organisation", args=[999999])).status_code == 404


def test_the_secretariat_sees_the_staff_of_its_partners_but_others_do_not(
        client: Client, world: World) -> None:
    from klynge.governance.access import visible_people
    from klynge.testing.factories import make_organisation, make_partnership

    partner, stranger = make_organisation(name="Partnerkommune"), make_organisation()
    make_partnership(world.collaboration, partner)
    staff = make_person(name="Ansat hos partneren", organisation=partner)
    other = make_person(name="Ansat andetsteds", organisation=stranger)
    assert staff in visible_people(world.secretariat)
    assert other not in visible_people(world.secretariat)
    assert staff not in visible_people(world.member)
    sign_in(client, world.secretariat)
    assert client.get(reverse("governance:person", args=[staff.pk])).status_code == 200
