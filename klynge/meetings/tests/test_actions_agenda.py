"""Scheduling, the agenda, the chairs' review and the release."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.cases.models import CaseEvent, State
from klynge.meetings import actions
from klynge.meetings.models import AgendaItem, AgendaReview, Meeting
from klynge.meetings.tests.support import SECRET, Setting, make_setting
from klynge.notifications.models import Notification
from klynge.testing.cases import make_case
from klynge.testing.meetings import make_item, make_meeting
from klynge.testing.personas import make_world

pytestmark = pytest.mark.django_db


def test_a_meeting_that_ends_before_it_starts_is_refused() -> None:
    world = make_world()
    starts = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        actions.do_schedule_meeting(world.secretariat, world.strategic, starts_at=starts,
                                    ends_at=starts - dt.timedelta(hours=1))
    assert "cannot end before it starts" in str(refused.value)
    assert not Meeting.objects.exists()
    assert not AuditEntry.objects.filter(object_type="meetings.meeting").exists()


def test_scheduling_and_changing_a_meeting() -> None:
    world = make_world()
    starts = timezone.now() + dt.timedelta(days=3)
    meeting = actions.do_schedule_meeting(world.secretariat, world.strategic, starts_at=starts,
                                          ends_at=starts + dt.timedelta(hours=2),
                                          place=" Rådhuset ")
    assert meeting.state == Meeting.State.PLANNED and meeting.place == "Rådhuset"
    changed = actions.do_change_meeting(world.secretariat, meeting, place="Hospitalet")
    assert changed.place == "Hospitalet" and changed.sequence == 1
    with pytest.raises(ValidationError):
        actions.do_change_meeting(world.secretariat, meeting, ends_at=starts)
    meeting.refresh_from_db()
    assert meeting.ends_at == starts + dt.timedelta(hours=2)


def test_items_are_numbered_reordered_and_removed() -> None:
    world = make_world()
    meeting = make_meeting(world.strategic)
    first = actions.do_add_item(world.secretariat, meeting, title="Første")
    second = actions.do_add_item(world.secretariat, meeting, title="Anden", closed=True)
    third = actions.do_add_item(world.secretariat, meeting, title="Tredje")
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert second.closed_reason == AgendaItem.ClosedReason.OTHER
    actions.do_reorder_items(world.secretariat, meeting, [third.pk, first.pk, second.pk])
    assert list(meeting.items.values_list("title", flat=True)) == ["Tredje", "Første", "Anden"]
    with pytest.raises(ValidationError):
        actions.do_reorder_items(world.secretariat, meeting, [third.pk, first.pk])
    actions.do_move_item(world.secretariat, second, -1)
    assert list(meeting.items.values_list("title", flat=True)) == ["Tredje", "Anden", "Første"]
    actions.do_remove_item(world.secretariat, third)
    assert list(meeting.items.values_list("number", "title")) == [(1, "Anden"), (2, "Første")]


def test_an_item_about_a_case_puts_the_case_on_the_agenda_and_takes_it_off() -> None:
    world = make_world()
    meeting = make_meeting(world.strategic)
    case = make_case(world.collaboration, state=State.AT_BODY, current_body=world.panel)
    item = actions.do_add_item(world.secretariat, meeting, case=case)
    case.refresh_from_db()
    assert item.title == case.title
    assert case.state == State.ON_AGENDA and case.current_body == world.strategic
    assert case.events.filter(kind=CaseEvent.Kind.PUT_ON_AGENDA).exists()
    with pytest.raises(ValidationError):
        actions.do_add_item(world.secretariat, meeting, case=case)  # already on it
    actions.do_remove_item(world.secretariat, item)
    case.refresh_from_db()
    assert case.state == State.AT_BODY
    assert case.events.filter(kind=CaseEvent.Kind.TAKEN_OFF_AGENDA).exists()


def test_a_case_of_another_collaboration_is_refused() -> None:
    world = make_world()
    meeting = make_meeting(world.strategic)
    case = make_case(world.other_collaboration, state=State.AT_BODY)
    with pytest.raises(ValidationError):
        actions.do_add_item(world.secretariat, meeting, case=case)
    assert not meeting.items.exists()


def test_review_by_the_two_chairs_then_release_tells_the_members() -> None:
    setting = make_setting(state=Meeting.State.PLANNED)
    meeting, world = setting.meeting, setting.world
    reviews = actions.do_send_agenda_for_review(world.secretariat, meeting)
    assert {r.person.user for r in reviews} == {setting.chair, setting.co_chair}
    assert Notification.objects.filter(user=setting.chair).count() == 1
    assert not Notification.objects.filter(user=world.member).exists()
    review = actions.do_answer_review(setting.chair, meeting, approved=False,
                                      comment="Byt om på punkterne")
    assert review.answered_at is not None and review.approved is False
    with pytest.raises(ValidationError):
        actions.do_answer_review(world.member, meeting, approved=True)
    with pytest.raises(ValidationError):  # a comment is needed to ask for a change
        actions.do_answer_review(setting.co_chair, meeting, approved=False)
    actions.do_release_agenda(world.secretariat, meeting)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.AGENDA_RELEASED and meeting.agenda_released_at
    told = Notification.objects.filter(user=world.member)
    assert told.count() == 1 and "released" in told.get().text
    assert not Notification.objects.filter(user=world.outsider).exists()
    with pytest.raises(ValidationError):
        actions.do_release_agenda(world.secretariat, meeting)


def test_review_without_chairs_is_refused() -> None:
    world = make_world()
    meeting = make_meeting(world.panel)
    make_item(meeting)
    with pytest.raises(ValidationError) as refused:
        actions.do_send_agenda_for_review(world.secretariat, meeting)
    assert "no chair" in str(refused.value)
    assert not AgendaReview.objects.exists()


def test_the_closed_items_words_are_in_no_notification() -> None:
    setting = make_setting(state=Meeting.State.PLANNED)
    world = setting.world
    actions.do_send_agenda_for_review(world.secretariat, setting.meeting)
    actions.do_release_agenda(world.secretariat, setting.meeting)
    actions.do_change_meeting(world.secretariat, setting.meeting, place="Nyt sted")
    texts = [n.text + n.url + str(n.params) for n in Notification.objects.all()]
    assert texts and not any(SECRET in text for text in texts)


def test_cancelling_takes_the_cases_off_and_is_refused_once_held(setting: Setting) -> None:
    world = setting.world
    case = make_case(world.collaboration, state=State.AT_BODY, current_body=world.strategic)
    future = make_meeting(world.strategic)
    actions.do_add_item(world.secretariat, future, case=case)
    actions.do_cancel_meeting(world.secretariat, future, reason="Sygdom")
    case.refresh_from_db()
    assert case.state == State.AT_BODY
    with pytest.raises(ValidationError):
        actions.do_add_item(world.secretariat, future, title="Nyt")
    held = setting.meeting
    held.state = Meeting.State.HELD
    held.save()
    with pytest.raises(ValidationError):
        actions.do_cancel_meeting(world.secretariat, held)


def test_a_summarised_hearing_goes_on_the_agenda_and_its_page_links_the_summary(
        client: object) -> None:
    from django.test import Client

    from klynge.hearings.models import Hearing
    from klynge.meetings.tests.support import login
    from klynge.testing.hearings import make_hearing

    world = make_world()
    meeting = make_meeting(world.strategic)
    summarised = make_hearing(world.collaboration, state=Hearing.State.SUMMARISED,
                              summary="Alle parter støtter udkastet.",
                              summarised_at=timezone.now())
    item = actions.do_add_item(world.secretariat, meeting, hearing=summarised)
    assert item.hearing == summarised and item.title == f"Hearing summary: {summarised.title}"
    assert isinstance(client, Client)
    login(client, world.secretariat)
    page = client.get(meeting.get_absolute_url())
    assert summarised.get_summary_url() in page.text
    assert f'value="{summarised.pk}"' not in page.text  # on the agenda: no longer offered


def test_a_hearing_without_a_summary_or_of_another_collaboration_is_refused() -> None:
    from klynge.hearings.models import Hearing
    from klynge.testing.hearings import make_hearing

    world = make_world()
    meeting = make_meeting(world.strategic)
    still_open = make_hearing(world.collaboration, state=Hearing.State.OPEN)
    foreign = make_hearing(world.other_collaboration, state=Hearing.State.SUMMARISED,
                           summarised_at=timezone.now())
    for hearing, message in ((still_open, "has no summary yet"),
                             (foreign, "another collaboration")):
        with pytest.raises(ValidationError) as refused:
            actions.do_add_item(world.secretariat, meeting, hearing=hearing)
        assert message in str(refused.value)
    assert not meeting.items.exists()
