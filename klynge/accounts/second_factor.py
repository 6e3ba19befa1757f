"""Reading a user's second factor: an authenticator app (TOTP) and one-time recovery codes.

django-otp keeps the devices; the writes are in ``klynge.accounts.actions``.
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10


def has_second_factor(user: Any) -> bool:
    """Whether the user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app(user: Any) -> TOTPDevice | None:
    """The authenticator app being set up (not confirmed yet), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def recovery_codes_left(user: Any) -> int:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    return device.token_set.count() if device else 0


def secret_text(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` address as an inline SVG QR code (made here, nothing fetched)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


def matching_device(user: Any, token: str) -> Any:
    """The confirmed device that accepts ``token`` (an app code or a recovery code), or None;
    a recovery code is used up by this."""
    token = "".join(token.split())
    if not token:
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token.lower()):
            return device
    return None
