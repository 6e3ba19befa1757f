"""Shared set-up for the meetings tests: the personas' world with two equal chairs in the
strategic level, and a meeting of it whose agenda is released."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django.utils import timezone

from klynge.accounts.models import User
from klynge.audit.models import AuditEntry
from klynge.governance.models import Person, Seat
from klynge.meetings.models import AgendaItem, Meeting
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_person, make_seat, make_user
from klynge.testing.meetings import make_item, make_meeting
from klynge.testing.personas import World, make_world

SECRET = "Hemmeligholdt"  # a word only in the closed item


@dataclass
class Setting:
    world: World
    chair: User
    co_chair: User
    meeting: Meeting
    open_item: AgendaItem
    closed_item: AgendaItem

    @property
    def member_person(self) -> Person:
        return Person.objects.get(user=self.world.member)


def seated(username: str, body: object, role: str = Seat.Role.MEMBER) -> User:
    user = make_user(username)
    make_seat(body, make_person(user=user, name=username.title()), role=role)  # type: ignore[arg-type]
    return user


def make_setting(state: str = Meeting.State.AGENDA_RELEASED, **meeting: object) -> Setting:
    world = make_world()
    chair = seated("chair", world.strategic, Seat.Role.CO_CHAIR)
    co_chair = seated("cochair", world.strategic, Seat.Role.CO_CHAIR)
    meeting.setdefault("starts_at", timezone.now() - dt.timedelta(hours=3))
    obj = make_meeting(world.strategic, state=state, **meeting)  # type: ignore[arg-type]
    open_item = make_item(obj, title="Åbent punkt om genoptræning")
    closed_item = make_item(obj, title=f"{SECRET} personsag", closed=True,
                            description=f"{SECRET} beskrivelse")
    return Setting(world, chair, co_chair, obj, open_item, closed_item)


def login(client: Client, user: object) -> Client:
    sign_in(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def changes_count() -> int:
    return AuditEntry.objects.exclude(verb=AuditEntry.Verb.LOGIN).count()
