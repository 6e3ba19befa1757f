"""Who may see or change a meeting, its agenda items, papers and action items. The only place
that decides it, from the user's roles (``klynge.governance.roles``).

- An administrator, and whoever keeps the body (its collaboration's secretariat, or the
  organisation's secretary for an organisation's body), see every meeting of it and change it.
- A member of the body sees all its meetings.
- Anyone with a seat in the collaboration sees the meetings of its non-confidential bodies
  once their agenda is released.
- A chair asked to review an agenda sees it while it is in review.
- Everyone else sees none (404).

An agenda item is seen with its meeting once the agenda is out (released, or with the user
for review, or kept by the user). A closed item is seen in full only by those who keep the
body and by its members without a declared conflict on it; to everyone else it does not
exist (404), and published minutes show it by number and general title only.

Functions taking ``roles`` work outside a request too (``Roles.for_user(user)``); those taking
``user`` use :func:`~klynge.governance.roles.roles_of`, computed once per request.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from klynge.collaborations.models import Collaboration
from klynge.governance import audience as keys
from klynge.governance.audience import Audience
from klynge.governance.models import Body
from klynge.governance.roles import Roles, roles_of
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaReview,
    Conflict,
    Meeting,
    MinutesApproval,
)

State = Meeting.State
RELEASED_STATES = (State.AGENDA_RELEASED, State.HELD, State.MINUTES_IN_APPROVAL,
                   State.MINUTES_APPROVED)


# Meetings ---------------------------------------------------------------------------------

def keeps_meeting(roles: Roles, meeting: Meeting) -> bool:
    """Whether the user changes ``meeting``: whoever keeps its body (reads the body)."""
    return roles.keeps_body(meeting.body)


def _released(meeting: Meeting) -> bool:
    return meeting.state in RELEASED_STATES or (
        meeting.state == State.CANCELLED and meeting.agenda_released_at is not None)


def _reviews(roles: Roles, meeting: Meeting) -> bool:
    """Whether the user is asked to review the agenda now (one query while in review)."""
    return (meeting.state == State.AGENDA_IN_REVIEW and roles.user_id is not None
            and AgendaReview.objects.filter(meeting=meeting,
                                            person__user_id=roles.user_id).exists())


def may_see_meeting(roles: Roles, meeting: Meeting) -> bool:
    """The rule of :func:`visible_meetings` for a meeting loaded with its body."""
    if roles.user_id is None:
        return False
    body = meeting.body
    if keeps_meeting(roles, meeting) or body.pk in roles.member_of:
        return True
    if (not body.confidential and body.collaboration_id in roles.member_collaborations
            and _released(meeting)):
        return True
    return _reviews(roles, meeting)


def may_see_agenda(roles: Roles, meeting: Meeting) -> bool:
    """Whether the user sees the items of a meeting they may see."""
    return _released(meeting) or keeps_meeting(roles, meeting) or _reviews(roles, meeting)


def _meetings_filter(roles: Roles) -> Q:
    released = Q(state__in=RELEASED_STATES) | Q(state=State.CANCELLED,
                                                 agenda_released_at__isnull=False)
    reviewing = Exists(AgendaReview.objects.filter(meeting=OuterRef("pk"),
                                                   person__user_id=roles.user_id or 0))
    return (_kept_filter(roles, "body__")
            | Q(body_id__in=roles.member_of)
            | (Q(body__confidential=False,
                 body__collaboration_id__in=roles.member_collaborations) & released)
            | (Q(state=State.AGENDA_IN_REVIEW) & Q(reviewing)))


def _kept_filter(roles: Roles, prefix: str) -> Q:
    return (Q(**{f"{prefix}collaboration_id__in": roles.secretariat_of})
            | Q(**{f"{prefix}organisation_id__in": roles.organisation_secretary_of}))


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    roles = roles_of(user)
    if roles.is_admin:
        return Meeting.objects.all()
    if roles.user_id is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(_meetings_filter(roles))


def get_meeting_for_user(user: Any, pk: int, write: bool = False) -> Meeting:
    """The meeting, if the user may see it (else 404); ``write``: they keep it (else 403)."""
    roles = roles_of(user)
    try:
        meeting = (Meeting.objects
                   .select_related("body__collaboration__country", "body__organisation__country")
                   .get(pk=pk))
    except Meeting.DoesNotExist:
        raise Http404 from None
    if not (roles.is_admin or may_see_meeting(roles, meeting)):
        raise Http404
    if write and not keeps_meeting(roles, meeting):
        raise PermissionDenied
    return meeting


def published_meetings() -> QuerySet[Meeting]:
    """Approved minutes of non-confidential bodies: readable by anyone, even signed out
    (open items in full, closed items by number and general title)."""
    return Meeting.objects.filter(state=State.MINUTES_APPROVED, body__confidential=False)


def get_published_meeting(pk: int) -> Meeting:
    try:
        return (published_meetings()
                .select_related("body__collaboration", "body__organisation").get(pk=pk))
    except Meeting.DoesNotExist:
        raise Http404 from None


def keeps_body_meetings(user: Any, body: Body) -> bool:
    """Whether the user schedules meetings of ``body`` and sets its meeting rules."""
    return roles_of(user).keeps_body(body)


# Agenda items -----------------------------------------------------------------------------

def _conflicted(roles: Roles, item: AgendaItem) -> bool:
    """Whether the user declared a conflict on ``item`` (uses prefetched ``conflicts`` with
    their people when present)."""
    if roles.user_id is None:
        return False
    cache = getattr(item, "_prefetched_objects_cache", {})
    if "conflicts" in cache:
        return any(c.person.user_id == roles.user_id for c in cache["conflicts"])
    return Conflict.objects.filter(item=item, person__user_id=roles.user_id).exists()


def may_see_closed(roles: Roles, item: AgendaItem) -> bool:
    """Whether the user sees a closed item in full (the meeting is already known visible)."""
    meeting = item.meeting
    if roles.is_admin or keeps_meeting(roles, meeting):
        return True
    return meeting.body_id in roles.member_of and not _conflicted(roles, item)


def may_see_item(roles: Roles, item: AgendaItem) -> bool:
    """The meeting is visible with its agenda and, for a closed item, the user keeps the
    body or is a member of it without a declared conflict on the item."""
    roles = roles_of(roles)
    meeting = item.meeting
    if not (roles.is_admin or may_see_meeting(roles, meeting)):
        return False
    if not may_see_agenda(roles, meeting):
        return False
    return not item.closed or may_see_closed(roles, item)


def visible_items(user: Any) -> QuerySet[AgendaItem]:
    """Agenda items the user may see, by the rule of :func:`may_see_item`."""
    roles = roles_of(user)
    if roles.is_admin:
        return AgendaItem.objects.all()
    if roles.user_id is None:
        return AgendaItem.objects.none()
    kept = _kept_filter(roles, "meeting__body__")
    released = (Q(meeting__state__in=RELEASED_STATES)
                | Q(meeting__state=State.CANCELLED, meeting__agenda_released_at__isnull=False))
    reviewing = Exists(AgendaReview.objects.filter(meeting=OuterRef("meeting_id"),
                                                   person__user_id=roles.user_id))
    conflicted = Exists(Conflict.objects.filter(item=OuterRef("pk"),
                                                person__user_id=roles.user_id))
    open_or_allowed = (Q(closed=False) | kept
                       | (Q(meeting__body_id__in=roles.member_of) & ~Q(conflicted)))
    agenda_out = (kept | released
                  | (Q(meeting__state=State.AGENDA_IN_REVIEW) & Q(reviewing)))
    return AgendaItem.objects.filter(meeting__in=visible_meetings(roles)).filter(
        agenda_out & open_or_allowed)


def _keepers(body: Body) -> set[str]:
    return keys.secretariat(body.collaboration_id) | keys.organisation_secretary(
        body.organisation_id)


def meeting_audience(meeting: Meeting, reviewers: set[int]) -> Audience:
    """The rule of :func:`visible_meetings` as keys (``klynge.governance.audience``), for a
    meeting loaded with its body; ``reviewers``: the persons asked to review its agenda."""
    body = meeting.body
    allowed = keys.member(body.pk)
    if not body.confidential and _released(meeting):
        allowed |= keys.member_in(body.collaboration_id)
    if meeting.state == State.AGENDA_IN_REVIEW:
        for person_id in reviewers:
            allowed |= keys.person(person_id)
    return Audience(keepers=_keepers(body), allowed=allowed)


def item_audience(item: AgendaItem, reviewers: set[int], conflicted: set[int]) -> Audience:
    """The rule of :func:`visible_items` as keys, for an item loaded with its meeting and
    body; ``conflicted``: the persons who declared a conflict on it. A closed item is
    allowed only to the body's members (or, in review, to the reviewers who are members),
    and denied to the conflicted among them; those who keep the body always see it."""
    meeting, body = item.meeting, item.meeting.body
    allowed: set[str] = set()
    if _released(meeting):
        allowed = keys.member(body.pk)
        if not item.closed and not body.confidential:
            allowed |= keys.member_in(body.collaboration_id)
    elif meeting.state == State.AGENDA_IN_REVIEW:
        for person_id in reviewers:
            allowed |= (keys.person_in_body(person_id, body.pk) if item.closed
                        else keys.person(person_id))
    denied: set[str] = set()
    if item.closed:
        for person_id in conflicted:
            denied |= keys.person(person_id)
    return Audience(keepers=_keepers(body), allowed=allowed, denied=denied)


def get_item_for_user(user: Any, pk: int, write: bool = False) -> AgendaItem:
    """The item, if the user may see it (404 for a closed item they may not); ``write``:
    they keep the meeting (else 403)."""
    roles = roles_of(user)
    try:
        item = (AgendaItem.objects
                .select_related("meeting__body__collaboration__country",
                                "meeting__body__organisation__country", "case", "forwarded_to",
                                "hearing")
                .get(pk=pk))
    except AgendaItem.DoesNotExist:
        raise Http404 from None
    if not may_see_item(roles, item):
        raise Http404
    if write and not keeps_meeting(roles, item.meeting):
        raise PermissionDenied
    return item


# Taking part ------------------------------------------------------------------------------

def may_answer_invitation(user: Any, meeting: Meeting) -> bool:
    """A member of the body answers for themselves (the action checks the seat's dates)."""
    return meeting.body_id in roles_of(user).member_of


def may_review_agenda(user: Any, meeting: Meeting) -> bool:
    roles = roles_of(user)
    return _reviews(roles, meeting)


def may_approve_minutes(user: Any, meeting: Meeting) -> bool:
    """An approver of the minutes while they await approval."""
    roles = roles_of(user)
    return (meeting.state == State.MINUTES_IN_APPROVAL and roles.user_id is not None
            and MinutesApproval.objects.filter(meeting=meeting, approver=True,
                                               person__user_id=roles.user_id).exists())


def may_record_dissent(user: Any, meeting: Meeting) -> bool:
    """A member of the body (or an approver) while the minutes await approval."""
    return meeting.state == State.MINUTES_IN_APPROVAL and (
        meeting.body_id in roles_of(user).member_of or may_approve_minutes(user, meeting))


# Action items -----------------------------------------------------------------------------

def visible_action_items(user: Any) -> QuerySet[ActionItem]:
    """The user's own action items, those of the collaborations whose secretariat they are,
    and those of agenda items they may see."""
    roles = roles_of(user)
    if roles.is_admin:
        return ActionItem.objects.all()
    if roles.user_id is None:
        return ActionItem.objects.none()
    return ActionItem.objects.filter(
        Q(owner__user_id=roles.user_id)
        | Q(collaboration_id__in=roles.secretariat_of)
        | Q(item__in=visible_items(roles)))


def may_mark_done(roles: Roles, action_item: ActionItem) -> bool:
    """The owner, or the collaboration's secretariat (reads the owner)."""
    return (roles.is_secretariat_of(action_item.collaboration_id)
            or (roles.user_id is not None and action_item.owner.user_id == roles.user_id))


def get_action_item_for_user(user: Any, pk: int, write: bool = False) -> ActionItem:
    roles = roles_of(user)
    try:
        action_item = (visible_action_items(roles)
                       .select_related("owner", "collaboration", "item__meeting__body", "case")
                       .get(pk=pk))
    except ActionItem.DoesNotExist:
        raise Http404 from None
    if write and not may_mark_done(roles, action_item):
        raise PermissionDenied
    return action_item


def keeps_action_items_of(user: Any, collaboration: Collaboration) -> bool:
    return roles_of(user).is_secretariat_of(collaboration.pk)


# The reform move --------------------------------------------------------------------------

def may_hand_over(user: Any, cluster: Collaboration, council: Collaboration) -> bool:
    """The receiving council's secretariat takes a cluster's cases and action items over;
    the cluster's own secretariat may also send a case of a split cluster to a council."""
    roles = roles_of(user)
    return roles.is_secretariat_of(council.pk) or roles.is_secretariat_of(cluster.pk)
