"""Signing in in tests: as a person would, with the second factor their role requires."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def second_factor(user: Any) -> TOTPDevice:
    """The user's authenticator app (made and confirmed if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now (as a phone would compute it)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Client, user: Any) -> Client:
    """Sign ``user`` in with a confirmed second factor, as after a full sign-in."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor(user).persistent_id
    session.save()
    return client
