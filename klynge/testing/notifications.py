"""Factories for the notifications app: ``make_<noun>(**overrides)``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from klynge.accounts.models import User
from klynge.collaborations.models import Collaboration
from klynge.notifications.models import EmailDelivery, Notification, Preference, Subscription
from klynge.testing.factories import make_collaboration, make_user
from klynge.vocabulary.models import Term

MESSAGE = gettext_noop("The body %(name)s was created.")  # in the catalogues already


def make_recipient(username: str | None = None, email_choice: str = EmailDelivery.DIGEST,
                   language: str = "en", **kw: Any) -> User:
    """A user with an e-mail address, a language and an e-mail choice."""
    user = make_user(username, language=language, **kw)
    if not user.email:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    if email_choice != EmailDelivery.DIGEST:
        make_preference(user, email_choice)
    return user


def make_preference(user: User, email: str = EmailDelivery.IMMEDIATELY) -> Preference:
    preference, _made = Preference.objects.update_or_create(user=user, defaults={"email": email})
    return preference


def make_subscription(user: User, topic: str = "body", topic_id: int = 1) -> Subscription:
    return Subscription.objects.create(user=user, topic=topic, topic_id=topic_id)


def make_notification(user: User, **kw: Any) -> Notification:
    kw.setdefault("topic", "body")
    kw.setdefault("topic_id", 1)
    kw.setdefault("message", MESSAGE)
    kw.setdefault("params", {"name": "Styregruppe"})
    kw.setdefault("url", "/bodies/1/")
    return Notification.objects.create(user=user, **kw)


def make_theme(collaboration: Collaboration | None = None, **kw: Any) -> Term:
    collaboration = collaboration or make_collaboration()
    kw.setdefault("code", f"theme-{Term.objects.count() + 1}")
    kw.setdefault("name_en", "Frail elderly")
    kw.setdefault("name_da", "Svækkede ældre")
    kw.setdefault("kind", Term.Kind.THEME)
    return Term.objects.create(collaboration=collaboration, **kw)
