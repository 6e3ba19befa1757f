"""The only writers of accounts: invitations, deactivation, erasure, the language choice.

Each action is one transaction with an audit entry; e-mail goes out through the task worker
once the transaction has committed, so nothing is sent for a change that was rolled back.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.actions import created, forget_object, record
from klynge.audit.models import AuditEntry


def _username_for(email: str) -> str:
    """A free username from the address's local part (``anne.berg``, ``anne.berg2``, …)."""
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0].lower())[:140] or "user"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


@transaction.atomic
def do_invite_user(actor: Any, *, name: str, email: str, language: str = "") -> User:
    """An account for ``name`` at ``email``, with no password yet, and an invitation to set
    one (sent by the task worker)."""
    from klynge.accounts.tasks import send_invitation

    first, _sep, last = name.strip().partition(" ")
    user = User(username=_username_for(email), email=email.strip(), first_name=first[:150],
                last_name=last[:150], language=language, invited_at=timezone.now())
    user.set_unusable_password()
    user.save()
    record(actor, AuditEntry.Verb.INVITE, user,
           changes=created(user, ["username", "email", "first_name", "last_name"]))
    transaction.on_commit(lambda: send_invitation.enqueue(user.pk))
    return user


@transaction.atomic
def do_resend_invitation(actor: Any, user: User) -> None:
    from klynge.accounts.tasks import send_invitation

    User.objects.filter(pk=user.pk).update(invited_at=timezone.now())
    record(actor, AuditEntry.Verb.INVITE, user, details={"again": True})
    transaction.on_commit(lambda: send_invitation.enqueue(user.pk))


@transaction.atomic
def do_accept_invitation(user: User, password: str) -> User:
    """The invited person sets their password."""
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    record(user, AuditEntry.Verb.UPDATE, user, changes={"password": (None, None)},
           details={"accepted_invitation": True})
    return user


@transaction.atomic
def do_deactivate_user(actor: Any, user: User, reason: str = "") -> User:
    """Close an account, and tell its holder (if they have an address)."""
    from klynge.accounts.tasks import send_account_closed

    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    record(actor, AuditEntry.Verb.DEACTIVATE, user, changes={"is_active": (True, False)},
           details={"reason": reason} if reason else {})
    if user.email:
        transaction.on_commit(lambda: send_account_closed.enqueue(user.pk, reason))
    return user


@transaction.atomic
def do_erase_account(actor: Any, user: User) -> None:
    """Close the account of an erased person and forget their name and address."""
    label = _("erased account #%(id)s") % {"id": user.pk}
    user.username, user.email = f"erased-{user.pk}", ""
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    forget_object(user, label)
    record(actor, AuditEntry.Verb.ERASE, user)


@transaction.atomic
def do_set_language(user: User, language: str) -> None:
    """Keep a signed-in user's language choice on the account."""
    if user.language == language:
        return
    old = user.language
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    record(user, AuditEntry.Verb.UPDATE, user, changes={"language": (old, language)})


def do_record_login(user: User) -> None:
    record(user, AuditEntry.Verb.LOGIN, user)


# Second factor --------------------------------------------------------------------------------

@transaction.atomic
def do_start_second_factor(user: User) -> Any:
    """An authenticator app to set up: a new secret, confirmed once the user types a code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from klynge.accounts.second_factor import APP_DEVICE_NAME, pending_app

    device = pending_app(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def do_confirm_second_factor(user: User, device: Any, token: str) -> list[str] | None:
    """Confirm the app with a code from it; the new recovery codes, or None if the code is
    wrong. Any earlier app stops working."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not device.verify_token("".join(token.split())):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(user, AuditEntry.Verb.SECURITY, user, details={"second_factor": "app confirmed"})
    return do_new_recovery_codes(user)


@transaction.atomic
def do_new_recovery_codes(user: User) -> list[str]:
    """Ten new one-time recovery codes; the earlier ones stop working."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from klynge.accounts.second_factor import RECOVERY_CODE_COUNT, RECOVERY_DEVICE_NAME

    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        device.token_set.create(token=code)
    record(user, AuditEntry.Verb.SECURITY, user, details={"second_factor": "new recovery codes"})
    return codes


@transaction.atomic
def do_reset_second_factor(actor: Any, user: User) -> None:
    """Remove a user's app and recovery codes (an administrator, for someone who lost their
    phone); they set up a new app at their next sign-in."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(actor, AuditEntry.Verb.SECURITY, user, details={"second_factor": "reset"})
