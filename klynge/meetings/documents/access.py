"""Who may read which document. Built only on ``klynge.meetings.access`` (who sees a
meeting and its items) and ``klynge.governance`` (roles, bodies): the documents decide
nothing about a meeting that the meetings pages would not.

- **Agenda**: whoever sees the meeting, once the agenda is released; before that the
  body's secretariat, and the chairs it was sent to for review.
- **Minutes**: whoever sees the meeting, once they are approved; the draft (held, or
  awaiting approval) the body's secretariat and members.
- **Closed items**: shown in full only to those :func:`may_see_item` lets see them;
  everyone else reads their number and general title.
- **Public minutes**: the approved minutes of a published meeting, closed items by title.
- **Feeds**: a token's owner's feed shows what the owner may see now; a deactivated owner's
  or a revoked token's address answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from klynge.collaborations.models import Collaboration
from klynge.governance.access import visible_bodies
from klynge.governance.models import Body
from klynge.governance.roles import Roles, roles_of
from klynge.meetings import access as meetings_access
from klynge.meetings.access import (
    get_meeting_for_user,
    get_published_meeting,
    may_see_agenda,
    may_see_item,
    visible_items,
    visible_meetings,
)
from klynge.meetings.models import ActionItem, AgendaItem, Conflict, FeedToken, Meeting

State = Meeting.State
DRAFT_MINUTES = (State.HELD, State.MINUTES_IN_APPROVAL)


def agenda_released(meeting: Meeting) -> bool:
    """Whether the agenda has gone out (a meeting cancelled before that has none)."""
    if meeting.state == State.CANCELLED:
        return meeting.agenda_released_at is not None
    return meeting.agenda_public


def may_read_agenda(roles: Roles, meeting: Meeting) -> bool:
    """For a meeting the reader already may see (see :func:`get_agenda_meeting`)."""
    return may_see_agenda(roles, meeting)


def may_read_minutes(roles: Roles, meeting: Meeting) -> bool:
    """For a meeting the reader already may see: approved minutes, or the draft for the
    body's secretariat and members."""
    if meeting.state == State.MINUTES_APPROVED:
        return True
    return meeting.state in DRAFT_MINUTES and (roles.keeps_body(meeting.body)
                                               or roles.is_member_of(meeting.body_id))


def shows_item(roles: Roles | None, item: AgendaItem) -> bool:
    """Whether a document shows ``item`` in full (None: the public)."""
    if not item.closed:
        return True
    return roles is not None and may_see_item(roles, item)


def _meeting_for(user: Any, pk: int) -> tuple[Meeting, Roles]:
    meeting = get_meeting_for_user(user, pk)
    return meeting, roles_of(user)


def get_agenda_meeting(user: Any, pk: int) -> tuple[Meeting, Roles]:
    """The meeting whose agenda ``user`` may read, with their roles; otherwise 404."""
    meeting, roles = _meeting_for(user, pk)
    if not may_read_agenda(roles, meeting):
        raise Http404
    return meeting, roles


def get_minutes_meeting(user: Any, pk: int) -> tuple[Meeting, Roles]:
    """The meeting whose minutes ``user`` may read, with their roles; otherwise 404."""
    meeting, roles = _meeting_for(user, pk)
    if not may_read_minutes(roles, meeting):
        raise Http404
    return meeting, roles


def get_public_minutes_meeting(pk: int) -> Meeting:
    """A published meeting (approved minutes), for anyone; otherwise 404."""
    return get_published_meeting(pk)


# Exports --------------------------------------------------------------------------------
def _scope(prefix: str, collaboration: Collaboration | None, body: Body | None) -> Q:
    if body is not None:
        return Q(**{f"{prefix}body": body})
    if collaboration is not None:
        return Q(**{f"{prefix}body__collaboration": collaboration})
    raise TypeError("a collaboration or a body")


def visible_decisions(user: Any, *, collaboration: Collaboration | None = None,
                      body: Body | None = None) -> list[AgendaItem]:
    """The items with an outcome that ``user`` may read, in a collaboration or of a body:
    items they may see (``visible_items``: a closed one only if they may see it in full),
    of meetings whose minutes they may read."""
    roles = roles_of(user)
    items = (visible_items(user).filter(_scope("meeting__", collaboration, body))
             .exclude(outcome="")
             .select_related("meeting__body", "case", "forwarded_to")
             .order_by("meeting__starts_at", "meeting_id", "number"))
    return [item for item in items if may_read_minutes(roles, item.meeting)]


def visible_action_items(user: Any, *, collaboration: Collaboration | None = None,
                         body: Body | None = None) -> list[ActionItem]:
    """The action items ``user`` may see (``klynge.meetings.access.visible_action_items``:
    their own, all for the collaboration's secretariat, those of items they may see) in a
    collaboration, or from the meetings of a body."""
    rows = meetings_access.visible_action_items(user)
    if body is not None:
        rows = rows.filter(item__meeting__body=body)
    elif collaboration is not None:
        rows = rows.filter(collaboration=collaboration)
    else:
        raise TypeError("a collaboration or a body")
    conflicts = Conflict.objects.select_related("person")  # read by may_see_item
    return list(rows.select_related("owner", "case", "item__meeting__body")
                .prefetch_related(Prefetch("item__conflicts", queryset=conflicts))
                .order_by("due_on", "pk"))


# Feeds ----------------------------------------------------------------------------------
def feed_bodies(user: Any) -> QuerySet[Body]:
    """The bodies ``user`` may make a calendar feed of: those they may see."""
    return (visible_bodies(user).select_related("collaboration", "organisation")
            .order_by("collaboration__name", "organisation__name", "name"))


def visible_feed_tokens(user: Any) -> QuerySet[FeedToken]:
    """A user's own feeds (nobody sees another's)."""
    if not getattr(user, "is_authenticated", False):
        return FeedToken.objects.none()
    return FeedToken.objects.filter(user_id=user.pk).select_related("body__collaboration")


def get_feed_token_for_user(user: Any, pk: int) -> FeedToken:
    """One of ``user``'s own feeds; another's answers 404."""
    try:
        return visible_feed_tokens(user).get(pk=pk)
    except FeedToken.DoesNotExist:
        raise Http404 from None


def get_live_feed_token(token_hash: str) -> FeedToken:
    """The feed with that hash, if it is not revoked and its owner is active; else 404."""
    token = (FeedToken.objects.select_related("user", "body__collaboration")
             .filter(token_hash=token_hash, revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        raise Http404
    return token


def feed_meetings(token: FeedToken) -> QuerySet[Meeting]:
    """What the feed shows, decided afresh at each fetch from its owner's roles now
    (``Roles.for_user``, never a cached copy): the meetings of its body, or of the bodies
    its owner sits in, that the owner may see."""
    roles = Roles.for_user(token.user)
    meetings = visible_meetings(roles)
    if token.body_id is not None:
        return meetings.filter(body_id=token.body_id)
    return meetings.filter(body_id__in=roles.member_of)
