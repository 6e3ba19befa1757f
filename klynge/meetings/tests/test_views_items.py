"""The item page and what is posted there; the minutes' approval through the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from klynge.meetings.models import AgendaItem, Conflict, ItemAttendance, Meeting
from klynge.meetings.tests.support import Setting, changes_count, login
from klynge.testing.meetings import make_item, make_meeting, person_of

pytestmark = pytest.mark.django_db


def test_the_secretariat_sees_the_recording_forms(client: Client, setting: Setting) -> None:
    response = login(client, setting.world.secretariat).get(setting.open_item.get_absolute_url())
    assert response.status_code == 200
    assert response.context["attendance_form"] and response.context["outcome_form"]
    member_page = login(client, setting.world.member).get(setting.open_item.get_absolute_url())
    assert member_page.status_code == 200 and "attendance_form" not in member_page.context


def test_attendance_and_a_conflict_through_the_page(client: Client, setting: Setting) -> None:
    item = setting.open_item
    member = setting.member_person
    login(client, setting.world.secretariat)
    url = reverse("meetings:conflict_add", args=[item.pk])
    assert client.post(url, {"person": member.pk, "reason": ""}).status_code == 422
    assert client.post(url, {"person": member.pk, "reason": "Inhabil"}).status_code == 302
    before = changes_count()
    response = client.post(reverse("meetings:attendance", args=[item.pk]),
                           {"present": [member.pk]})
    assert response.status_code == 422
    assert "cannot be present" in response.content.decode()
    assert changes_count() == before and not ItemAttendance.objects.exists()
    chair = person_of(setting.chair)
    assert client.post(reverse("meetings:attendance", args=[item.pk]),
                       {"present": [chair.pk]}).status_code == 302
    assert ItemAttendance.objects.get(person=chair).present
    assert login(client, setting.world.member).post(
        reverse("meetings:attendance", args=[item.pk]), {"present": []}).status_code == 403
    conflict = Conflict.objects.get()
    assert client.post(reverse("meetings:conflict_withdraw", args=[conflict.pk])
                       ).status_code == 403


def test_an_outcome_posted_for_another_meetings_item_is_refused(client: Client,
                                                                setting: Setting) -> None:
    other = make_meeting(setting.world.strategic, state=Meeting.State.AGENDA_RELEASED)
    foreign = make_item(other)
    login(client, setting.world.secretariat)
    url = reverse("meetings:outcome", args=[setting.meeting.pk])
    response = client.post(url, {"item": foreign.pk, "outcome": "approved",
                                 "wording": "Godkendt"})
    assert response.status_code == 422
    assert "belongs to another meeting" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.outcome == ""
    response = client.post(url, {"item": setting.open_item.pk, "outcome": "approved",
                                 "wording": "Godkendt"})
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=setting.open_item.pk).outcome == "approved"
    response = client.post(url, {"item": setting.open_item.pk, "outcome": "maybe"})
    assert response.status_code == 422


def test_papers_are_checked_and_attached(client: Client, setting: Setting) -> None:
    url = reverse("meetings:papers_add", args=[setting.open_item.pk])
    login(client, setting.world.secretariat)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream")
    response = client.post(url, {"papers": [bad]})
    assert response.status_code == 422 and "cannot be attached" in response.content.decode()
    good = SimpleUploadedFile("notat.txt", b"Et notat", "text/plain")
    assert client.post(url, {"papers": [good]}).status_code == 302
    page = client.get(setting.open_item.get_absolute_url()).content.decode()
    assert "notat.txt" in page


def test_an_action_item_from_the_item_page_shows_on_my_work(client: Client,
                                                             setting: Setting) -> None:
    login(client, setting.world.secretariat)
    url = reverse("meetings:action_item_add", args=[setting.open_item.pk])
    assert client.post(url, {"title": "", "owner": "", "due_on": ""}).status_code == 422
    response = client.post(url, {"title": "Lav en plan", "owner": setting.member_person.pk,
                                 "due_on": "2026-12-15"})
    assert response.status_code == 302
    page = login(client, setting.world.member).get(reverse("meetings:me")).content.decode()
    assert "Lav en plan" in page


def test_the_chairs_approve_through_the_pages(client: Client, setting: Setting) -> None:
    meeting = setting.meeting
    login(client, setting.world.secretariat)
    for item in (setting.open_item, setting.closed_item):
        client.post(reverse("meetings:outcome", args=[meeting.pk]),
                    {"item": item.pk, "outcome": "noted"})
    assert client.post(reverse("meetings:send_minutes", args=[meeting.pk])).status_code == 302
    approve = reverse("meetings:approve", args=[meeting.pk])
    assert login(client, setting.world.member).post(approve).status_code == 403
    response = client.post(reverse("meetings:dissent", args=[meeting.pk]), {"dissent": ""})
    assert response.status_code == 422
    for chair in (setting.chair, setting.co_chair):
        assert login(client, chair).post(approve).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.MINUTES_APPROVED
    login(client, setting.world.secretariat)
    response = client.post(reverse("meetings:outcome", args=[meeting.pk]),
                           {"item": setting.open_item.pk, "outcome": "rejected",
                            "wording": "Nej"})
    assert response.status_code == 422
    assert "can no longer be changed" in response.content.decode()
    assert AgendaItem.objects.get(pk=setting.open_item.pk).outcome == "noted"


def test_item_edit_and_remove(client: Client, setting: Setting) -> None:
    item = make_item(make_meeting(setting.world.strategic), title="Gammel")
    login(client, setting.world.secretariat)
    url = reverse("meetings:item_edit", args=[item.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": ""}).status_code == 422
    assert client.post(url, {"title": "Ny", "closed": "on"}).status_code == 302
    item.refresh_from_db()
    assert item.title == "Ny" and item.closed and item.closed_reason == "other"
    assert client.post(reverse("meetings:item_remove", args=[item.pk])).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert client.get(url).status_code == 404
