"""Who sees a case: the matrix of personas, and a confidential case."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from klynge.cases import access, actions
from klynge.cases.models import Case
from klynge.cases.tests.conftest import CaseWorld
from klynge.governance.models import Body, Participation
from klynge.governance.roles import Roles
from klynge.testing.cases import make_case, submit_case
from klynge.testing.factories import (
    make_organisation_body,
    make_person,
    make_seat,
    make_user,
)
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db

PERSONAS = ["secretariat", "member", "panel_member", "outsider", "admin"]


def _sees(user: object, case: Case) -> bool:
    in_list = access.visible_cases(user).filter(pk=case.pk).exists()
    one = access.may_see_case(Roles.for_user(user), case)
    assert in_list == one, "the list and the single check must agree"
    return one


@pytest.mark.parametrize(("persona", "sees"), [
    ("secretariat", True), ("member", True), ("panel_member", True), ("outsider", False),
    ("admin", True)])
def test_an_open_case(world: World, persona: str, sees: bool) -> None:
    case = make_case(world.collaboration)
    assert _sees(getattr(world, persona), case) is sees


@pytest.mark.parametrize(("persona", "sees"), [
    ("secretariat", True), ("member", False), ("panel_member", True), ("outsider", False),
    ("admin", True)])
def test_a_confidential_case_submitted_by_the_panel(world: World, persona: str,
                                                    sees: bool) -> None:
    case = make_case(world.collaboration, confidential=True, submitting_body=world.panel)
    assert _sees(getattr(world, persona), case) is sees


def test_a_confidential_case_is_seen_by_the_bodies_it_has_been_with(cw: CaseWorld) -> None:
    w = cw.world
    case = submit_case(w.panel_member, w.collaboration, submitting_body=w.panel)
    actions.do_set_case_confidential(w.secretariat, case, True)
    case = actions.do_route_case(w.secretariat, case, cw.working_group)
    assert _sees(cw.chair, case) and not _sees(w.member, case)
    case = actions.do_route_case(w.secretariat, case, w.strategic)
    assert _sees(cw.chair, case), "a body it has been with keeps seeing it"
    assert _sees(w.member, case)


def test_the_submitter_sees_their_case_elsewhere(world: World) -> None:
    case = make_case(world.other_collaboration, confidential=True,
                     submitted_by=make_person(user=world.outsider))
    assert _sees(world.outsider, case) and not _sees(world.member, case)


def test_get_case_for_user_answers_404_and_403(world: World) -> None:
    case = make_case(world.collaboration)
    with pytest.raises(Http404):
        access.get_case_for_user(world.outsider, case.pk)
    assert access.get_case_for_user(world.member, case.pk) == case
    with pytest.raises(PermissionDenied):
        access.get_case_for_user(world.member, case.pk, write=True)
    assert access.get_case_for_user(world.secretariat, case.pk, write=True) == case


def test_who_may_submit(world: World) -> None:
    assert access.can_submit_in(world.member, world.collaboration)
    assert access.can_submit_in(world.panel_member, world.collaboration)
    assert not access.can_submit_in(world.outsider, world.collaboration)
    assert not access.can_submit_in(world.member, world.other_collaboration)
    assert list(access.submitting_bodies(world.panel_member, world.collaboration)) == [
        world.panel]
    assert not access.submitting_bodies(world.member, world.collaboration).exists()


def test_an_elder_council_taking_part_submits_as_itself(world: World) -> None:
    council = make_organisation_body(kind=Body.Kind.ELDER_COUNCIL, name="Ældrerådet")
    Participation.objects.create(body=council, collaboration=world.collaboration,
                                 valid_from=council.valid_from)
    elder = make_user("elder")
    make_seat(council, make_person(user=elder))
    assert not access.may_submit_as_self(elder, world.collaboration)
    assert list(access.submitting_bodies(elder, world.collaboration)) == [council]
    case = submit_case(elder, world.collaboration, submitting_body=council)
    assert _sees(elder, case)
    assert not access.can_submit_in(elder, world.other_collaboration)
