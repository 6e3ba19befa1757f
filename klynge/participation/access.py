"""Who may see and change what in the participation app: the only place that decides.

The public page and its parts are for anyone, signed in or not, and show only what the
secretariat marked public (a case that is not confidential, a hearing that is open or
summarised), approved minutes, and approved contributions whose tellers agreed to their
being shown. Everything else (the moderation queue, workshops with their participants'
names and codes, the settings) is the collaboration's secretariat's: others who may see
the collaboration get 403, and those who may not, 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.access import get_collaboration_for_user
from klynge.governance.roles import roles_of
from klynge.hearings.access import SHOWN_STATES
from klynge.hearings.models import Hearing
from klynge.meetings.access import published_meetings
from klynge.meetings.models import Meeting
from klynge.participation.models import Contribution, Event, Idea, Participant, Workshop

# The public page ---------------------------------------------------------------------------

def get_public_collaboration(code: str) -> Collaboration:
    """Any collaboration has a public page; 404 for a code that names none."""
    try:
        return Collaboration.objects.select_related("country").get(code=code)
    except Collaboration.DoesNotExist:
        raise Http404 from None


def public_cases(collaboration: Collaboration) -> QuerySet[Case]:
    """The cases marked public, never a confidential one."""
    return Case.objects.filter(collaboration=collaboration, confidential=False,
                               publication__isnull=False)


def public_hearings(collaboration: Collaboration) -> QuerySet[Hearing]:
    """The hearings marked public, once opened (a draft is never shown)."""
    return Hearing.objects.filter(collaboration=collaboration, state__in=SHOWN_STATES,
                                  publication__isnull=False)


def public_minutes(collaboration: Collaboration) -> QuerySet[Meeting]:
    return published_meetings().filter(body__collaboration=collaboration)


def public_contributions(collaboration: Collaboration) -> QuerySet[Contribution]:
    """Approved stories and ideas whose tellers agreed to their being shown publicly."""
    return Contribution.objects.filter(
        collaboration=collaboration, state=Contribution.State.APPROVED, show_publicly=True,
        kind__in=[Contribution.Kind.STORY, Contribution.Kind.IDEA])


def open_workshops(collaboration: Collaboration) -> QuerySet[Workshop]:
    """Workshops that still collect stories and ideas (planned, or voting)."""
    return Workshop.objects.filter(collaboration=collaboration).exclude(
        state=Workshop.State.CLOSED)


def get_public_case(collaboration: Collaboration, pk: int) -> Case:
    try:
        return public_cases(collaboration).select_related("current_body").get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def get_public_hearing(collaboration: Collaboration, pk: int) -> Hearing:
    try:
        return public_hearings(collaboration).get(pk=pk)
    except Hearing.DoesNotExist:
        raise Http404 from None


def get_participant(code: str) -> Participant:
    """The participant with this personal code (any case, spaces ignored), or 404."""
    code = code.replace(" ", "").replace("-", "").upper()
    try:
        return Participant.objects.select_related("workshop__collaboration").get(code=code)
    except Participant.DoesNotExist:
        raise Http404 from None


# The secretariat's side -------------------------------------------------------------------

def may_keep(user: Any, collaboration_id: int) -> bool:
    """Moderation, workshops, publishing and the page's settings: the secretariat."""
    return roles_of(user).is_secretariat_of(collaboration_id)


def get_collaboration_for_keeping(user: Any, code: str) -> Collaboration:
    """404 unless the user may see the collaboration, 403 unless they keep its page."""
    return get_collaboration_for_user(user, code, write=True)


def _kept(user: Any, collaboration_id: int) -> None:
    """For an object of a collaboration: 404 for those who cannot see the collaboration
    (signed out), 403 for those who see it but do not keep its page."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if not may_keep(user, collaboration_id):
        raise PermissionDenied


def get_workshop_for_user(user: Any, pk: int) -> Workshop:
    try:
        workshop = Workshop.objects.select_related("collaboration", "theme").get(pk=pk)
    except Workshop.DoesNotExist:
        raise Http404 from None
    _kept(user, workshop.collaboration_id)
    return workshop


def get_contribution_for_user(user: Any, pk: int) -> Contribution:
    try:
        contribution = Contribution.objects.select_related(
            "collaboration", "hearing", "workshop", "theme").get(pk=pk)
    except Contribution.DoesNotExist:
        raise Http404 from None
    _kept(user, contribution.collaboration_id)
    return contribution


def get_idea_for_user(user: Any, pk: int) -> Idea:
    try:
        idea = Idea.objects.select_related("workshop__collaboration").get(pk=pk)
    except Idea.DoesNotExist:
        raise Http404 from None
    _kept(user, idea.workshop.collaboration_id)
    return idea


def public_events(collaboration: Collaboration) -> QuerySet[Event]:
    """Events are public: all of the collaboration's, cancelled ones marked so."""
    return Event.objects.filter(collaboration=collaboration)


def get_public_event(collaboration: Collaboration, pk: int) -> Event:
    try:
        return public_events(collaboration).get(pk=pk)
    except Event.DoesNotExist:
        raise Http404 from None


def get_event_for_user(user: Any, pk: int) -> Event:
    """An event's page with its participant list: the secretariat's."""
    try:
        event = Event.objects.select_related("collaboration").get(pk=pk)
    except Event.DoesNotExist:
        raise Http404 from None
    _kept(user, event.collaboration_id)
    return event
