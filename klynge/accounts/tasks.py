"""Background work of the accounts: the e-mails, sent by the task worker (``klynge db_worker``).

Each e-mail is written in the account's language (Danish when none is chosen) and links to
``KLYNGE_BASE_URL``, the address people reach Klynge at.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from klynge.accounts.models import User
from klynge.accounts.tokens import invitation_tokens


def _send(user: User, template: str, context: dict[str, object]) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "base_url": settings.KLYNGE_BASE_URL, **context}
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def invitation_url(user: User) -> str:
    path = reverse("accept_invitation", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": invitation_tokens.make_token(user),
    })
    return settings.KLYNGE_BASE_URL.rstrip("/") + path


@task()
def send_invitation(user_id: int) -> bool:
    """The invitation to set a password; nothing if the account has one meanwhile."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.has_usable_password():
        return False
    days = settings.KLYNGE_INVITATION_TIMEOUT // 86400
    _send(user, "invitation", {"url": invitation_url(user), "days": days})
    return True


@task()
def send_account_closed(user_id: int, reason: str = "") -> bool:
    """Tell the holder of a closed account why, and whom to ask."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return False
    _send(user, "account_closed", {"reason": reason})
    return True
