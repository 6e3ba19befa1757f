"""``klynge.notifications.context_processors.unread_notifications``: the signed-in user's
unread count as ``unread_notifications`` in every template, counted only if a template uses
it (one query then)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from klynge.notifications.pages import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
