"""A case on an agenda without user involvement: flagged to the meeting's secretariat before
the meeting, and said in the minutes (the PDF's content and the published page)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from klynge.governance.roles import Roles
from klynge.meetings.documents.content import build
from klynge.meetings.models import Meeting
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_case
from klynge.testing.involvement import make_involvement
from klynge.testing.meetings import make_item, make_meeting
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db

NOTE = "No user involvement was recorded for this case."


def agenda(world: World, state: str = Meeting.State.AGENDA_RELEASED) -> Meeting:
    meeting = make_meeting(world.strategic, state=state)
    make_item(meeting, title="Uden inddragelse", case=make_case(world.collaboration))
    involved = make_case(world.collaboration)
    make_involvement(involved, body=world.panel)
    make_item(meeting, title="Med inddragelse", case=involved)
    make_item(meeting, title="Orientering")  # no case: nothing to note
    return meeting


def test_the_secretariat_sees_the_note_before_the_meeting(client: Client, world: World) -> None:
    meeting = agenda(world)
    page = sign_in(client, world.secretariat).get(meeting.get_absolute_url()).text
    assert page.count(NOTE) == 1
    assert page.index("Uden inddragelse") < page.index(NOTE) < page.index("Med inddragelse")


def test_members_see_the_agenda_without_the_note(client: Client, world: World) -> None:
    meeting = agenda(world)
    page = sign_in(client, world.member).get(meeting.get_absolute_url()).text
    assert "Uden inddragelse" in page and NOTE not in page


def test_the_minutes_say_so_in_the_bodys_language(world: World) -> None:
    meeting = agenda(world, Meeting.State.HELD)
    document = build(meeting, Roles.for_user(world.member), minutes=True)
    notes = {entry.title: entry.notes for entry in document.items}
    assert [str(n) for n in notes["Uden inddragelse"]] == [NOTE]
    assert notes["Med inddragelse"] == [] and notes["Orientering"] == []
    with translation.override("da"):
        assert str(notes["Uden inddragelse"][0]).startswith("Der er ikke registreret")


def test_the_published_minutes_say_so(client: Client, world: World) -> None:
    meeting = agenda(world, Meeting.State.MINUTES_APPROVED)
    page = client.get(reverse("meetings:public_minutes", args=[meeting.pk])).text
    assert page.count(NOTE) == 1
