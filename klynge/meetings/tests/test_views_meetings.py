"""The meeting pages: a body's meetings, scheduling, the meeting page, the public minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from klynge.meetings import actions
from klynge.meetings.models import AgendaItem, Meeting, MeetingRules
from klynge.meetings.tests.support import SECRET, Setting, changes_count, login
from klynge.testing.meetings import make_item, make_meeting

pytestmark = pytest.mark.django_db


def test_the_body_lists_its_meetings_in_bounded_queries(
        client: Client, setting: Setting, django_assert_max_num_queries: object) -> None:
    url = reverse("meetings:body_meetings", args=[setting.world.strategic.pk])
    login(client, setting.world.member)
    client.get(url)
    for _n in range(5):
        make_meeting(setting.world.strategic)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["meetings"]) == 6
    assert "Schedule a meeting" not in response.content.decode()


def test_meetings_of_a_confidential_body_are_404_for_a_member_elsewhere(
        client: Client, setting: Setting) -> None:
    url = reverse("meetings:body_meetings", args=[setting.world.confidential.pk])
    assert login(client, setting.world.member).get(url).status_code == 404


def test_the_secretariat_schedules_a_meeting(client: Client, setting: Setting) -> None:
    url = reverse("meetings:meeting_new", args=[setting.world.strategic.pk])
    login(client, setting.world.secretariat)
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Decembermøde", "starts_at": "2026-12-10T09:00",
                                 "ends_at": "2026-12-10T11:00", "place": "Rådhuset"})
    assert response.status_code == 302
    assert Meeting.objects.filter(title="Decembermøde").exists()


def test_a_meeting_that_ends_before_it_starts_gets_422(client: Client,
                                                       setting: Setting) -> None:
    url = reverse("meetings:meeting_new", args=[setting.world.strategic.pk])
    before = changes_count()
    response = login(client, setting.world.secretariat).post(
        url, {"starts_at": "2026-12-10T11:00", "ends_at": "2026-12-10T09:00"})
    assert response.status_code == 422
    assert "cannot end before it starts" in response.content.decode()
    assert changes_count() == before and not Meeting.objects.filter(title="").exists()


def test_a_member_may_not_schedule(client: Client, setting: Setting) -> None:
    url = reverse("meetings:meeting_new", args=[setting.world.strategic.pk])
    assert login(client, setting.world.member).get(url).status_code == 403


def test_the_meeting_page_shows_the_agenda_by_role(client: Client, setting: Setting) -> None:
    url = setting.meeting.get_absolute_url()
    member_page = login(client, setting.world.member).get(url).content.decode()
    assert SECRET in member_page and "Åbent punkt" in member_page
    panel_page = login(client, setting.world.panel_member).get(url).content.decode()
    assert SECRET not in panel_page and "Closed item – personal matter" in panel_page
    assert "Åbent punkt" in panel_page
    assert login(client, setting.world.outsider).get(url).status_code == 404


def test_the_meeting_page_in_bounded_queries(client: Client, setting: Setting,
                                             django_assert_max_num_queries: object) -> None:
    url = setting.meeting.get_absolute_url()
    login(client, setting.world.secretariat)
    client.get(url)
    for _n in range(6):
        make_item(setting.meeting, closed=True)
    with django_assert_max_num_queries(40):  # type: ignore[operator]
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["rows"]) == 8


def test_adding_an_item_and_bad_input(client: Client, setting: Setting) -> None:
    meeting = make_meeting(setting.world.strategic)
    url = reverse("meetings:item_add", args=[meeting.pk])
    login(client, setting.world.secretariat)
    response = client.post(url, {"title": "Nyt punkt", "closed_reason": ""})
    assert response.status_code == 302 and meeting.items.get().title == "Nyt punkt"
    response = client.post(url, {"title": ""})
    assert response.status_code == 422 and "needs a title" in response.content.decode()
    assert login(client, setting.world.member).post(url, {"title": "X"}).status_code == 403


def test_review_release_and_answers_through_the_pages(client: Client) -> None:
    from klynge.meetings.tests.support import make_setting

    setting = make_setting(state=Meeting.State.PLANNED)
    meeting = setting.meeting
    login(client, setting.world.secretariat)
    assert client.post(reverse("meetings:send_for_review", args=[meeting.pk])).status_code == 302
    login(client, setting.chair)
    response = client.post(reverse("meetings:answer_review", args=[meeting.pk]),
                           {"approved": "no", "comment": ""})
    assert response.status_code == 422
    response = client.post(reverse("meetings:answer_review", args=[meeting.pk]),
                           {"approved": "yes"})
    assert response.status_code == 302
    assert login(client, setting.world.member).post(
        reverse("meetings:release", args=[meeting.pk])).status_code == 403
    login(client, setting.world.secretariat).post(reverse("meetings:release", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.AGENDA_RELEASED
    login(client, setting.world.member)
    url = reverse("meetings:respond", args=[meeting.pk])
    assert client.post(url, {"answer": "substitute"}).status_code == 422  # not offered
    assert client.post(url, {"answer": "attending"}).status_code == 302
    assert login(client, setting.world.panel_member).post(url, {"answer": "attending"}
                                                          ).status_code == 403


def test_a_substitute_is_offered_where_the_rules_allow(client: Client, setting: Setting) -> None:
    url = reverse("meetings:meeting_rules", args=[setting.world.strategic.pk])
    assert login(client, setting.world.member).get(url).status_code == 403
    login(client, setting.world.secretariat)
    assert client.get(url).status_code == 200
    assert client.post(url, {"minutes_approved_by": "nobody"}).status_code == 422
    response = client.post(url, {"minutes_approved_by": "chair", "substitutes_allowed": "on"})
    assert response.status_code == 302
    rules = MeetingRules.objects.get(body=setting.world.strategic)
    assert rules.substitutes_allowed and rules.minutes_approved_by == "chair"


def test_public_minutes_show_closed_items_by_general_title_only(client: Client,
                                                                setting: Setting) -> None:
    meeting = setting.meeting
    meeting.state = Meeting.State.MINUTES_APPROVED
    meeting.save()
    setting.closed_item.wording = f"{SECRET} beslutning"
    setting.closed_item.outcome = AgendaItem.Outcome.APPROVED
    setting.closed_item.save()
    response = client.get(reverse("meetings:public_minutes", args=[meeting.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in page and "Closed item – personal matter" in page
    assert "Åbent punkt om genoptræning" in page


def test_public_minutes_of_unapproved_or_confidential_meetings_are_404(
        client: Client, setting: Setting) -> None:
    assert client.get(reverse("meetings:public_minutes", args=[setting.meeting.pk])
                      ).status_code == 404
    secret = make_meeting(setting.world.confidential, state=Meeting.State.MINUTES_APPROVED)
    assert client.get(reverse("meetings:public_minutes", args=[secret.pk])).status_code == 404


def test_cancelling_from_the_page(client: Client, setting: Setting) -> None:
    meeting = make_meeting(setting.world.strategic, starts_at=dt.datetime(
        2026, 12, 5, 9, tzinfo=dt.UTC))
    url = reverse("meetings:meeting_cancel", args=[meeting.pk])
    assert login(client, setting.world.member).post(url).status_code == 403
    response = login(client, setting.world.secretariat).post(url, {"reason": "Aflyst"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CANCELLED
    held = setting.meeting
    held.state = Meeting.State.HELD
    held.save()
    response = client.post(reverse("meetings:meeting_cancel", args=[held.pk]), {"reason": ""})
    assert response.status_code == 422


def test_an_outsider_gets_404_for_a_closed_item_and_its_papers(client: Client,
                                                               setting: Setting) -> None:
    paper = actions.do_attach_papers(setting.world.secretariat, setting.closed_item, [
        SimpleUploadedFile("notat.txt", f"{SECRET} indhold".encode(), "text/plain")])[0]
    item_url = setting.closed_item.get_absolute_url()
    paper_url = reverse("meetings:paper", args=[setting.closed_item.pk, paper.pk])
    for persona in ("outsider", "panel_member"):
        login(client, getattr(setting.world, persona))
        assert client.get(item_url).status_code == 404
        assert client.get(paper_url).status_code == 404
    login(client, setting.world.member)
    assert client.get(item_url).status_code == 200
    response = client.get(paper_url)
    assert response.status_code == 200 and SECRET.encode() in b"".join(response.streaming_content)
    other_paper_url = reverse("meetings:paper", args=[setting.open_item.pk, paper.pk])
    assert client.get(other_paper_url).status_code == 404


def test_an_approver_who_approved_sees_when_instead_of_the_button(client: Client) -> None:
    from django.utils import timezone

    from klynge.governance.models import Person
    from klynge.meetings.models import MinutesApproval
    from klynge.meetings.tests.support import login, make_setting

    setting = make_setting(state=Meeting.State.MINUTES_IN_APPROVAL)
    for user in (setting.chair, setting.co_chair):
        MinutesApproval.objects.create(meeting=setting.meeting, approver=True,
                                       person=Person.objects.get(user=user))
    MinutesApproval.objects.filter(person__user=setting.chair).update(approved_at=timezone.now())
    approve = reverse("meetings:approve", args=[setting.meeting.pk])
    login(client, setting.chair)
    page = client.get(setting.meeting.get_absolute_url())
    assert approve not in page.text and "You approved the minutes on" in page.text
    login(client, setting.co_chair)
    assert approve in client.get(setting.meeting.get_absolute_url()).text
