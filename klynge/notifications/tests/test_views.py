"""The notification pages: the list, marking read, e-mail settings, following."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.notifications.context_processors import unread_notifications
from klynge.notifications.models import EmailDelivery, Notification, Preference, Subscription
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_body
from klynge.testing.notifications import make_notification, make_subscription, make_theme
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def login(client: Client, user: Any) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_in(client, user)
    return client


# The list --------------------------------------------------------------------------------
def test_the_list_shows_unread_first(client: Client, world: World) -> None:
    read = make_notification(world.member, params={"name": "Gammel"})
    read.read_at = read.created_at
    read.save()
    unread = make_notification(world.member, params={"name": "Ny"})
    response = login(client, world.member).get(reverse("notifications:list"))
    assert response.status_code == 200
    assert response.context["notifications"] == [unread, read]
    page = response.content.decode()
    assert "The body Ny was created." in page and "1 unread notification." in page


def test_the_list_shows_only_ones_own(client: Client, world: World) -> None:
    make_notification(world.secretariat, params={"name": "Hemmelig"})
    response = login(client, world.member).get(reverse("notifications:list"))
    assert response.context["notifications"] == []
    assert "Hemmelig" not in response.content.decode()


def test_the_list_is_paginated(client: Client, world: World) -> None:
    for _n in range(30):
        make_notification(world.member)
    response = login(client, world.member).get(reverse("notifications:list") + "?page=2")
    assert len(response.context["notifications"]) == 5


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_costs_the_same_queries_for_more_rows(
        client: Client, world: World, rows: int, django_assert_max_num_queries: Any) -> None:
    for _n in range(rows):
        make_notification(world.member, collaboration=world.collaboration)
    login(client, world.member)
    # 7 for the list, and 2 for the header's roles (its Volunteering link reads them; most
    # pages have read them already, and they are cached for the request).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("notifications:list"))
    assert len(response.context["notifications"]) == rows


def test_anonymous_users_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_marking_one_read(client: Client, world: World) -> None:
    notification = make_notification(world.member)
    response = login(client, world.member).post(
        reverse("notifications:read", args=[notification.pk]),
        {"next": reverse("notifications:list") + "?page=1"})
    assert response.status_code == 302 and response["Location"].endswith("?page=1")
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert AuditEntry.objects.filter(object_type="notifications.notification").exists()


def test_marking_read_ignores_a_foreign_next(client: Client, world: World) -> None:
    notification = make_notification(world.member)
    response = login(client, world.member).post(
        reverse("notifications:read", args=[notification.pk]), {"next": "https://evil.test/"})
    assert response["Location"] == reverse("notifications:list")


def test_marking_another_users_notification_is_404(client: Client, world: World) -> None:
    notification = make_notification(world.secretariat)
    response = login(client, world.member).post(
        reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_takes_post_only(client: Client, world: World) -> None:
    notification = make_notification(world.member)
    response = login(client, world.member).get(
        reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 405


def test_marking_all_read(client: Client, world: World) -> None:
    mine = [make_notification(world.member) for _n in range(3)]
    other = make_notification(world.secretariat)
    login(client, world.member).post(reverse("notifications:read_all"))
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=other.pk).read_at is None


# E-mail settings ---------------------------------------------------------------------------
def test_the_settings_offer_the_digest_by_default(client: Client, world: World) -> None:
    response = login(client, world.member).get(reverse("notifications:settings"))
    assert response.status_code == 200
    assert response.context["form"].initial["email"] == EmailDelivery.DIGEST
    checked = re.search(r'<input[^>]*value="(\w+)"[^>]*checked', response.content.decode())
    assert checked and checked.group(1) == EmailDelivery.DIGEST


def test_choosing_immediate_email(client: Client, world: World) -> None:
    response = login(client, world.member).post(reverse("notifications:settings"),
                                                {"email": EmailDelivery.IMMEDIATELY})
    assert response.status_code == 302
    assert Preference.objects.get(user=world.member).email == EmailDelivery.IMMEDIATELY
    client.post(reverse("notifications:settings"), {"email": EmailDelivery.NONE})
    assert Preference.objects.get(user=world.member).email == EmailDelivery.NONE
    assert AuditEntry.objects.filter(object_type="notifications.preference").count() == 2


def test_a_bad_choice_is_refused(client: Client, world: World) -> None:
    response = login(client, world.member).post(reverse("notifications:settings"),
                                                {"email": "hourly"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not Preference.objects.exists()


# Following ---------------------------------------------------------------------------------
def follow(client: Client, **data: Any) -> Any:
    return client.post(reverse("notifications:follow"), data)


def test_following_a_body(client: Client, world: World) -> None:
    back = world.strategic.get_absolute_url()
    response = follow(login(client, world.panel_member), topic="body", id=world.strategic.pk,
                      next=back)
    assert response.status_code == 302 and response["Location"] == back
    assert Subscription.objects.filter(user=world.panel_member, topic="body",
                                       topic_id=world.strategic.pk).exists()


def test_following_a_confidential_body_one_may_not_see_is_404(client: Client,
                                                             world: World) -> None:
    response = follow(login(client, world.outsider), topic="body", id=world.confidential.pk)
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_following_a_body_that_does_not_exist_is_404(client: Client, world: World) -> None:
    response = follow(login(client, world.member), topic="body", id=999999)
    assert response.status_code == 404


@pytest.mark.parametrize("data", [
    {"topic": "case", "id": "1"},  # cases are followed on the case's own page
    {"topic": "body", "id": "abc"},
    {"topic": "body", "id": "0"},
    {"id": "1"},
])
def test_bad_follow_input_is_refused(client: Client, world: World,
                                     data: dict[str, str]) -> None:
    response = follow(login(client, world.member), **data)
    assert response.status_code == 422
    assert "could not be followed" in response.content.decode()
    assert not Subscription.objects.exists()


def test_following_a_theme(client: Client, world: World) -> None:
    theme = make_theme(world.collaboration, name_en="Mental health")
    response = follow(login(client, world.member), topic="theme", id=theme.pk)
    assert response.status_code == 302
    assert Subscription.objects.filter(user=world.member, topic="theme",
                                       topic_id=theme.pk).exists()
    page = client.get(reverse("notifications:following")).content.decode()
    assert "Mental health in Testklyngen" in page


def test_following_an_unknown_theme_is_404(client: Client, world: World) -> None:
    assert follow(login(client, world.member), topic="theme", id=424242).status_code == 404


def test_unfollowing(client: Client, world: World) -> None:
    make_subscription(world.member, "case", 12)
    response = login(client, world.member).post(reverse("notifications:unfollow"),
                                                {"topic": "case", "id": 12})
    assert response.status_code == 302
    assert not Subscription.objects.exists()


def test_unfollowing_bad_input_is_refused(client: Client, world: World) -> None:
    response = login(client, world.member).post(reverse("notifications:unfollow"),
                                                {"topic": "planet", "id": 1})
    assert response.status_code == 422


def test_the_following_page_lists_what_one_follows(client: Client, world: World) -> None:
    make_subscription(world.member, "body", world.strategic.pk)
    make_subscription(world.member, "body", world.confidential.pk)  # since left
    make_theme(world.collaboration, name_en="Children and young people")
    response = login(client, world.member).get(reverse("notifications:following"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Styregruppe" in page and "Fortrolig gruppe" not in page
    assert "you can no longer see it" in page
    assert "Children and young people" in page  # a theme of the member's collaboration
    assert response.context["chosen"] == world.collaboration
    forms = re.findall(r'<form[^>]*class="inline follow">\s*<input[^>]*name="(\w+)"', page)
    assert forms and set(forms) == {"csrfmiddlewaretoken"}


def test_the_follow_button_follows_or_unfollows(world: World) -> None:
    request = RequestFactory().get("/bodies/1/")
    request.user = world.member
    template = Template('{% load notification_tags %}{% follow_button "body" pk %}')
    assert reverse("notifications:follow") in template.render(
        Context({"request": request, "pk": world.strategic.pk}))
    make_subscription(world.member, "body", world.strategic.pk)
    rendered = template.render(Context({"request": request, "pk": world.strategic.pk}))
    assert reverse("notifications:unfollow") in rendered and 'value="/bodies/1/"' in rendered


def test_the_unread_count_for_the_base_template(world: World) -> None:
    make_notification(world.member)
    make_notification(world.member)
    make_notification(world.member, read_at="2026-11-29T10:00:00+01:00")
    make_notification(world.secretariat)
    request = RequestFactory().get("/")
    request.user = world.member
    assert int(str(unread_notifications(request)["unread_notifications"])) == 2


@pytest.mark.parametrize("rows", [1, 8])
def test_the_following_page_costs_the_same_queries_for_more_rows(
        client: Client, world: World, rows: int, django_assert_max_num_queries: Any) -> None:
    for _n in range(rows):
        make_subscription(world.member, "body", make_body(world.collaboration).pk)
        make_subscription(world.member, "theme", make_theme(world.collaboration).pk)
        make_subscription(world.member, "case", _n + 1)
    login(client, world.member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:following"))
    assert len(response.context["followed"]) == 3 * rows
