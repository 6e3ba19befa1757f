"""Two-factor sign-in: set up an authenticator app, confirm codes, recovery codes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from klynge.audit.models import AuditEntry
from klynge.testing.auth import current_code, second_factor
from klynge.testing.personas import PASSWORD, World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def world() -> World:
    return make_world()


def later(seconds: int) -> Any:
    return time_machine.travel(timezone.now() + dt.timedelta(seconds=seconds), tick=True)


def log_in(client: Client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_secretariat_must_set_up_a_second_factor(client: Client, world: World) -> None:
    log_in(client, "secretariat")
    response = client.get(world.collaboration.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.text  # the QR code, made here
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page.text)
    assert secret is not None
    device = TOTPDevice.objects.get(user=world.secretariat, confirmed=False)

    bad = client.post(response["Location"], {"code": "000000"})
    assert bad.status_code == 422 and "not right" in bad.text
    with later(seconds=2):  # a failure makes the next try wait a moment (django-otp)
        device.refresh_from_db()
        done = client.post(response["Location"], {"code": current_code(device)})
    assert done.status_code == 302
    assert done["Location"].startswith(reverse("second_factor_recovery_codes"))
    codes = client.get(done["Location"])
    assert len(re.findall(r"<li><code>", codes.text)) == 10
    assert client.get(done["Location"]).text.count("<li><code>") == 0  # shown once
    assert client.get(world.collaboration.get_absolute_url()).status_code == 200
    assert AuditEntry.objects.filter(verb=AuditEntry.Verb.SECURITY, actor=world.secretariat,
                                     details__second_factor="app confirmed").exists()


def test_a_member_signs_in_without_a_second_factor(client: Client, world: World) -> None:
    log_in(client, "member")
    assert client.get(world.collaboration.get_absolute_url()).status_code == 200


def test_next_sign_in_asks_for_a_code(client: Client, world: World) -> None:
    device = second_factor(world.secretariat)
    log_in(client, "secretariat")
    response = client.get(world.collaboration.get_absolute_url())
    assert response["Location"].startswith(reverse("second_factor_verify"))
    wrong = client.post(response["Location"], {"code": "123456"})
    assert wrong.status_code == 422
    with later(seconds=2):
        device.refresh_from_db()
        right = client.post(reverse("second_factor_verify"),
                            {"code": current_code(device),
                             "next": world.collaboration.get_absolute_url()})
    assert right.status_code == 302
    assert right["Location"] == world.collaboration.get_absolute_url()
    assert client.get(world.collaboration.get_absolute_url()).status_code == 200


def test_a_recovery_code_works_once(client: Client, world: World) -> None:
    second_factor(world.admin)
    from klynge.accounts.actions import do_new_recovery_codes

    codes = do_new_recovery_codes(world.admin)
    log_in(client, "admin")
    response = client.post(reverse("second_factor_verify"), {"code": codes[0]})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=world.admin).count() == 9
    client.post(reverse("logout"))
    log_in(client, "admin")
    again = client.post(reverse("second_factor_verify"), {"code": codes[0]})
    assert again.status_code == 422


def test_an_unsafe_next_is_ignored(client: Client, world: World) -> None:
    device = second_factor(world.secretariat)
    log_in(client, "secretariat")
    response = client.post(reverse("second_factor_verify"),
                           {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("web:home")


def test_the_pages_need_a_signed_in_user(client: Client) -> None:
    for name in ("second_factor_setup", "second_factor_verify",
                 "second_factor_recovery_codes"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_new_recovery_codes_need_a_verified_sign_in(client: Client, world: World) -> None:
    second_factor(world.secretariat)
    log_in(client, "secretariat")
    response = client.post(reverse("second_factor_recovery_codes"))
    assert response["Location"].startswith(reverse("second_factor_verify"))
    assert not StaticToken.objects.exists()
