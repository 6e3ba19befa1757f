"""Panels and elder councils that follow themes and target groups: who may set them, the
notifications their members get, and the collaboration page's account of this year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.cases.actions import do_submit_case
from klynge.governance.models import Body, Participation, Seat
from klynge.involvement.actions import do_set_followed_terms
from klynge.involvement.models import FollowedTerm, Step
from klynge.notifications.models import Notification
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_case, make_term
from klynge.testing.factories import (
    make_collaboration,
    make_organisation_body,
    make_person,
    make_seat,
    make_user,
)
from klynge.testing.involvement import make_involvement
from klynge.testing.personas import PASSWORD, World

pytestmark = pytest.mark.django_db


def followed_url(body: Body) -> str:
    return reverse("involvement:followed", args=[body.pk])


def test_a_panel_member_sets_what_the_panel_follows(client: Client, world: World) -> None:
    theme = make_term(world.collaboration, name_en="Frail elderly")
    client = sign_in(client, world.panel_member)
    assert client.get(followed_url(world.panel)).status_code == 200
    response = client.post(followed_url(world.panel), {"terms": [str(theme.pk)]})
    assert response.status_code == 302
    assert list(FollowedTerm.objects.values_list("body_id", "term_id")) == [
        (world.panel.pk, theme.pk)]
    assert AuditEntry.objects.filter(verb="update", object_id=str(world.panel.pk)).exists()
    assert "Frail elderly" in client.get(followed_url(world.panel)).text


def test_others_may_read_but_not_set(client: Client, world: World) -> None:
    theme = make_term(world.collaboration)
    client = sign_in(client, world.member)
    page = client.get(followed_url(world.panel))
    assert page.status_code == 200 and 'type="checkbox"' not in page.text
    assert client.post(followed_url(world.panel), {"terms": [theme.pk]}).status_code == 403
    assert client.get(followed_url(world.strategic)).status_code == 404  # not a panel
    assert client.get(followed_url(world.confidential)).status_code == 404
    with pytest.raises(PermissionDenied):
        do_set_followed_terms(world.member, world.panel, [theme])
    assert not FollowedTerm.objects.exists()


def test_a_term_of_another_collaboration_is_refused(client: Client, world: World) -> None:
    elsewhere = make_term(make_collaboration())
    response = sign_in(client, world.panel_member).post(followed_url(world.panel),
                                                        {"terms": [str(elsewhere.pk)]})
    assert response.status_code == 422 and "Select a valid choice" in response.text
    with pytest.raises(ValidationError):
        do_set_followed_terms(world.panel_member, world.panel, [elsewhere])
    assert not FollowedTerm.objects.exists()


def test_an_elder_council_hears_of_new_cases_on_what_it_follows(world: World) -> None:
    """A municipality's elder council takes part in the collaboration; its members are told
    of a new case with a target group it follows, and of its decision."""
    council = make_organisation_body(name="Ældrerådet i Testby")
    Participation.objects.create(body=council, collaboration=world.collaboration,
                                 valid_from=dt.date(2024, 1, 1))
    elder = make_user("elder", password=PASSWORD)
    make_seat(council, make_person(user=elder, name="Elder"),
              constituency=Seat.Constituency.ELDERS)
    group = make_term(world.collaboration, kind="target_group", name_en="Frail elderly")
    other = make_term(world.collaboration, name_en="Children")
    do_set_followed_terms(elder, council, [group])
    do_submit_case(world.member, world.collaboration, title="Hjemmebesøg", description="D",
                   request="R", target_groups=[group], themes=[])
    do_submit_case(world.member, world.collaboration, title="Skolesundhed", description="D",
                   request="R", target_groups=[], themes=[other])
    told = Notification.objects.filter(user=elder)
    assert [n.params["title"] for n in told] == ["Hjemmebesøg"]


def test_the_collaboration_page_shows_what_each_panel_was_heard_on(client: Client,
                                                                    world: World) -> None:
    theme = make_term(world.collaboration, name_en="Mental health")
    FollowedTerm.objects.create(body=world.panel, term=theme)
    heard, informed = make_case(world.collaboration), make_case(world.collaboration)
    make_involvement(heard, body=world.panel, step=Step.INFORMED)
    make_involvement(heard, body=world.panel, step=Step.CONSULTED)
    make_involvement(informed, body=world.panel, step=Step.INFORMED)
    make_involvement(make_case(world.collaboration), body=world.panel,
                     happened_on=dt.date(2025, 6, 1))  # last year
    secret = make_case(world.collaboration, confidential=True)
    make_involvement(secret, body=world.panel, step=Step.CO_PRODUCED)
    page = sign_in(client, world.member).get(world.collaboration.get_absolute_url()).text
    section = page.split('id="heard-heading"', 1)[1].split("</section>", 1)[0]
    assert "Brugerpanel" in section and "Mental health" in section
    informed_cell, heard_cell = section.split("<td>")[2:4]
    assert informed.file_number in informed_cell and heard.file_number not in informed_cell
    assert heard.file_number in heard_cell and secret.file_number not in section


def test_an_outsider_sees_the_panels_but_not_their_cases(client: Client,
                                                         world: World) -> None:
    case = make_case(world.collaboration)
    make_involvement(case, body=world.panel, step=Step.CONSULTED)
    page = sign_in(client, world.outsider).get(world.collaboration.get_absolute_url()).text
    section = page.split('id="heard-heading"', 1)[1].split("</section>", 1)[0]
    assert "Brugerpanel" in section and case.file_number not in section
