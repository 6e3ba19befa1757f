"""Private calendar feeds: made once, fetched by calendar programs, revoked."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from klynge.accounts.models import User
from klynge.governance.models import Body, Seat
from klynge.meetings.documents.actions import do_create_feed_token, do_revoke_feed_token
from klynge.meetings.models import FeedToken, Meeting
from klynge.meetings.tests.test_documents_common import SECRET, Minutes, login, make_minutes
from klynge.testing.meetings import make_item, make_meeting

pytestmark = pytest.mark.django_db
FEEDS = reverse("meeting_documents:feeds")


@pytest.fixture
def minutes() -> Minutes:
    return make_minutes()


def feed_path(token: str) -> str:
    return reverse("meeting_documents:feed", args=[token])


def fetch(token: str) -> Calendar:
    response = Client().get(feed_path(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def made_token(client: Client, user: User, body: Body | None = None) -> str:
    response = login(client, user).post(FEEDS, {"body": body.pk if body else ""})
    assert response.status_code == 200
    match = re.search(r'value="https?://[^"]*/feeds/([A-Za-z0-9_-]+)\.ics"',
                      response.content.decode())
    assert match, "the new feed's address is shown"
    return match.group(1)


def test_a_feed_is_made_shown_once_and_stored_as_a_hash(client: Client,
                                                        minutes: Minutes) -> None:
    token = made_token(client, minutes.world.member)
    feed = FeedToken.objects.get()
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert feed.user == minutes.world.member and feed.body is None
    assert token not in client.get(FEEDS).content.decode()  # only once


def test_the_feed_parses_and_holds_the_meeting(client: Client, minutes: Minutes) -> None:
    starts = timezone.make_aware(dt.datetime(2026, 12, 7, 10, 0))
    coming = make_meeting(minutes.world.strategic, state=Meeting.State.AGENDA_RELEASED,
                          starts_at=starts, video_url="https://video.example/abc", sequence=3)
    make_item(coming, title="Status på genoptræning")
    make_item(coming, title=f"{SECRET} sag", closed=True)
    token = made_token(client, minutes.world.member)
    assert b"DTSTART:20261207T090000Z" in Client().get(feed_path(token)).content  # in UTC
    found = events(fetch(token))
    assert set(found) == {f"meeting-{m.pk}@127.0.0.1" for m in (minutes.meeting, coming)}
    event: dict = found[f"meeting-{coming.pk}@127.0.0.1"]  # type: ignore[assignment]
    assert event["sequence"] == 3
    assert event["dtstart"].dt == starts
    assert event["dtend"].dt == coming.ends_at
    assert str(event["summary"]) == f"Styregruppe: {coming.title}"
    assert "Mødelokale 1" in str(event["location"]) and "video.example" in str(event["location"])
    assert str(event["url"]).endswith(f"/meetings/{coming.pk}/")
    assert "Status på genoptræning" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"


def test_closed_items_never_appear_in_a_feed(client: Client, minutes: Minutes) -> None:
    """Not even for a member who may read them: a feed's address can travel."""
    response = Client().get(feed_path(made_token(client, minutes.world.member)))
    assert SECRET not in response.content.decode()
    assert b"Genoptr" in response.content  # the open item is listed


def test_a_cancelled_meeting_is_cancelled_in_the_feed(client: Client, minutes: Minutes) -> None:
    cancelled = make_meeting(minutes.world.strategic, state=Meeting.State.CANCELLED)
    event: dict = events(fetch(made_token(client, minutes.world.member)))[  # type: ignore[assignment]
        f"meeting-{cancelled.pk}@127.0.0.1"]
    assert str(event["status"]) == "CANCELLED"


def test_a_revoked_feed_answers_404(client: Client, minutes: Minutes) -> None:
    token = made_token(client, minutes.world.member)
    feed = FeedToken.objects.get()
    response = client.post(reverse("meeting_documents:feed_revoke", args=[feed.pk]))
    assert response.status_code == 302
    assert Client().get(feed_path(token)).status_code == 404
    again = client.post(reverse("meeting_documents:feed_revoke", args=[feed.pk]))
    assert again.status_code == 422 and b"already revoked" in again.content


