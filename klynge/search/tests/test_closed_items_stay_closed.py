"""A word that appears only in a closed agenda item is found nowhere those who may not see
the item can look: search, the item and its papers, the PDFs, the exports, the calendar
feed, notifications and their e-mails (digests included).

Two kinds of reader are tried: an outsider (signed in, no seat) and a member of the
collaboration who does not sit in the meeting's body (they see the meeting, not the item).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.attachments.models import Attachment
from klynge.meetings import actions as meeting_actions
from klynge.meetings.documents.actions import do_create_feed_token
from klynge.meetings.tests.test_documents_common import (
    SECRET,
    Minutes,
    login,
    make_minutes,
    pdf_text,
)
from klynge.notifications.actions import do_follow
from klynge.notifications.models import Notification
from klynge.notifications.tasks import send_due
from klynge.testing.meetings import make_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes() -> Minutes:
    return make_minutes()


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        return " ".join(workbook.read(name).decode("utf-8") for name in workbook.namelist()
                        if name.endswith(".xml"))


def test_an_outsider_gets_404_on_the_item_its_papers_its_pdf_and_finds_nothing(
        client: Client, minutes: Minutes) -> None:
    login(client, minutes.world.outsider)
    item = minutes.closed_item
    paper = Attachment.objects.of(item).get()
    for url in (reverse("meetings:item", args=[item.pk]),
                reverse("meetings:paper", args=[item.pk, paper.pk]),
                reverse("meetings:meeting", args=[minutes.meeting.pk]),
                reverse("meeting_documents:minutes_pdf", args=[minutes.meeting.pk]),
                reverse("meeting_documents:agenda_pdf", args=[minutes.meeting.pk])):
        assert client.get(url).status_code == 404, url
    response = client.get(reverse("search:search"), {"q": SECRET})
    assert response.status_code == 200 and not response.context["found"]
    assert reverse("meetings:item", args=[item.pk]) not in response.text


def test_a_member_of_another_body_sees_the_meeting_but_nowhere_the_closed_word(
        client: Client, minutes: Minutes) -> None:
    reader = minutes.world.panel_member  # sits in the user panel, not the strategic level
    login(client, reader)
    item = minutes.closed_item
    meeting_page = client.get(reverse("meetings:meeting", args=[minutes.meeting.pk]))
    assert meeting_page.status_code == 200 and SECRET not in meeting_page.text
    assert client.get(reverse("meetings:item", args=[item.pk])).status_code == 404
    paper = Attachment.objects.of(item).get()
    assert client.get(reverse("meetings:paper", args=[item.pk, paper.pk])).status_code == 404
    pdf = client.get(reverse("meeting_documents:minutes_pdf", args=[minutes.meeting.pk]))
    assert pdf.status_code == 200 and SECRET not in pdf_text(pdf.content)
    code = minutes.world.collaboration.code
    for name in ("decisions_csv", "action_items_csv"):
        export = client.get(reverse(f"meeting_documents:{name}", args=[code]))
        assert export.status_code == 200 and SECRET not in export.content.decode("utf-8-sig")
    for name in ("decisions_xlsx", "action_items_xlsx"):
        export = client.get(reverse(f"meeting_documents:{name}", args=[code]))
        assert export.status_code == 200 and SECRET not in _xlsx_text(export.content)
    found = client.get(reverse("search:search"), {"q": SECRET})
    assert found.status_code == 200 and not found.context["found"]
    assert "Nothing found" in found.text
    assert reverse("meetings:item", args=[item.pk]) not in found.text


def test_the_public_minutes_and_their_pdf_show_the_closed_item_by_its_general_title(
        client: Client, minutes: Minutes) -> None:
    page = client.get(reverse("meetings:public_minutes", args=[minutes.meeting.pk]))
    assert page.status_code == 200
    assert SECRET not in page.text and minutes.closed_item.public_title in page.text
    pdf = client.get(reverse("meeting_documents:public_minutes_pdf",
                             args=[minutes.meeting.pk]))
    assert pdf.status_code == 200 and SECRET not in pdf_text(pdf.content)


def test_a_calendar_feed_never_names_a_closed_item(client: Client, minutes: Minutes) -> None:
    for user in (minutes.world.panel_member, minutes.world.member):
        _feed, token = do_create_feed_token(user)
        response = client.get(reverse("meeting_documents:feed", args=[token]))
        assert response.status_code == 200
        assert SECRET not in response.content.decode("utf-8")


def test_notifications_and_their_emails_never_carry_the_closed_word(
        minutes: Minutes, settings: object) -> None:
    """The secretariat builds and holds a meeting with a closed item through the actions;
    the body's followers (a member of another body among them) are told by e-mail at once
    and in the daily digest: no notification and no e-mail names the closed item."""
    world = minutes.world
    follower, member = world.panel_member, world.member
    for user in (follower, member):
        user.email = f"{user.username}@example.org"
        user.save()
        do_follow(user, user, "body", world.strategic.pk)
    meeting = make_meeting(world.strategic, starts_at=timezone.now() + dt.timedelta(hours=2))
    make_item(meeting, title="Åbent punkt")
    closed = meeting_actions.do_add_item(world.secretariat, meeting, title=f"{SECRET} sag",
                                         description=f"{SECRET} baggrund", closed=True,
                                         closed_reason="personal")
    meeting_actions.do_release_agenda(world.secretariat, meeting)
    meeting_actions.do_record_outcome(world.secretariat, meeting, closed, outcome="approved",
                                      wording=f"{SECRET} besluttet")
    notifications = Notification.objects.filter(user__in=[follower, member])
    assert notifications.exists()
    for notification in notifications:
        assert SECRET not in notification.text and SECRET not in str(notification.params)
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, hours=23)):
        send_due()
    assert mail.outbox, "the digests were sent"
    for message in mail.outbox:
        assert SECRET not in message.subject and SECRET not in message.body


def test_a_member_of_the_body_finds_the_closed_item(client: Client, minutes: Minutes) -> None:
    """The other side: those who may see the item find it (so the tests above can fail)."""
    login(client, minutes.world.member)
    found = client.get(reverse("search:search"), {"q": SECRET})
    assert found.context["found"]
    assert reverse("meetings:item", args=[minutes.closed_item.pk]) in found.text
