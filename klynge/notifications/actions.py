"""The only writers of subscriptions, notifications and preferences (the outbox's rows are
written by :mod:`klynge.notifications.outbox`).

Apps above call :func:`do_notify` inside their own action's transaction. They pass who may
see the object (``may_see``), so nobody is told of what they may not see, and a message that
names only what every recipient may see. The e-mail deliveries are made in the same
transaction, and the sender is enqueued once it commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.collaborations.models import Collaboration
from klynge.core.writes import locked
from klynge.notifications import outbox
from klynge.notifications.audiences import also_following
from klynge.notifications.models import (
    EmailDelivery,
    Notification,
    Preference,
    Subscription,
    Topic,
)
from klynge.notifications.tasks import send_deliveries

TopicRef = tuple[str, int]
logger = logging.getLogger(__name__)


def theme_topics(terms: Iterable[Any]) -> list[TopicRef]:
    """``also_topics`` for :func:`do_notify` from the themes an object is tagged with (terms
    or their ids; target groups are left out), so the followers of each theme are told."""
    topics: list[TopicRef] = []
    for term in terms:
        if isinstance(term, int):
            topics.append((Topic.THEME, term))
        elif getattr(term, "kind", "theme") == "theme":
            topics.append((Topic.THEME, term.pk))
    return topics


def followers(*topics: TopicRef) -> set[int]:
    """The ids of the users who follow any of ``topics``."""
    if not topics:
        return set()
    condition = Q()
    for kind, pk in topics:
        condition |= Q(topic=kind, topic_id=pk)
    subscribed = set(Subscription.objects.filter(condition).values_list("user_id", flat=True))
    return subscribed | also_following(list(topics))


@transaction.atomic
def do_follow(actor: Any, user: Any, topic: str, topic_id: int) -> Subscription:
    """``user`` follows the topic (an actor follows for themselves; the system may follow on
    a user's behalf, e.g. the submitter of a case)."""
    if topic not in Topic.values:
        raise ValueError(f"unknown topic {topic!r}")
    subscription, made = Subscription.objects.get_or_create(user=user, topic=topic,
                                                            topic_id=topic_id)
    if made:
        record(actor, "follow", subscription, details={"topic": topic, "id": topic_id})
    return subscription


@transaction.atomic
def do_unfollow(actor: Any, user: Any, topic: str, topic_id: int) -> bool:
    deleted, _rows = Subscription.objects.filter(user=user, topic=topic,
                                                 topic_id=topic_id).delete()
    if deleted:
        record(actor, "unfollow", None, details={"topic": topic, "id": topic_id,
                                                 "user": user.pk})
    return bool(deleted)


@transaction.atomic
def do_notify(actor: Any, *, topic: TopicRef, message: str, params: dict[str, Any],
              url: str, may_see: Callable[[Any], bool],
              collaboration: Collaboration | None = None,
              also_topics: Iterable[TopicRef] = (),
              also_users: Iterable[int] = ()) -> list[Notification]:
    """Tell the followers of ``topic`` (and of ``also_topics``, and ``also_users``) that
    something happened, except the actor and anyone ``may_see`` refuses.

    ``message`` is a msgid marked with ``gettext_noop``; ``params`` fill it. Returns the
    notifications made."""
    user_ids = followers(topic, *also_topics) | set(also_users)
    if getattr(actor, "pk", None) is not None:
        user_ids.discard(actor.pk)
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    made = [
        Notification(user=user, collaboration=collaboration, topic=topic[0],
                     topic_id=topic[1], message=message, params=params, url=url)
        for user in users.order_by("pk") if may_see(user)
    ]
    notifications = Notification.objects.bulk_create(made)
    if outbox.add_deliveries(notifications):
        transaction.on_commit(_enqueue_sending)
    return notifications


def _enqueue_sending() -> None:
    try:
        send_deliveries.enqueue()
    except Exception:  # the reaper job enqueues it within five minutes
        logger.exception("could not enqueue send_deliveries")


def email_choice(user: Any) -> str:
    """How ``user`` wants e-mail (the daily digest when never chosen)."""
    return outbox.email_choices([user.pk])[user.pk]


@transaction.atomic
def do_set_email_delivery(actor: Any, user: Any, email: str) -> Preference:
    """``user`` chooses how to be told by e-mail: a daily digest, immediately, or not."""
    if email not in EmailDelivery.values:
        raise ValidationError({"email": _("Choose how you want e-mail.")})
    preference = locked(Preference).filter(user=user).first()
    if preference is None:
        preference = Preference.objects.create(user=user, email=email)
        record(actor, "create", preference, changes={"email": (None, email)})
    elif preference.email != email:
        old, preference.email = preference.email, email
        preference.save(update_fields=["email"])
        record(actor, "update", preference, changes={"email": (old, email)})
    return preference


@transaction.atomic
def do_mark_read(actor: Any, notification: Notification) -> bool:
    """Mark one of the actor's notifications read; whether it was unread."""
    changed = Notification.objects.filter(pk=notification.pk, user=notification.user_id,
                                          read_at__isnull=True).update(read_at=timezone.now())
    if changed:
        record(actor, "update", notification, changes={"read": (False, True)})
    return bool(changed)


@transaction.atomic
def do_mark_all_read(actor: Any, user: Any) -> int:
    """Mark every unread notification of ``user`` read; how many."""
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now())
    if count:
        record(actor, "update", None, details={"notifications_read": count, "user": user.pk})
    return count
