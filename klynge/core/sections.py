"""Parts of a page that an app above the page's own app draws, without the page's app
importing it (as ``klynge.core.navigation`` does for links).

The case page (``cases``) shows the case's user involvement (``involvement``, above it): the
involvement app registers a :class:`Section` for the place ``"case"`` in ``AppConfig.ready``
and the case page renders what is registered (``{% page_sections "case" case %}``). A
section's ``context`` returns the template's context, or ``None`` to leave the section out
(the user may not see it); it decides from the roles and makes as few queries as it can.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

PLACES = ("case", "collaboration", "hearing")


@dataclass(frozen=True)
class Section:
    place: str
    name: str  # a stable key; registering it again replaces it
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    order: int = 50


_SECTIONS: dict[tuple[str, str], Section] = {}


def register(section: Section) -> None:
    if section.place not in PLACES:
        raise ValueError(f"unknown place {section.place!r}")
    _SECTIONS[(section.place, section.name)] = section


def render(place: str, request: HttpRequest, obj: Any) -> SafeString:
    """The sections registered for ``place``, drawn for ``request``'s user, in order."""
    chosen = sorted((s for (p, _n), s in _SECTIONS.items() if p == place),
                    key=lambda s: (s.order, s.name))
    parts = []
    for section in chosen:
        context = section.context(request, obj)
        if context is not None:
            parts.append(render_to_string(section.template, context, request=request))
    return mark_safe("".join(parts))  # noqa: S308 (drawn by templates, escaped there)
