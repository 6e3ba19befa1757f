"""Log in and out, rate limit, password reset and change, the language switcher."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.testing.factories import make_user
from klynge.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client: Client) -> None:
    """Pages in English, so the tests read the same once translations exist."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_login_and_audit(client: Client) -> None:
    user = make_user("hanne", password=PASSWORD)
    response = client.post(reverse("login"), {"username": "hanne", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    entry = AuditEntry.objects.get(verb=AuditEntry.Verb.LOGIN)
    assert entry.actor == user


def test_login_page_renders(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.text and "Forgotten your password?" in response.text


def test_wrong_password_is_refused(client: Client) -> None:
    make_user("hanne", password=PASSWORD)
    response = client.post(reverse("login"), {"username": "hanne", "password": "wrong"})
    assert response.status_code == 200
    assert not AuditEntry.objects.exists()


def test_logout_is_a_post(client: Client) -> None:
    user = make_user("hanne", password=PASSWORD)
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 302  # logged out


def test_login_is_rate_limited(client: Client) -> None:
    make_user("hanne", password=PASSWORD)
    for _ in range(6):
        response = client.post(reverse("login"), {"username": "hanne", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    # Locked out even with the right password.
    response = client.post(reverse("login"), {"username": "hanne", "password": PASSWORD})
    assert response.status_code == 429


def test_password_reset_sends_an_email(client: Client) -> None:
    make_user("hanne", password=PASSWORD, email="hanne@example.org")
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "hanne@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hanne@example.org"]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert client.get(response["Location"]).status_code == 200


def test_password_reset_pages_render(client: Client) -> None:
    assert client.get(reverse("password_reset_complete")).status_code == 200
    bad_link = reverse("password_reset_confirm", args=["MQ", "bad-token"])
    assert client.get(bad_link).status_code == 200


def test_password_change(client: Client) -> None:
    user = make_user("hanne", password=PASSWORD)
    client.force_login(user)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "a much longer new secret",
        "new_password2": "a much longer new secret"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a much longer new secret")


def test_language_switch(client: Client) -> None:
    client.force_login(make_user("hanne", password=PASSWORD))
    response = client.post(reverse("set_language"), {"language": "nn", "next": "/"},
                           follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "nn"
    assert '<html lang="nn">' in response.text
    assert response.headers["Content-Language"] == "nn"


def test_language_switcher_is_on_every_page(client: Client) -> None:
    response = client.get(reverse("login"))
    assert 'action="/i18n/setlang/"' in response.text
    assert '<label for="language-select">' in response.text


def test_language_choice_is_kept_on_the_account(client: Client) -> None:
    user = make_user("ingrid", password=PASSWORD)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    user.refresh_from_db()
    assert user.language == "nb"
    assert AuditEntry.objects.filter(verb="update", object_id=str(user.pk)).exists()


def test_saved_language_applies_on_a_new_browser(client: Client) -> None:
    user = make_user("sigrid", password=PASSWORD, language="nn")
    client.force_login(user)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    response = client.get("/")
    assert '<html lang="nn">' in response.text
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get("/").text


def test_unknown_language_is_ignored(client: Client) -> None:
    user = make_user("gudrun", password=PASSWORD)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == ""
