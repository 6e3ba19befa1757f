"""What the participation pages show, each in a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.hearings.models import Hearing
from klynge.meetings.access import published_meetings
from klynge.meetings.models import AgendaItem
from klynge.participation import access
from klynge.participation.actions import results
from klynge.participation.models import (
    Contribution,
    Idea,
    Participant,
    PublicCase,
    PublicHearing,
    PublicPage,
    Workshop,
)
from klynge.vocabulary.models import Term

LISTED = 50


def page_settings(collaboration: Collaboration) -> PublicPage:
    """The page's settings (the defaults when none are saved)."""
    return (PublicPage.objects.filter(collaboration=collaboration).first()
            or PublicPage(collaboration=collaboration))


def themes_of(collaboration: Collaboration) -> QuerySet[Term]:
    return Term.objects.filter(collaboration=collaboration, retired=False).order_by(
        "kind", "code")


def public_index() -> list[Collaboration]:
    """The collaborations, by country and name (one query)."""
    return list(Collaboration.objects.select_related("country").order_by("country__name",
                                                                          "name"))


def public_context(collaboration: Collaboration) -> dict[str, Any]:
    """The public page: eight queries."""
    return {
        "collaboration": collaboration,
        "settings": page_settings(collaboration),
        "cases": list(access.public_cases(collaboration).order_by("-year", "-serial")[:LISTED]),
        "hearings": list(access.public_hearings(collaboration).order_by("-deadline")[:LISTED]),
        "minutes": list(access.public_minutes(collaboration).select_related("body")
                        .order_by("-starts_at")[:LISTED]),
        "workshops": list(access.open_workshops(collaboration).select_related("theme")
                          .order_by("starts_at")),
        "stories": list(access.public_contributions(collaboration).select_related("theme")
                        [:LISTED]),
        "events": list(access.public_events(collaboration)
                       .filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")),
    }


def public_case_context(collaboration: Collaboration, case: Case) -> dict[str, Any]:
    items = (AgendaItem.objects.filter(case=case, closed=False,
                                       meeting__in=published_meetings())
             .select_related("meeting__body").order_by("meeting__starts_at", "number"))
    return {"collaboration": collaboration, "case": case, "themes": list(case.themes.all()),
            "items": list(items)}


def public_hearing_context(collaboration: Collaboration, hearing: Hearing,
                           form: Any) -> dict[str, Any]:
    answers = hearing.public_answers.filter(state=Contribution.State.APPROVED,
                                            show_publicly=True)
    return {"collaboration": collaboration, "hearing": hearing, "form": form,
            "answers": list(answers)}


# The secretariat's pages ------------------------------------------------------------------

STATE_FILTERS = [Contribution.State.PENDING, Contribution.State.APPROVED,
                 Contribution.State.REJECTED, Contribution.State.WITHDRAWN]


def moderation_context(collaboration: Collaboration, state: str) -> dict[str, Any]:
    base = Contribution.objects.filter(collaboration=collaboration)
    counts = dict(base.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    rows = list(base.filter(state=state).select_related("theme", "hearing", "workshop")
                [:200])
    return {"collaboration": collaboration, "state": state, "rows": rows,
            "tabs": [(value, Contribution.State(value).label, counts.get(value, 0))
                     for value in STATE_FILTERS],
            "themes": themes_of(collaboration)}


def workshops_context(collaboration: Collaboration, form: Any) -> dict[str, Any]:
    workshops = (Workshop.objects.filter(collaboration=collaboration).select_related("theme")
                 .annotate(n_participants=Count("participants", distinct=True),
                           n_ideas=Count("ideas", distinct=True)))
    return {"collaboration": collaboration, "workshops": list(workshops), "form": form}


@dataclass
class StoryRow:
    story: Contribution
    for_this: bool  # collected for this workshop


def workshop_stories(workshop: Workshop) -> QuerySet[Contribution]:
    """The approved stories and ideas an idea may draw on: the collaboration's, those
    collected for this workshop first."""
    return (Contribution.objects.filter(collaboration_id=workshop.collaboration_id,
                                        state=Contribution.State.APPROVED)
            .exclude(kind=Contribution.Kind.ANSWER)
            .filter(Q(workshop=workshop) | Q(workshop__isnull=True)
                    | Q(workshop__state=Workshop.State.CLOSED))
            .select_related("theme").order_by("-submitted_at", "-pk"))


def workshop_context(request: HttpRequest, workshop: Workshop,
                     **forms: Any) -> dict[str, Any]:
    stories = list(workshop_stories(workshop))
    participants = list(workshop.participants.all())
    ideas = results(workshop)
    idea_stories: dict[int, list[Contribution]] = {}
    for link in Idea.stories.through.objects.filter(idea__workshop=workshop).select_related(
            "contribution"):
        idea_stories.setdefault(link.idea_id, []).append(link.contribution)
    for idea in ideas:
        idea.behind = idea_stories.get(idea.pk, [])  # type: ignore[attr-defined]
    return {
        "workshop": workshop, "collaboration": workshop.collaboration,
        "stories": [StoryRow(s, s.workshop_id == workshop.pk) for s in stories],
        "participants": participants,
        "voted": sum(1 for p in participants if p.voted_at is not None),
        "ideas": ideas,
        "vote_url": request.build_absolute_uri(reverse("participation:vote_entry")),
        **forms,
    }


def ballot_context(participant: Participant, form: Any) -> dict[str, Any]:
    workshop = participant.workshop
    ideas = list(workshop.ideas.select_related("theme").order_by("theme__code", "pk"))
    groups: dict[str, list[tuple[Idea, Any]]] = {}
    for idea in ideas:
        label = str(idea.theme.label) if idea.theme else ""
        groups.setdefault(label, []).append((idea, form[f"idea_{idea.pk}"]))
    return {"participant": participant, "workshop": workshop, "form": form,
            "groups": list(groups.items())}


# Sections on other apps' pages -------------------------------------------------------------

def case_section(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    """On the case page: the workshop idea and stories it came from, and for the
    secretariat whether it is public (one query, two for the secretariat)."""
    idea = (Idea.objects.filter(case=case).select_related("workshop")
            .prefetch_related("stories").first())
    keeper = access.may_keep(request.user, case.collaboration_id)
    if idea is None and not keeper:
        return None
    public = keeper and PublicCase.objects.filter(case=case).exists()
    return {"case": case, "idea": idea, "keeper": keeper, "public": public,
            "stories": list(idea.stories.all()) if idea else []}


def hearing_section(request: HttpRequest, hearing: Hearing) -> dict[str, Any] | None:
    """On the hearing page: citizens' approved answers; for the secretariat whether the
    hearing is public."""
    keeper = access.may_keep(request.user, hearing.collaboration_id)
    public = PublicHearing.objects.filter(hearing=hearing).exists()
    if not public and not keeper:
        return None
    answers = list(hearing.public_answers.filter(state=Contribution.State.APPROVED))
    return {"hearing": hearing, "keeper": keeper, "public": public, "answers": answers}
