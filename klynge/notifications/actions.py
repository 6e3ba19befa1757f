"""The only writers of subscriptions and notifications.

Apps above call :func:`do_notify` inside their own action's transaction. They pass who may
see the object (``may_see``), so nobody is told of what they may not see, and a message that
names only what every recipient may see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from klynge.audit.actions import record
from klynge.collaborations.models import Collaboration
from klynge.notifications.models import Notification, Subscription, Topic

TopicRef = tuple[str, int]


def followers(*topics: TopicRef) -> set[int]:
    """The ids of the users who follow any of ``topics``."""
    ids: set[int] = set()
    for kind, pk in topics:
        ids.update(Subscription.objects.filter(topic=kind, topic_id=pk)
                   .values_list("user_id", flat=True))
    return ids


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
    return Notification.objects.bulk_create(made)
