"""What the notification pages show, each in a bounded number of queries."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest

from klynge.governance.access import visible_collaborations
from klynge.governance.roles import roles_of
from klynge.notifications import access, topics
from klynge.notifications.forms import TopicForm
from klynge.notifications.models import Subscription, Topic

PER_PAGE = 25


def unread_count(user: Any) -> int:
    return access.visible_notifications(user).filter(read_at__isnull=True).count()


def notifications_page(user: Any, number: Any) -> Page[Any]:
    """The user's notifications, unread first, newest first within each."""
    rows = (access.visible_notifications(user)
            .annotate(unread=ExpressionWrapper(Q(read_at__isnull=True),
                                               output_field=BooleanField()))
            .select_related("collaboration")
            .order_by("-unread", "-created_at", "-pk"))
    return Paginator(rows, PER_PAGE).get_page(number)


def list_context(request: HttpRequest) -> dict[str, Any]:
    page = notifications_page(request.user, request.GET.get("page"))
    return {"page": page, "notifications": list(page.object_list),
            "unread": unread_count(request.user)}


def followed_ids(user: Any, topic: str) -> set[int]:
    """The ids of the ``topic`` objects ``user`` follows (for many follow buttons at once)."""
    return set(Subscription.objects.filter(user=user, topic=topic)
               .values_list("topic_id", flat=True))


def _chosen_collaboration(request: HttpRequest, collaborations: list[Any]) -> Any:
    code = request.GET.get("collaboration")
    roles = roles_of(request.user)
    own = roles.member_collaborations | roles.secretariat_of
    for collaboration in collaborations:
        if collaboration.code == code:
            return collaboration
    if code is None:
        return next((c for c in collaborations if c.pk in own), None)
    return None


def following_context(request: HttpRequest, form: TopicForm | None = None) -> dict[str, Any]:
    """What the user follows, and the themes of one collaboration to follow."""
    user: Any = request.user
    subscriptions = Subscription.objects.filter(user=user).order_by("topic", "created_at")
    collaborations = list(visible_collaborations(user).order_by("name"))
    chosen = _chosen_collaboration(request, collaborations)
    themes = []
    if chosen is not None:
        following = followed_ids(user, Topic.THEME)
        themes = [(term, term.pk in following)
                  for term in access.visible_themes(user).active().filter(collaboration=chosen)]
    return {
        "followed": topics.describe(user, subscriptions),
        "collaborations": collaborations,
        "chosen": chosen,
        "themes": themes,
        "form": form,
    }
