"""The request type of a view that may be called by HTMX (django-htmx's middleware sets it)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def is_htmx(request: HttpRequest) -> bool:
    """Whether the request came from HTMX (false outside the middleware, e.g. in tests)."""
    return bool(getattr(request, "htmx", False))
