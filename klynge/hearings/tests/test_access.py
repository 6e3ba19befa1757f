"""Who sees a hearing and its answers, in each state (the access matrix)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from klynge.governance.roles import Roles
from klynge.hearings import access
from klynge.hearings.models import Hearing
from klynge.testing.hearings import HearingWorld, make_answer, make_hearing_world
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db

DEADLINE = dt.datetime(2026, 12, 15, 12, 0, tzinfo=dt.UTC)
AFTER = DEADLINE + dt.timedelta(days=1)

PERSONAS = ["admin", "secretariat", "member", "panel_member", "respondent", "outsider"]
# persona: (sees the hearing, sees every answer) in draft, open, closed, summarised
MATRIX = {
    "admin": [(True, True)] * 4,
    "secretariat": [(True, True)] * 4,
    "member": [(False, False), (True, False), (True, True), (True, True)],
    "panel_member": [(False, False), (True, False), (True, True), (True, True)],
    "respondent": [(False, False), (True, False), (True, False), (True, True)],
    "outsider": [(False, False)] * 4,
}
STATES = ["draft", "open", "closed", "summarised"]


@pytest.fixture
def world() -> World:
    return make_world()


def user_of(world: World, hw: HearingWorld, persona: str) -> object:
    return hw.respondent if persona == "respondent" else getattr(world, persona)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix(world: World, persona: str, state: str) -> None:
    stored = {"closed": Hearing.State.OPEN}.get(state, state)
    hw = make_hearing_world(world, state=stored, deadline=DEADLINE)
    mine, theirs = ((hw.panel_party, hw.partner_party) if persona == "panel_member"
                    else (hw.partner_party, hw.panel_party))
    own, other = make_answer(mine), make_answer(theirs)
    user = user_of(world, hw, persona)
    sees, sees_all = MATRIX[persona][STATES.index(state)]
    moment = AFTER if state in ("closed", "summarised") else DEADLINE - dt.timedelta(days=1)
    with time_machine.travel(moment):
        assert (hw.hearing in access.visible_hearings(user)) is sees
        assert access.may_see_hearing(Roles.for_user(user), hw.hearing) is sees
        assert access.may_see_all_answers(Roles.for_user(user), hw.hearing) is sees_all
        answers = set(access.visible_answers(user))
        assert (other in answers) is sees_all
        # A respondent always reads their own party's answer once the hearing is open.
        answers_for_a_party = persona in ("respondent", "panel_member")
        assert (own in answers) is (sees_all or (answers_for_a_party and sees))


def test_the_respondent_of_a_party_answers_and_others_get_403(world: World) -> None:
    hw = make_hearing_world(world, deadline=DEADLINE)
    assert access.get_party_to_answer(hw.respondent, hw.partner_party.pk) == hw.partner_party
    with pytest.raises(PermissionDenied):
        access.get_party_to_answer(hw.respondent, hw.panel_party.pk)
    with pytest.raises(PermissionDenied):
        access.get_party_to_answer(world.secretariat, hw.partner_party.pk)
    with pytest.raises(Http404):
        access.get_party_to_answer(world.outsider, hw.partner_party.pk)


def test_only_the_secretariat_changes(world: World) -> None:
    hw = make_hearing_world(world, deadline=DEADLINE)
    assert access.get_hearing_for_user(world.secretariat, hw.hearing.pk, write=True)
    assert access.get_hearing_for_user(world.admin, hw.hearing.pk, write=True)
    for user in (world.member, hw.respondent):
        with pytest.raises(PermissionDenied):
            access.get_hearing_for_user(user, hw.hearing.pk, write=True)
    with pytest.raises(Http404):
        access.get_hearing_for_user(world.outsider, hw.hearing.pk, write=True)


def test_another_collaborations_secretariat_sees_nothing(world: World) -> None:
    from klynge.governance.models import Body
    from klynge.testing.factories import make_body, make_person, make_seat, make_user

    hw = make_hearing_world(world, deadline=DEADLINE)
    stranger = make_user("stranger")
    body = make_body(world.other_collaboration, kind=Body.Kind.SECRETARIAT)
    make_seat(body, make_person(user=stranger))
    assert not access.visible_hearings(stranger).exists()
    with pytest.raises(Http404):
        access.get_hearing_for_user(stranger, hw.hearing.pk)


def test_the_summary_page_is_for_those_who_read_every_answer(world: World) -> None:
    hw = make_hearing_world(world, deadline=DEADLINE)
    with pytest.raises(Http404):
        access.get_summary_for_user(world.member, hw.hearing.pk)
    with time_machine.travel(AFTER):
        assert access.get_summary_for_user(world.member, hw.hearing.pk) == hw.hearing
        with pytest.raises(Http404):
            access.get_summary_for_user(hw.respondent, hw.hearing.pk)
