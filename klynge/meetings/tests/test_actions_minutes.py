"""At the meeting and after: answers, attendance, conflicts, outcomes, approval, the freeze."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.cases.models import CaseEvent, Decision, Recommendation, State
from klynge.collaborations.models import Collaboration
from klynge.governance.models import Person, Seat
from klynge.meetings import actions
from klynge.meetings.models import (
    AgendaItem,
    Conflict,
    ItemAttendance,
    Meeting,
    MeetingRules,
    MinutesApproval,
    Response,
)
from klynge.meetings.tests.support import Setting, make_setting, seated
from klynge.testing.cases import make_case
from klynge.testing.factories import make_body, make_collaboration, make_person
from klynge.testing.meetings import make_item, make_meeting, make_rules, person_of

pytestmark = pytest.mark.django_db
Outcome = AgendaItem.Outcome


def test_a_substitute_is_refused_where_the_body_allows_none(setting: Setting) -> None:
    member = setting.member_person
    stand_in = make_person(name="Stedfortræder")
    with pytest.raises(ValidationError) as refused:
        actions.do_answer_invitation(setting.world.member, setting.meeting, member,
                                     Response.Answer.SUBSTITUTE, stand_in)
    assert "does not allow substitutes" in str(refused.value)
    assert not Response.objects.exists()
    make_rules(setting.world.strategic, substitutes_allowed=True)
    response = actions.do_answer_invitation(setting.world.member, setting.meeting, member,
                                            Response.Answer.SUBSTITUTE, stand_in)
    assert response.substitute == stand_in
    expected = actions.expected_people(setting.meeting)
    assert (stand_in, member) in expected


def test_someone_without_a_seat_cannot_answer(setting: Setting) -> None:
    with pytest.raises(ValidationError):
        actions.do_answer_invitation(setting.world.outsider, setting.meeting,
                                     make_person(), Response.Answer.ATTENDING)


def test_a_conflicted_member_cannot_be_marked_present(setting: Setting) -> None:
    world, item = setting.world, setting.open_item
    member = setting.member_person
    actions.do_record_attendance(world.secretariat, item, [member])
    assert ItemAttendance.objects.get(item=item, person=member).present
    actions.do_declare_conflict(world.secretariat, item, member, "Ansat i firmaet")
    assert not ItemAttendance.objects.get(item=item, person=member).present
    before = list(ItemAttendance.objects.values_list("person_id", "present"))
    with pytest.raises(ValidationError) as refused:
        actions.do_record_attendance(world.secretariat, item, [member])
    assert "conflict of interest" in str(refused.value)
    assert list(ItemAttendance.objects.values_list("person_id", "present")) == before
    with pytest.raises(ValidationError):  # a second declaration
        actions.do_declare_conflict(world.secretariat, item, member, "Igen")


def test_attendance_for_someone_who_is_no_member_is_refused(setting: Setting) -> None:
    with pytest.raises(ValidationError):
        actions.do_record_attendance(setting.world.secretariat, setting.open_item,
                                     [make_person()])
    assert not ItemAttendance.objects.exists()


def test_an_outcome_for_an_item_of_another_meeting_is_refused(setting: Setting) -> None:
    other = make_meeting(setting.world.strategic, state=Meeting.State.AGENDA_RELEASED)
    foreign = make_item(other, title="Andet møde")
    with pytest.raises(ValidationError) as refused:
        actions.do_record_outcome(setting.world.secretariat, setting.meeting, foreign,
                                  outcome=Outcome.APPROVED, wording="Godkendt")
    assert "belongs to another meeting" in str(refused.value)
    foreign.refresh_from_db()
    assert foreign.outcome == "" and foreign.wording == ""


def test_outcomes_on_case_items_decide_postpone_and_forward() -> None:
    setting = make_setting()
    world, meeting = setting.world, setting.meeting
    cases = [make_case(world.collaboration, state=State.AT_BODY, current_body=world.strategic)
             for _n in range(3)]
    Recommendation.objects.create(case=cases[0], body=world.panel, text="Anbefales",
                                  given_on=timezone.localdate())
    items = [actions.do_add_item(world.secretariat, meeting, case=case) for case in cases]
    actions.do_record_outcome(world.secretariat, meeting, items[0], outcome=Outcome.APPROVED,
                              wording="Styregruppen godkender")
    actions.do_record_outcome(world.secretariat, meeting, items[1], outcome=Outcome.POSTPONED)
    actions.do_record_outcome(world.secretariat, meeting, items[2], outcome=Outcome.FORWARDED,
                              wording="Til panelet", forwarded_to=world.panel)
    decision = Decision.objects.get(case=cases[0])
    assert decision.wording == "Styregruppen godkender" and decision.body == world.strategic
    assert Recommendation.objects.get(case=cases[0]).text == "Anbefales"  # kept apart
    states = [c.state for c in (type(cases[0]).objects.get(pk=c.pk) for c in cases)]
    assert states == [State.DECIDED, State.AT_BODY, State.AT_BODY]
    assert type(cases[2]).objects.get(pk=cases[2].pk).current_body == world.panel
    assert cases[1].events.filter(kind=CaseEvent.Kind.POSTPONED).exists()
    with pytest.raises(ValidationError):  # the case is decided: recorded once
        actions.do_record_outcome(world.secretariat, meeting, items[0],
                                  outcome=Outcome.REJECTED, wording="Nej")
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD


def _record_all(setting: Setting) -> None:
    world = setting.world
    present = [setting.member_person, person_of(setting.chair), person_of(setting.co_chair)]
    for item in (setting.open_item, setting.closed_item):
        actions.do_record_attendance(world.secretariat, item, present)
        actions.do_record_outcome(world.secretariat, setting.meeting, item,
                                  outcome=Outcome.NOTED)


def test_minutes_need_an_outcome_for_every_item(setting: Setting) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.do_send_minutes_for_approval(setting.world.secretariat, setting.meeting)
    assert "1, 2" in str(refused.value)
    assert not MinutesApproval.objects.exists()


def test_a_cluster_body_is_approved_by_its_two_chairs_then_frozen(setting: Setting) -> None:
    world, meeting = setting.world, setting.meeting
    _record_all(setting)
    approvals = actions.do_send_minutes_for_approval(world.secretariat, meeting)
    assert {a.person.user for a in approvals} == {setting.chair, setting.co_chair}
    with pytest.raises(ValidationError):
        actions.do_approve_minutes(world.member, meeting)
    actions.do_record_dissent(world.member, meeting, "Jeg er uenig i punkt 1")
    actions.do_approve_minutes(setting.chair, meeting)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.MINUTES_IN_APPROVAL
    with pytest.raises(ValidationError):
        actions.do_approve_minutes(setting.chair, meeting)  # twice
    actions.do_approve_minutes(setting.co_chair, meeting)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.MINUTES_APPROVED and meeting.minutes_approved_at
    dissent = MinutesApproval.objects.get(person=setting.member_person)
    assert dissent.dissent == "Jeg er uenig i punkt 1" and not dissent.approver


def test_changing_the_minutes_during_approval_voids_the_approvals(setting: Setting) -> None:
    world, meeting = setting.world, setting.meeting
    _record_all(setting)
    actions.do_send_minutes_for_approval(world.secretariat, meeting)
    actions.do_approve_minutes(setting.chair, meeting)
    actions.do_write_minutes_note(world.secretariat, meeting, "Rettet")
    assert not MinutesApproval.objects.filter(approved_at__isnull=False).exists()


def _approved(setting: Setting) -> Meeting:
    _record_all(setting)
    actions.do_send_minutes_for_approval(setting.world.secretariat, setting.meeting)
    actions.do_approve_minutes(setting.chair, setting.meeting)
    actions.do_approve_minutes(setting.co_chair, setting.meeting)
    setting.meeting.refresh_from_db()
    return setting.meeting


def test_every_change_to_approved_minutes_is_refused(setting: Setting) -> None:
    world, meeting = setting.world, _approved(setting)
    item, secretariat = setting.open_item, world.secretariat
    member = setting.member_person
    before = (AuditEntry.objects.count(), list(ItemAttendance.objects.values()),
              list(AgendaItem.objects.values()), list(Conflict.objects.values()))
    attempts = [
        lambda: actions.do_record_outcome(secretariat, meeting, item, outcome=Outcome.REJECTED,
                                          wording="Nej"),
        lambda: actions.do_record_attendance(secretariat, item, []),
        lambda: actions.do_change_item(secretariat, item, title="Ny titel"),
        lambda: actions.do_add_item(secretariat, meeting, title="Nyt punkt"),
        lambda: actions.do_remove_item(secretariat, item),
        lambda: actions.do_write_minutes_note(secretariat, meeting, "Ændret"),
        lambda: actions.do_declare_conflict(secretariat, item, member, "Sent"),
        lambda: actions.do_approve_minutes(setting.chair, meeting),
        lambda: actions.do_record_dissent(world.member, meeting, "Sent"),
        lambda: actions.do_change_meeting(secretariat, meeting, place="Andetsteds"),
        lambda: actions.do_add_action_item(secretariat, item, title="X", owner=member,
                                           due_on=dt.date(2027, 1, 1)),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "approved" in str(refused.value)
    after = (AuditEntry.objects.count(), list(ItemAttendance.objects.values()),
             list(AgendaItem.objects.values()), list(Conflict.objects.values()))
    assert after == before


def test_a_council_is_approved_by_its_chair_alone() -> None:
    council = make_collaboration(kind=Collaboration.Kind.HEALTH_COUNCIL,
                                 valid_from=dt.date(2026, 1, 1), valid_to=None)
    body = make_body(council, kind="political", name="Sundhedsrådet")
    chair = seated("formand", body, Seat.Role.CHAIR)
    vice = seated("naestformand", body, Seat.Role.VICE_CHAIR)
    secretariat = seated("sekretaer", make_body(council, kind="secretariat"),
                         Seat.Role.SECRETARY)
    meeting = make_meeting(body, state=Meeting.State.HELD,
                           starts_at=timezone.now() - dt.timedelta(days=1))
    make_item(meeting, outcome=Outcome.NOTED)
    approvals = actions.do_send_minutes_for_approval(secretariat, meeting)
    assert [a.person.user for a in approvals] == [chair]
    with pytest.raises(ValidationError):
        actions.do_approve_minutes(vice, meeting)
    actions.do_approve_minutes(chair, meeting)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.MINUTES_APPROVED


def test_members_present_approve_where_the_rules_say_so(setting: Setting) -> None:
    world, meeting = setting.world, setting.meeting
    make_rules(world.strategic, minutes_approved_by=MeetingRules.Approval.MEMBERS_PRESENT)
    for item in (setting.open_item, setting.closed_item):
        actions.do_record_attendance(world.secretariat, item,
                                     [setting.member_person, person_of(setting.chair)])
        actions.do_record_outcome(world.secretariat, meeting, item, outcome=Outcome.NOTED)
    approvals = actions.do_send_minutes_for_approval(world.secretariat, meeting)
    assert {a.person.user for a in approvals} == {world.member, setting.chair}
    actions.do_approve_minutes(world.member, meeting)
    actions.do_approve_minutes(setting.chair, meeting)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.MINUTES_APPROVED


def test_members_present_with_nobody_present_is_refused(setting: Setting) -> None:
    make_rules(setting.world.strategic)
    for item in (setting.open_item, setting.closed_item):
        actions.do_record_outcome(setting.world.secretariat, setting.meeting, item,
                                  outcome=Outcome.NOTED)
    with pytest.raises(ValidationError) as refused:
        actions.do_send_minutes_for_approval(setting.world.secretariat, setting.meeting)
    assert "attendance" in str(refused.value)
    assert Person.objects.count() > 0 and not MinutesApproval.objects.exists()
