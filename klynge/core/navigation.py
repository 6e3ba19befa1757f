"""Links from a page to the apps above it, without the page's app importing them.

A collaboration's page (governance) links to its cases, meetings and hearings; a body's page
to its meetings; the header to search, notifications and one's own work. Those apps sit above
governance, so they register their links here in ``AppConfig.ready`` and the pages render
what is registered (``{% page_links "collaboration" collaboration %}``). Each link is shown
only where its ``show`` callable allows (from the user's roles; no query beyond them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

PLACES = ("collaboration", "body", "person", "header")


@dataclass(frozen=True)
class Link:
    place: str
    name: str  # a stable key; registering it again replaces it
    label: Any  # a lazy translation
    url_name: str
    order: int = 50
    show: Callable[[Any, Any], bool] | None = None  # (user, obj) -> bool
    args: Callable[[Any], list[Any]] | None = None  # obj -> the URL's arguments


_LINKS: dict[tuple[str, str], Link] = {}


def register(link: Link) -> None:
    if link.place not in PLACES:
        raise ValueError(f"unknown place {link.place!r}")
    _LINKS[(link.place, link.name)] = link


def links(place: str, user: Any, obj: Any = None) -> list[tuple[str, str]]:
    """(label, URL) of the links registered for ``place`` that ``user`` may follow."""
    chosen = sorted((link for (p, _n), link in _LINKS.items() if p == place),
                    key=lambda link: (link.order, link.name))
    result = []
    for link in chosen:
        if link.show is not None and not link.show(user, obj):
            continue
        args = link.args(obj) if link.args is not None else []
        result.append((str(link.label), reverse(link.url_name, args=args)))
    return result
