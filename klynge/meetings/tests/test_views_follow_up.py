"""My work, the secretariat's action items, and the reform move's pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from klynge.cases.models import Case, State
from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body, Seat
from klynge.meetings.models import ActionItem, Meeting
from klynge.meetings.tests.support import Setting, login, seated
from klynge.testing.cases import make_case
from klynge.testing.factories import (
    make_body,
    make_collaboration,
    make_municipality_organisation,
    make_partnership,
)
from klynge.testing.meetings import make_action_item, make_meeting, person_of

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


def test_my_work_lists_meetings_waiting_work_and_action_items(
        client: Client, setting: Setting, django_assert_max_num_queries: object) -> None:
    world = setting.world
    login(client, world.member)
    client.get(reverse("meetings:me"))
    coming = make_meeting(world.strategic, title="Næste møde")
    make_meeting(world.confidential, title="Ikke mit")
    for n in range(4):
        make_action_item(setting.open_item, owner=setting.member_person, title=f"Opgave {n}",
                         due_on=TODAY - dt.timedelta(days=n))
    make_action_item(setting.open_item, owner=setting.member_person, title="Færdig",
                     done_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = client.get(reverse("meetings:me"))
    page = response.content.decode()
    assert response.status_code == 200
    assert coming in response.context["coming"] and "Ikke mit" not in page
    assert "Opgave 3" in page and "Færdig" not in page and "overdue" in page


def test_my_work_shows_a_waiting_approval(client: Client, setting: Setting) -> None:
    meeting = setting.meeting
    meeting.state = Meeting.State.MINUTES_IN_APPROVAL
    meeting.save()
    meeting.approvals.create(person=person_of(setting.chair))
    page = login(client, setting.chair).get(reverse("meetings:me")).content.decode()
    assert "Approve the minutes of" in page


def test_marking_done_by_owner_and_not_by_others(client: Client, setting: Setting) -> None:
    action_item = make_action_item(setting.open_item, owner=setting.member_person)
    url = reverse("meetings:action_item_done", args=[action_item.pk])
    assert login(client, setting.world.outsider).post(url).status_code == 404
    for sees_it in (setting.world.panel_member, setting.chair):  # sees it, is not the owner
        assert login(client, sees_it).post(url).status_code == 403
    assert login(client, setting.world.member).post(url).status_code == 302
    action_item.refresh_from_db()
    assert action_item.done_at is not None


def test_the_secretariat_lists_action_items_with_the_overdue_highlighted(
        client: Client, setting: Setting, django_assert_max_num_queries: object) -> None:
    world = setting.world
    url = reverse("meetings:action_items", args=[world.collaboration.code])
    login(client, world.secretariat)
    client.get(url)
    for n in range(5):
        make_action_item(setting.open_item, owner=setting.member_person, title=f"Sen {n}",
                         due_on=TODAY - dt.timedelta(days=1))
    make_action_item(setting.open_item, owner=person_of(setting.chair), title="Senere",
                     due_on=TODAY + dt.timedelta(days=9))
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and page.count('class="overdue"') == 5
    response = client.get(url, {"show": "overdue", "owner": "Chair"})
    assert list(response.context["page"].object_list) == []
    response = client.get(url, {"show": "open", "owner": "Chair"})
    assert [a.title for a in response.context["page"].object_list] == ["Senere"]
    response = client.get(url, {"show": "bogus"})
    assert response.status_code == 200 and response.context["form"].errors
    assert login(client, world.member).get(url).status_code == 403
    assert login(client, world.outsider).get(
        reverse("meetings:action_items", args=["ingen"])).status_code == 404


def _council_with_secretariat(cluster: Collaboration, split: bool = False
                              ) -> tuple[Collaboration, object, Collaboration]:
    council = make_collaboration(kind=Collaboration.Kind.HEALTH_COUNCIL, name="Rådet",
                                 valid_from=dt.date(2026, 1, 1), valid_to=None)
    other = make_collaboration(kind=Collaboration.Kind.HEALTH_COUNCIL, name="Andet råd",
                               valid_from=dt.date(2026, 1, 1), valid_to=None)
    for n in range(2):
        organisation = make_municipality_organisation()
        make_partnership(cluster, organisation)
        make_partnership(other if split and n else council, organisation)
    user = seated("raadssekretaer", make_body(council, kind=Body.Kind.SECRETARIAT),
                  Seat.Role.SECRETARY)
    return council, user, other


def test_the_council_takes_over_from_the_page(client: Client, setting: Setting) -> None:
    cluster = setting.world.collaboration
    council, user, _other = _council_with_secretariat(cluster)
    case = make_case(cluster, state=State.AT_BODY, current_body=setting.world.strategic,
                     title="Overgangssag")
    make_action_item(setting.open_item, owner=setting.member_person)
    login(client, user)
    listing = client.get(reverse("meetings:handover_list", args=[council.code]))
    assert listing.status_code == 200 and cluster.name in listing.content.decode()
    url = reverse("meetings:handover", args=[council.code, cluster.code])
    page = client.get(url).content.decode()
    assert "Overgangssag" in page and "Take them all over" in page
    assert client.post(url).status_code == 302
    assert Case.objects.get(pk=case.pk).collaboration == council
    assert ActionItem.objects.get().collaboration == council
    assert login(client, setting.world.secretariat).post(url).status_code == 403
    assert client.get(reverse("meetings:handover", args=[council.code, "ingen"])
                      ).status_code == 403


def test_a_split_cluster_page_moves_one_case(client: Client, setting: Setting) -> None:
    cluster = setting.world.collaboration
    council, user, other = _council_with_secretariat(cluster, split=True)
    case = make_case(cluster, state=State.AT_BODY, current_body=setting.world.strategic)
    login(client, user)
    url = reverse("meetings:handover", args=[council.code, cluster.code])
    assert client.post(url).status_code == 422  # not all at once
    one = reverse("meetings:handover_one", args=[council.code, cluster.code, "case", case.pk])
    assert client.post(one, {"council": ""}).status_code == 422
    assert client.post(one, {"council": other.pk}).status_code == 403  # not theirs
    assert client.post(one, {"council": council.pk}).status_code == 302
    assert Case.objects.get(pk=case.pk).collaboration == council
    wrong = reverse("meetings:handover_one", args=[council.code, cluster.code, "x", 1])
    assert client.post(wrong, {"council": council.pk}).status_code == 404


def test_the_pages_link_to_meetings_action_items_and_my_work(client: Client,
                                                             setting: Setting) -> None:
    world = setting.world
    body_page = login(client, world.member).get(world.strategic.get_absolute_url())
    page = body_page.content.decode()
    assert reverse("meetings:body_meetings", args=[world.strategic.pk]) in page
    assert reverse("meetings:me") in page
    action_items = reverse("meetings:action_items", args=[world.collaboration.code])
    assert action_items not in client.get(world.collaboration.get_absolute_url()
                                          ).content.decode()
    login(client, world.secretariat)
    assert action_items in client.get(world.collaboration.get_absolute_url()).content.decode()


def test_a_followed_meeting_is_described_only_to_who_may_see_it(setting: Setting) -> None:
    from klynge.meetings.topics import describe_meetings

    ids = [setting.meeting.pk]
    assert set(describe_meetings(setting.world.member, ids)) == {setting.meeting.pk}
    assert describe_meetings(setting.world.outsider, ids) == {}


def test_ones_own_person_page_links_to_ones_work_and_nobody_elses_does(
        client: Client) -> None:
    from django.urls import reverse

    from klynge.governance.models import Person
    from klynge.testing.auth import sign_in
    from klynge.testing.personas import make_world

    world = make_world()
    mine = Person.objects.get(user=world.member)
    other = Person.objects.get(user=world.secretariat)
    sign_in(client, world.member)
    me = reverse("meetings:me")
    assert me in client.get(mine.get_absolute_url()).text.split("<main")[1]
    other_page = client.get(other.get_absolute_url())
    assert other_page.status_code == 200 and me not in other_page.text.split("<main")[1]
