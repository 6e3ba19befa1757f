"""The demo's logins: users for the demo people, with a known authenticator secret where the
role needs a second factor, so anyone trying the demo can sign in (``klynge demo_code``)."""

from __future__ import annotations

import base64

from django_otp.plugins.otp_totp.models import TOTPDevice

from klynge.accounts.models import User
from klynge.governance.demo_data import DEMO_EMAIL_DOMAIN, LOGINS, Login
from klynge.governance.models import Person

DEMO_DEVICE_NAME = "demo authenticator"


def demo_logins(password: str, people: dict[str, Person]
                ) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Create or update each login; (username, password, role) of those made, and the names
    skipped because a user that is not the demo's has them."""
    made, skipped = [], []
    for login in LOGINS:
        user = _demo_user(login, password, people.get(login.username))
        if user is None:
            skipped.append(login.username)
        else:
            made.append((login.username, password, str(login.role)))
    return made, skipped


def _demo_user(login: Login, password: str, person: Person | None) -> User | None:
    """The login's user, created or updated; None where a user that is not the demo's has it."""
    email = f"{login.username}@{DEMO_EMAIL_DOMAIN}"
    user = User.objects.filter(username=login.username).first()
    if user is not None and user.email != email:
        return None
    if user is None:
        user = User.objects.create_user(login.username, email, password)
    else:
        user.set_password(password)
    user.language = login.language
    user.is_staff, user.is_superuser, user.is_active = login.is_staff, login.is_superuser, True
    if person is not None:
        user.first_name, _sep, user.last_name = person.name.partition(" ")
    user.save()
    if person is not None:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user = user
        person.save(update_fields=["user"])
    if login.totp_secret:
        _demo_device(user, login.totp_secret)
    return user


def _demo_device(user: User, secret: str) -> None:
    key = base64.b32decode(secret).hex()
    TOTPDevice.objects.filter(user=user).exclude(name=DEMO_DEVICE_NAME).delete()
    TOTPDevice.objects.update_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": key, "confirmed": True})


def demo_device(username: str) -> TOTPDevice | None:
    """The demo authenticator of a demo login (None for anyone else)."""
    return TOTPDevice.objects.filter(
        user__username=username, user__email=f"{username}@{DEMO_EMAIL_DOMAIN}",
        name=DEMO_DEVICE_NAME).first()


def remove_demo_users() -> int:
    return User.objects.filter(
        username__in=[login.username for login in LOGINS],
        email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
    ).delete()[0]