def test_an_unknown_token_answers_404(client: Client, minutes: Minutes) -> None:
    made_token(client, minutes.world.member)
    assert Client().get(feed_path("x" * 43)).status_code == 404


def test_nobody_revokes_anothers_feed(client: Client, minutes: Minutes) -> None:
    feed, token = do_create_feed_token(minutes.world.member)
    response = login(client, minutes.world.panel_member).post(
        reverse("meeting_documents:feed_revoke", args=[feed.pk]))
    assert response.status_code == 404
    assert Client().get(feed_path(token)).status_code == 200


def test_a_deactivated_users_feed_answers_404(minutes: Minutes) -> None:
    _feed, token = do_create_feed_token(minutes.world.member)
    User.objects.filter(pk=minutes.world.member.pk).update(is_active=False)
    assert Client().get(feed_path(token)).status_code == 404


def test_a_feed_shows_only_what_its_owner_may_see_now(minutes: Minutes) -> None:
    confidential = make_meeting(minutes.world.confidential, state=Meeting.State.AGENDA_RELEASED)
    user = minutes.world.member
    seat = Seat.objects.create(body=minutes.world.confidential, person=user.person,
                               term_start=dt.date(2022, 7, 1))
    _feed, token = do_create_feed_token(user, body=minutes.world.confidential)
    assert f"meeting-{confidential.pk}@127.0.0.1" in events(fetch(token))
    seat.term_end = timezone.localdate() - dt.timedelta(days=1)
    seat.save()
    assert events(fetch(token)) == {}  # the seat is gone, and with it the meetings


def test_a_feed_of_a_body_the_user_may_not_see_is_refused(client: Client,
                                                          minutes: Minutes) -> None:
    response = login(client, minutes.world.panel_member).post(
        FEEDS, {"body": minutes.world.confidential.pk})
    assert response.status_code == 422
    assert FeedToken.objects.count() == 0


def test_a_body_feed_holds_that_bodys_meetings(client: Client, minutes: Minutes) -> None:
    token = made_token(client, minutes.world.panel_member, minutes.world.strategic)
    assert f"meeting-{minutes.meeting.pk}@127.0.0.1" in events(fetch(token))
    assert SECRET not in Client().get(feed_path(token)).content.decode()


def test_the_feeds_page_asks_for_sign_in(client: Client) -> None:
    assert client.get(FEEDS).status_code == 302


def test_revoking_is_audited(minutes: Minutes) -> None:
    from klynge.audit.models import AuditEntry

    feed, _token = do_create_feed_token(minutes.world.member)
    do_revoke_feed_token(minutes.world.member, feed)
    verbs = list(AuditEntry.objects.filter(object_type="meetings.feedtoken")
                 .values_list("verb", flat=True).order_by("pk"))
    assert verbs == ["create", "update"]


def _queries_of(path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path).status_code == 200
    return len(queries)


def test_a_feed_fetch_does_not_grow_with_the_meetings(minutes: Minutes) -> None:
    _feed, token = do_create_feed_token(minutes.world.member)
    Client().get(feed_path(token))  # the first fetch notes the use
    few = _queries_of(feed_path(token))
    for day in range(1, 6):
        meeting = make_meeting(minutes.world.strategic, state=Meeting.State.AGENDA_RELEASED,
                               starts_at=timezone.now() + dt.timedelta(days=day))
        make_item(meeting)
        make_item(meeting, closed=True)
    assert _queries_of(feed_path(token)) == few


def test_the_feeds_page_does_not_grow_with_the_feeds(client: Client, minutes: Minutes,
                                                     django_assert_max_num_queries: object
                                                     ) -> None:
    for _ in range(5):
        do_create_feed_token(minutes.world.member, body=minutes.world.strategic)
    login(client, minutes.world.member)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(FEEDS).status_code == 200
