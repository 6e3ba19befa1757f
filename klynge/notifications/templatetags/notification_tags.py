"""``{% load notification_tags %}``: a follow button for any page, and the unread count.

``{% follow_button "body" body.pk %}`` renders a plain form (no JavaScript) that follows or
unfollows for the signed-in user and comes back to the page; it asks whether the user
follows (one query) unless given ``following=True/False`` (for lists, from
``klynge.notifications.pages.followed_ids``). ``label`` names the object for screen readers.
``{% unread_notifications_count %}`` gives the user's unread count (one query).
"""

from __future__ import annotations

from typing import Any

from django import template

from klynge.notifications.models import Subscription
from klynge.notifications.pages import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context: dict[str, Any], topic: str, topic_id: int,
                  following: bool | None = None, label: str = "") -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if following is None:
        following = bool(user is not None and user.is_authenticated
                         and Subscription.objects.filter(user=user, topic=topic,
                                                         topic_id=topic_id).exists())
    return {
        "topic": topic, "topic_id": topic_id, "following": following, "label": label,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def unread_notifications_count(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)
