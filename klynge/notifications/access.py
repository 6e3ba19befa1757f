"""Who may see which notifications, and what a user may follow from the follow page.

- A notification is seen by its recipient only (404 for anyone else).
- A body may be followed by whoever may see it (``klynge.governance.access.may_see_body``).
- A theme (a :class:`~klynge.vocabulary.models.Term`) by whoever may see its collaboration.
- Cases, hearings and meetings are followed through their own apps (``do_follow``), which
  check access themselves; the follow page does not take them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from klynge.governance.access import may_see_body, visible_collaborations
from klynge.governance.models import Body
from klynge.notifications.models import Notification, Topic
from klynge.vocabulary.models import Term, TermQuerySet

FOLLOWABLE_HERE = (Topic.BODY, Topic.THEME)


def visible_notifications(user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def get_notification_for_user(user: Any, pk: int, write: bool = False) -> Notification:
    """The user's own notification (reading it and marking it read go together)."""
    try:
        return visible_notifications(user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None


def visible_themes(user: Any) -> TermQuerySet:
    return (Term.objects.themes()
            .filter(collaboration__in=visible_collaborations(user))
            .select_related("collaboration"))


def may_see_term(user: Any, term: Term) -> bool:
    return visible_collaborations(user).filter(pk=term.collaboration_id).exists()


def get_followable_for_user(user: Any, topic: str, pk: int) -> Body | Term:
    """The body or theme ``user`` asks to follow; 404 for one they may not see."""
    if topic == Topic.BODY:
        body = Body.objects.select_related("collaboration").filter(pk=pk).first()
        if body is None or not may_see_body(user, body):
            raise Http404
        return body
    if topic == Topic.THEME:
        term = visible_themes(user).filter(pk=pk).first()
        if term is None:
            raise Http404
        return term
    raise Http404
