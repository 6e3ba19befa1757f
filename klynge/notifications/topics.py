"""How the follow page names what a user follows.

The apps that own cases, hearings and meetings sit above this one, so they register a
describer in their ``AppConfig.ready``::

    from klynge.notifications.topics import register_topic
    register_topic("case", describe_cases)

A describer takes the user and topic ids and returns ``{id: (label, url)}`` for those the
user may see (in a bounded number of queries); an id left out is shown as something the user
can no longer see, which they may still unfollow (a kind without a describer is shown by
kind and number). Bodies and themes are described here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from klynge.governance.access import visible_bodies
from klynge.notifications.access import visible_themes
from klynge.notifications.models import Subscription, Topic

Describer = Callable[[Any, list[int]], dict[int, tuple[str, str]]]
_describers: dict[str, Describer] = {}


@dataclass(frozen=True)
class Followed:
    topic: str
    topic_id: int
    kind_label: str
    label: str
    url: str
    visible: bool


def register_topic(topic: str, describe: Describer) -> None:
    if topic not in Topic.values:
        raise ValueError(f"unknown topic {topic!r}")
    _describers[topic] = describe


def describe_bodies(user: Any, ids: list[int]) -> dict[int, tuple[str, str]]:
    return {body.pk: (body.name, body.get_absolute_url())
            for body in visible_bodies(user).filter(pk__in=ids)}


def describe_themes(user: Any, ids: list[int]) -> dict[int, tuple[str, str]]:
    return {term.pk: (_("%(theme)s in %(collaboration)s") % {
                "theme": term.label, "collaboration": term.collaboration.name}, "")
            for term in visible_themes(user).filter(pk__in=ids)}


register_topic(Topic.BODY, describe_bodies)
register_topic(Topic.THEME, describe_themes)


def describe(user: Any, subscriptions: Iterable[Subscription]) -> list[Followed]:
    """What ``subscriptions`` follow, named for ``user``: one query per kind of topic."""
    by_topic: dict[str, list[int]] = defaultdict(list)
    for subscription in subscriptions:
        by_topic[subscription.topic].append(subscription.topic_id)
    followed = []
    for topic in Topic.values:
        ids = by_topic.get(topic, [])
        describer = _describers.get(topic)
        names = describer(user, ids) if ids and describer else {}
        for pk in ids:
            label, url = names.get(pk, (_("%(kind)s no. %(number)s") % {
                "kind": Topic(topic).label, "number": pk}, ""))
            followed.append(Followed(topic, pk, str(Topic(topic).label), label, url,
                                     visible=pk in names or describer is None))
    return followed
