"""The case actions: submission, the secretariat's steps, the meetings' steps, the move."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from klynge.audit.models import AuditEntry
from klynge.cases import actions
from klynge.cases.models import Case, CaseEvent, Decision, Recommendation, State
from klynge.cases.tests.conftest import CaseWorld
from klynge.notifications.models import Notification, Subscription
from klynge.testing.cases import make_term, submit_case
from klynge.testing.factories import (
    make_body,
    make_collaboration,
    make_person,
    make_seat,
    make_user,
)
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db


def test_a_member_submits_a_case(world: World) -> None:
    theme = make_term(world.collaboration)
    case = submit_case(world.member, world.collaboration, themes=[theme])
    assert case.file_number == "2026-0001"
    assert case.state == State.SUBMITTED and case.submitted_by.user == world.member
    assert list(case.themes.all()) == [theme]
    event = case.events.get()
    assert event.kind == CaseEvent.Kind.SUBMITTED and event.actor == world.member
    assert AuditEntry.objects.filter(object_type="cases.case", verb="create").count() == 1
    assert Subscription.objects.filter(user=world.member, topic="case",
                                       topic_id=case.pk).exists()
    told = Notification.objects.filter(topic="case", topic_id=case.pk)
    assert {n.user for n in told} == {world.secretariat}
    assert told.get().text == f"New case 2026-0001: {case.title}"


def test_a_panel_member_submits_as_the_panel(world: World) -> None:
    case = submit_case(world.panel_member, world.collaboration, submitting_body=world.panel)
    assert case.submitting_body == world.panel and case.origin_body == world.panel


def test_an_outsider_cannot_submit(world: World) -> None:
    with pytest.raises(ValidationError):
        submit_case(world.outsider, world.collaboration)
    with pytest.raises(ValidationError):
        submit_case(world.member, world.collaboration, submitting_body=world.panel)
    assert not Case.objects.exists()


def test_a_term_of_another_collaboration_is_refused(world: World) -> None:
    foreign = make_term(world.other_collaboration)
    with pytest.raises(ValidationError) as error:
        submit_case(world.member, world.collaboration, themes=[foreign])
    assert "themes" in error.value.message_dict
    assert not Case.objects.exists()


def test_route_recommend_decide_close(cw: CaseWorld) -> None:
    w = cw.world
    case = submit_case(w.panel_member, w.collaboration, submitting_body=w.panel)
    case = actions.do_route_case(w.secretariat, case, cw.working_group)
    assert case.state == State.AT_BODY and case.current_body == cw.working_group
    assert case.origin_body == w.panel
    recommendation = actions.do_recommend(cw.chair, case, "Vi anbefaler en pilot.")
    assert recommendation.body == cw.working_group
    case = actions.do_route_case(w.secretariat, case, w.strategic)
    case = actions.do_put_on_agenda(w.secretariat, case, w.strategic, details={"item": 3})
    assert case.state == State.ON_AGENDA
    decision = actions.do_record_decision(w.secretariat, case, w.strategic, "approved",
                                          "Piloten godkendes.", dt.date(2026, 11, 30))
    case.refresh_from_db()
    assert case.state == State.DECIDED
    actions.do_note_action_item(w.secretariat, case, details={"due": "2027-01-31"})
    case = actions.do_close_case(w.secretariat, case)
    assert case.state == State.CLOSED and case.origin_body == w.panel
    assert Recommendation.objects.get() == recommendation and Decision.objects.get() == decision
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "routed", "recommended", "routed", "put_on_agenda",
                     "decided", "action_item", "closed"]


def test_the_chair_of_another_body_may_not_recommend(cw: CaseWorld) -> None:
    w = cw.world
    case = submit_case(w.member, w.collaboration)
    case = actions.do_route_case(w.secretariat, case, w.strategic)
    with pytest.raises(PermissionDenied):
        actions.do_recommend(cw.chair, case, "Nej.")
    assert not Recommendation.objects.exists()


def test_a_reason_is_required_to_return_and_reject(world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    for action in (actions.do_return_case, actions.do_reject_case):
        with pytest.raises(ValidationError) as error:
            action(world.secretariat, case, "  ")
        assert "reason" in error.value.message_dict
    case.refresh_from_db()
    assert case.state == State.SUBMITTED and case.events.count() == 1


def test_returned_edited_and_submitted_again(world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    case = actions.do_return_case(world.secretariat, case, "Uddyb venligst.")
    assert case.state == State.RETURNED
    actions.do_change_case(world.member, case, title="Bedre overgange, uddybet")
    with pytest.raises(PermissionDenied):
        actions.do_resubmit_case(world.outsider, case)
    case = actions.do_resubmit_case(world.member, case)
    assert case.state == State.SUBMITTED and case.title == "Bedre overgange, uddybet"


def test_the_submitter_may_not_change_a_case_with_a_body(world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    case = actions.do_route_case(world.secretariat, case, world.strategic)
    with pytest.raises(PermissionDenied):
        actions.do_change_case(world.member, case, title="Nyt")
    actions.do_change_case(world.secretariat, case, title="Nyt")
    case.refresh_from_db()
    assert case.title == "Nyt"


def test_routing_to_a_body_of_another_collaboration_is_refused(world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    foreign = make_body(world.other_collaboration)
    with pytest.raises(ValidationError) as error:
        actions.do_route_case(world.secretariat, case, foreign)
    assert "to_body" in error.value.message_dict
    case.refresh_from_db()
    assert case.state == State.SUBMITTED and case.current_body is None


def test_forward_keeps_the_origin(cw: CaseWorld) -> None:
    w = cw.world
    case = submit_case(w.member, w.collaboration)
    case = actions.do_route_case(w.secretariat, case, cw.working_group)
    case = actions.do_forward_case(w.secretariat, case, w.strategic, "Til beslutning")
    assert case.current_body == w.strategic and case.origin_body == cw.working_group
    event = case.events.last()
    assert event.kind == "forwarded" and event.from_body == cw.working_group


def test_reopen_needs_a_reason(world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    case = actions.do_route_case(world.secretariat, case, world.strategic)
    case = actions.do_close_case(world.secretariat, case)
    with pytest.raises(ValidationError):
        actions.do_reopen_case(world.secretariat, case, "")
    case = actions.do_reopen_case(world.secretariat, case, "Ny viden")
    assert case.state == State.AT_BODY and case.current_body == world.strategic


def test_move_to_the_successor(world: World) -> None:
    theme = make_term(world.collaboration, code="prevention")
    case = submit_case(world.member, world.collaboration, themes=[theme])
    case = actions.do_route_case(world.secretariat, case, world.strategic)
    council = make_collaboration(code="raadet", name="Sundhedsrådet")
    their_theme = make_term(council, code="prevention")
    secretary = make_seat(make_body(council, kind="secretariat"),
                          make_person(user=make_user("raadsekretaer"))).person
    moved = actions.do_move_case(world.admin, case, council, reason="Reformen")
    assert moved.collaboration == council and moved.file_number == "2026-0001"
    assert moved.former_file_number == "2026-0001" and moved.moved_from == world.collaboration
    assert moved.state == State.SUBMITTED and moved.current_body is None
    assert list(moved.themes.all()) == [their_theme]
    assert moved.events.count() == 3 and moved.events.last().kind == "moved"
    assert secretary is not None
    assert Notification.objects.filter(user=secretary.user, topic_id=case.pk).exists()
    with pytest.raises(ValidationError):
        actions.do_move_case(world.admin, moved, council)

