"""Who sees which meetings and items: the matrix, closed items, conflicts, published minutes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from klynge.governance.roles import Roles
from klynge.meetings import access
from klynge.meetings.models import Conflict, Meeting
from klynge.meetings.tests.support import Setting, make_setting
from klynge.testing.meetings import make_item, make_meeting, person_of

pytestmark = pytest.mark.django_db

PERSONAS = ["secretariat", "member", "panel_member", "outsider", "admin"]


def _user(setting: Setting, persona: str) -> object:
    return getattr(setting.world, persona)


@pytest.mark.parametrize(("persona", "sees_released", "sees_planned", "sees_confidential"), [
    ("secretariat", True, True, True),
    ("member", True, True, False),
    ("panel_member", True, False, False),
    ("outsider", False, False, False),
    ("admin", True, True, True),
])
def test_the_meetings_each_persona_sees(setting: Setting, persona: str, sees_released: bool,
                                        sees_planned: bool, sees_confidential: bool) -> None:
    world = setting.world
    planned = make_meeting(world.strategic)
    secret = make_meeting(world.confidential, state=Meeting.State.AGENDA_RELEASED)
    user = _user(setting, persona)
    visible = set(access.visible_meetings(user))
    expected = {m for m, sees in [(setting.meeting, sees_released), (planned, sees_planned),
                                  (secret, sees_confidential)] if sees}
    assert visible == expected
    for meeting in (setting.meeting, planned, secret):
        roles = Roles.for_user(user)
        assert (roles.is_admin or access.may_see_meeting(roles, meeting)) == (meeting in expected)
        if meeting not in expected:
            with pytest.raises(Http404):
                access.get_meeting_for_user(user, meeting.pk)


@pytest.mark.parametrize(("persona", "sees_closed"), [
    ("secretariat", True), ("member", True), ("panel_member", False), ("outsider", False),
    ("admin", True)])
def test_a_closed_item_is_seen_only_by_the_secretariat_and_members(
        setting: Setting, persona: str, sees_closed: bool) -> None:
    user = _user(setting, persona)
    items = set(access.visible_items(user))
    assert (setting.closed_item in items) == sees_closed
    assert access.may_see_item(Roles.for_user(user), setting.closed_item) == sees_closed
    if not sees_closed:
        with pytest.raises(Http404):
            access.get_item_for_user(user, setting.closed_item.pk)


def test_a_conflicted_member_does_not_see_the_closed_item(setting: Setting) -> None:
    member = setting.world.member
    Conflict.objects.create(item=setting.closed_item, person=person_of(member), reason="Inhabil")
    assert setting.closed_item not in set(access.visible_items(member))
    assert not access.may_see_item(Roles.for_user(member), setting.closed_item)
    assert setting.open_item in set(access.visible_items(member))


def test_a_chair_sees_the_agenda_in_review_and_members_only_the_meeting() -> None:
    setting = make_setting(state=Meeting.State.AGENDA_IN_REVIEW)
    setting.meeting.reviews.create(person=person_of(setting.chair),
                                   requested_at=setting.meeting.starts_at)
    assert setting.open_item in set(access.visible_items(setting.chair))
    assert setting.open_item not in set(access.visible_items(setting.world.member))
    assert setting.open_item not in set(access.visible_items(setting.world.panel_member))
    assert access.may_see_item(Roles.for_user(setting.chair), setting.open_item)
    assert not access.may_see_item(Roles.for_user(setting.world.member), setting.open_item)


def test_writing_is_for_whoever_keeps_the_body(setting: Setting) -> None:
    assert access.get_meeting_for_user(setting.world.secretariat, setting.meeting.pk,
                                       write=True)
    with pytest.raises(PermissionDenied):
        access.get_meeting_for_user(setting.world.member, setting.meeting.pk, write=True)
    with pytest.raises(PermissionDenied):
        access.get_item_for_user(setting.world.member, setting.open_item.pk, write=True)


def test_published_meetings_are_approved_minutes_of_open_bodies(setting: Setting) -> None:
    world = setting.world
    approved = make_meeting(world.strategic, state=Meeting.State.MINUTES_APPROVED)
    make_meeting(world.confidential, state=Meeting.State.MINUTES_APPROVED)
    make_item(approved)
    assert list(access.published_meetings()) == [approved]
