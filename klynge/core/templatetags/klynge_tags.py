"""Small template helpers shared by every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.core import navigation, sections

register = template.Library()


@register.simple_tag
def period(start: dt.date | None, end: dt.date | None) -> str:
    """A period such as "1 July 2022 – 31 December 2026", "since 1 July 2022"."""
    if start is None:
        return "" if end is None else _("until %(end)s") % {"end": date_format(end)}
    if end is None:
        return _("since %(start)s") % {"start": date_format(start)}
    return _("%(start)s – %(end)s") % {"start": date_format(start), "end": date_format(end)}


@register.inclusion_tag("core/_source_note.html")
def source_note(obj: object) -> dict[str, object]:
    """Where a fact comes from, as recorded: a quotation in the language it was written in
    (the reference files' notes are English), marked as such, with how sure we are."""
    return {"source": getattr(obj, "source", ""), "unconfirmed": getattr(obj, "is_unconfirmed",
                                                                          False),
            "confidence": getattr(obj, "get_confidence_display", lambda: "")()}


@register.inclusion_tag("core/_page_links.html", takes_context=True)
def page_links(context: dict[str, Any], place: str, obj: object = None) -> dict[str, object]:
    """The links the apps above registered for ``place`` (``klynge.core.navigation``)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"links": navigation.links(place, user, obj), "place": place}


@register.simple_tag(takes_context=True)
def page_sections(context: dict[str, Any], place: str, obj: object = None) -> str:
    """The sections the apps above registered for ``place`` (``klynge.core.sections``)."""
    request = context.get("request")
    if request is None:
        return ""
    return sections.render(place, request, obj)
