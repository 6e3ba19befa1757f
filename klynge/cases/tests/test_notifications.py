"""Each step tells the case's followers and its submitter, but only those who may see it."""

from __future__ import annotations

import pytest

from klynge.cases import actions
from klynge.cases.tests.conftest import CaseWorld
from klynge.notifications.actions import do_follow
from klynge.notifications.models import Notification
from klynge.testing.cases import submit_case
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db


def told(case_pk: int) -> set[str]:
    return {n.user.username for n in
            Notification.objects.filter(topic="case", topic_id=case_pk).select_related("user")}


def test_followers_who_may_see_are_told(world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    Notification.objects.all().delete()
    do_follow(world.panel_member, world.panel_member, "case", case.pk)
    do_follow(world.outsider, world.outsider, "case", case.pk)  # may not see it
    actions.do_route_case(world.secretariat, case, world.strategic)
    assert told(case.pk) == {"member", "panel"}
    note = Notification.objects.get(user=world.panel_member)
    assert note.text == "Case 2026-0001 was routed to a body."
    assert note.url == case.get_absolute_url()


def test_a_confidential_case_tells_only_those_who_may_see_it(cw: CaseWorld) -> None:
    w = cw.world
    case = submit_case(w.member, w.collaboration)
    do_follow(w.panel_member, w.panel_member, "case", case.pk)
    do_follow(cw.chair, cw.chair, "case", case.pk)
    actions.do_set_case_confidential(w.secretariat, case, True)
    Notification.objects.all().delete()
    actions.do_route_case(w.secretariat, case, cw.working_group)
    assert told(case.pk) == {"member", "chair"}  # the submitter; the body it is with


def test_the_message_is_in_the_readers_language(world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    note = Notification.objects.get(user=world.secretariat)
    assert note.message == "New case %(number)s: %(title)s"
    assert note.params == {"number": "2026-0001", "title": case.title}


def test_new_cases_tell_the_followers_of_their_themes(world: World) -> None:
    from klynge.testing.cases import make_term

    theme = make_term(world.collaboration)
    do_follow(world.panel_member, world.panel_member, "theme", theme.pk)
    case = submit_case(world.member, world.collaboration, themes=[theme])
    assert told(case.pk) == {"secretariat", "panel"}
