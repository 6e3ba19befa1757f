"""Who else follows a topic, for the apps above notifications.

A user follows a case, a body or a theme with a ``Subscription``. An app above may add
followers of its own: the involvement app's elder councils and panels follow themes and
target groups as bodies, and their members are told. It registers a function in
``AppConfig.ready`` that takes the topics of a notification and returns the ids of the
users who follow them its way (in one or two queries); :func:`followers` joins them.
"""

from __future__ import annotations

from collections.abc import Callable

TopicRef = tuple[str, int]

_AUDIENCES: dict[str, Callable[[list[TopicRef]], set[int]]] = {}


def register(name: str, audience: Callable[[list[TopicRef]], set[int]]) -> None:
    """Register (or replace) the audience called ``name``."""
    _AUDIENCES[name] = audience


def also_following(topics: list[TopicRef]) -> set[int]:
    """The users every registered audience adds for ``topics``."""
    found: set[int] = set()
    for name in sorted(_AUDIENCES):
        found |= _AUDIENCES[name](topics)
    return found
