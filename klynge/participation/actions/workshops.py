"""Idea workshops: planned, participants invited with personal codes, ideas drawn from
stories, dot voting, and the prioritised ideas turned into cases in one action."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.cases.actions import do_submit_case
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.core.writes import locked, only_fields
from klynge.involvement.actions import do_record_involvement
from klynge.involvement.models import Step
from klynge.participation.actions.common import check_text, check_theme, refuse_unless_keeper
from klynge.participation.models import Contribution, Idea, Participant, Vote, Workshop
from klynge.vocabulary.models import Term

WORKSHOP_FIELDS = ("title", "theme", "description", "starts_at", "place", "dots")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed on a phone
CODE_LENGTH = 8
MAX_PARTICIPANTS = 200
State = Workshop.State


def _check_workshop(collaboration: Collaboration, values: dict[str, Any],
                    kept_theme: Term | None = None) -> dict[str, Any]:
    clean = dict(values)
    clean["title"] = check_text(values.get("title", ""), "title",
                                _("Give the workshop a title."))[:200]
    clean["place"] = check_text(values.get("place", ""), "place", _("Say where it is held."))
    clean["description"] = (values.get("description") or "").strip()
    if values.get("starts_at") is None:
        raise ValidationError({"starts_at": _("Give the date and time of the workshop.")})
    dots = values.get("dots")
    if not isinstance(dots, int) or not 1 <= dots <= 20:
        raise ValidationError({"dots": _("Give each participant between 1 and 20 dots.")})
    check_theme(collaboration, values.get("theme"), kept=kept_theme)
    return clean


@transaction.atomic
def do_plan_workshop(actor: Any, collaboration: Collaboration, **values: Any) -> Workshop:
    only_fields(values, WORKSHOP_FIELDS, "do_plan_workshop")
    refuse_unless_keeper(actor, collaboration.pk)
    clean = _check_workshop(collaboration, values)
    workshop = Workshop.objects.create(collaboration=collaboration, created_by=actor,
                                       created_at=timezone.now(), **clean)
    record(actor, "create", workshop, collaboration_code=collaboration.code,
           details={"starts_at": workshop.starts_at, "dots": workshop.dots})
    return workshop


def _locked(workshop: Workshop) -> Workshop:
    result: Workshop = locked(Workshop).select_related("collaboration").get(pk=workshop.pk)
    return result


@transaction.atomic
def do_change_workshop(actor: Any, workshop: Workshop, **values: Any) -> Workshop:
    """Change the plan; the dots only before voting opens."""
    only_fields(values, WORKSHOP_FIELDS, "do_change_workshop")
    workshop = _locked(workshop)
    refuse_unless_keeper(actor, workshop.collaboration_id)
    old = {name: getattr(workshop, name) for name in WORKSHOP_FIELDS}
    clean = _check_workshop(workshop.collaboration, old | values, kept_theme=workshop.theme)
    if workshop.state != State.PLANNED and clean["dots"] != workshop.dots:
        raise ValidationError({"dots": _("The dots cannot change once voting has opened.")})
    changes = {name: (old[name], clean[name]) for name in WORKSHOP_FIELDS
               if old[name] != clean[name]}
    for name in WORKSHOP_FIELDS:
        setattr(workshop, name, clean[name])
    workshop.save()
    if changes:
        record(actor, "update", workshop, changes=changes,
               collaboration_code=workshop.collaboration.code)
    return workshop


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Participant.objects.filter(code=code).exists():
            return code


@transaction.atomic
def do_invite_participants(actor: Any, workshop: Workshop, *, names: Iterable[str] = (),
                           unnamed: int = 0) -> list[Participant]:
    """A personal code for each name given (one per line), and ``unnamed`` codes more (for
    those who come without being named beforehand)."""
    workshop = _locked(workshop)
    refuse_unless_keeper(actor, workshop.collaboration_id)
    if workshop.state == State.CLOSED:
        raise ValidationError(_("Voting has closed: nobody more can be invited."))
    wanted = [name.strip()[:120] for name in names if name.strip()]
    if unnamed < 0 or not wanted and unnamed == 0:
        raise ValidationError({"names": _("Name at least one participant, or ask for a "
                                          "number of codes.")})
    if workshop.participants.count() + len(wanted) + unnamed > MAX_PARTICIPANTS:
        raise ValidationError(_("A workshop has at most %(count)s participants.")
                              % {"count": MAX_PARTICIPANTS})
    now = timezone.now()
    made = [Participant.objects.create(workshop=workshop, name=name, code=new_code(),
                                       invited_at=now)
            for name in [*wanted, *[""] * unnamed]]
    record(actor, "invite", workshop, collaboration_code=workshop.collaboration.code,
           details={"participants": len(made)})
    return made


def _check_stories(workshop: Workshop, stories: Iterable[Contribution]) -> list[Contribution]:
    chosen = list(stories)
    for story in chosen:
        if (story.collaboration_id != workshop.collaboration_id
                or story.state != Contribution.State.APPROVED
                or story.kind == Contribution.Kind.ANSWER):
            raise ValidationError({"stories": _("Choose approved stories and ideas of this "
                                                "collaboration.")})
    return chosen


@transaction.atomic
def do_add_idea(actor: Any, workshop: Workshop, *, title: str, text: str,
                theme: Term | None = None, stories: Iterable[Contribution] = ()) -> Idea:
    """An idea to vote on, from the stories behind it; only before voting opens."""
    workshop = _locked(workshop)
    refuse_unless_keeper(actor, workshop.collaboration_id)
    if workshop.state != State.PLANNED:
        raise ValidationError(_("Ideas are added before voting opens."))
    title = check_text(title, "title", _("Give the idea a title."))[:200]
    text = check_text(text, "text", _("Describe the idea."))
    check_theme(workshop.collaboration, theme)
    chosen = _check_stories(workshop, stories)
    idea = Idea.objects.create(workshop=workshop, title=title, text=text,
                               theme=theme or workshop.theme, created_at=timezone.now())
    idea.stories.set(chosen)
    record(actor, "create", idea, collaboration_code=workshop.collaboration.code,
           details={"workshop": workshop.pk, "stories": [s.pk for s in chosen]})
    return idea


@transaction.atomic
def do_remove_idea(actor: Any, idea: Idea) -> None:
    workshop = _locked(idea.workshop)
    refuse_unless_keeper(actor, workshop.collaboration_id)
    if workshop.state != State.PLANNED:
        raise ValidationError(_("Ideas cannot be removed once voting has opened."))
    record(actor, "delete", idea, collaboration_code=workshop.collaboration.code)
    idea.delete()


@transaction.atomic
def do_open_voting(actor: Any, workshop: Workshop) -> Workshop:
    workshop = _locked(workshop)
    refuse_unless_keeper(actor, workshop.collaboration_id)
    if workshop.state != State.PLANNED:
        raise ValidationError(_("Voting has already been opened."))
    if workshop.ideas.count() < 2:
        raise ValidationError(_("Add at least two ideas before voting opens."))
    if not workshop.participants.exists():
        raise ValidationError(_("Invite the participants before voting opens."))
    return _move(actor, workshop, State.VOTING)


@transaction.atomic
def do_close_voting(actor: Any, workshop: Workshop) -> Workshop:
    workshop = _locked(workshop)
    refuse_unless_keeper(actor, workshop.collaboration_id)
    if workshop.state != State.VOTING:
        raise ValidationError(_("Voting is not open."))
    return _move(actor, workshop, State.CLOSED)


def _move(actor: Any, workshop: Workshop, state: str) -> Workshop:
    before = workshop.state
    workshop.state = state
    workshop.save(update_fields=["state"])
    record(actor, "update", workshop, changes={"state": (before, state)},
           collaboration_code=workshop.collaboration.code)
    return workshop


@transaction.atomic
def do_cast_votes(participant: Participant, dots: dict[int, int]) -> list[Vote]:
    """The participant's dots, ``{idea id: dots}``, all at once; once only."""
    participant = (locked(Participant).select_related("workshop__collaboration")
                   .get(pk=participant.pk))
    workshop = participant.workshop
    if workshop.state != State.VOTING:
        raise ValidationError(_("Voting is not open at this workshop."))
    if participant.voted_at is not None:
        raise ValidationError(_("You have already voted. Each participant votes once."))
    ideas = set(workshop.ideas.values_list("pk", flat=True))
    given = {idea: count for idea, count in dots.items() if count}
    if any(idea not in ideas for idea in given) or any(c < 0 for c in given.values()):
        raise ValidationError(_("Put your dots on this workshop's ideas."))
    total = sum(given.values())
    if total == 0:
        raise ValidationError(_("Put at least one dot on an idea."))
    if total > workshop.dots:
        raise ValidationError(_("You put %(given)s dots, but each participant has "
                                "%(allowed)s.") % {"given": total, "allowed": workshop.dots})
    votes = Vote.objects.bulk_create([Vote(participant=participant, idea_id=idea, dots=count)
                                      for idea, count in sorted(given.items())])
    participant.voted_at = timezone.now()
    participant.save(update_fields=["voted_at"])
    record(None, "vote", workshop, collaboration_code=workshop.collaboration.code,
           details={"participant": participant.pk, "dots": total})
    return votes


def results(workshop: Workshop) -> list[Idea]:
    """The ideas, most dots first (``idea.dot_count``), ties by the order they were added."""
    return list(workshop.ideas.annotate(dot_count=Coalesce(Sum("votes__dots"), 0))
                .select_related("case", "theme").order_by("-dot_count", "pk"))


def _request(idea: Idea, workshop: Workshop, dots: int, voters: int) -> str:
    date = timezone.localdate(workshop.starts_at)
    return _("The idea workshop “%(workshop)s” on %(date)s put this idea forward "
                     "with %(dots)s of the dots of %(voters)s participants. Take it "
                     "further.") % {"workshop": workshop.title, "date": date.isoformat(),
                                    "dots": dots, "voters": voters}


@transaction.atomic
def do_make_cases(actor: Any, workshop: Workshop, ideas: Iterable[Idea]) -> list[Case]:
    """Each chosen idea becomes a case, linked to the stories behind it, with its ledger
    started at "co-produced" by the workshop's participants. Only after voting closed."""
    workshop = _locked(workshop)
    refuse_unless_keeper(actor, workshop.collaboration_id)
    if workshop.state != State.CLOSED:
        raise ValidationError(_("Close the voting before the ideas become cases."))
    wanted = {idea.pk for idea in ideas}
    chosen = [idea for idea in results(workshop) if idea.pk in wanted]
    if not chosen:
        raise ValidationError({"ideas": _("Choose the ideas that become cases.")})
    if any(idea.case_id is not None for idea in chosen):
        raise ValidationError({"ideas": _("An idea that has become a case cannot become "
                                          "another.")})
    voters = workshop.participants.filter(voted_at__isnull=False).count()
    happened_on = min(timezone.localdate(workshop.starts_at), timezone.localdate())
    made = []
    for idea in chosen:
        term = idea.theme or workshop.theme
        tags = [] if term is None else [term]
        case = do_submit_case(actor, workshop.collaboration, title=idea.title,
                              description=idea.text,
                              request=_request(idea, workshop, _dots(idea), voters),
                              themes=[t for t in tags if t.kind == Term.Kind.THEME],
                              target_groups=[t for t in tags
                                             if t.kind == Term.Kind.TARGET_GROUP])
        idea.case = case
        idea.save(update_fields=["case"])
        do_record_involvement(
            actor, case, body=None, step=Step.CO_PRODUCED, happened_on=happened_on,
            others=(_("Idea workshop “%(title)s” (%(count)s participants)")
                    % {"title": workshop.title, "count": voters})[:200],
            said=_idea_said(idea), feedback="", fed_back_on=None)
        made.append(case)
    record(actor, "make_cases", workshop, collaboration_code=workshop.collaboration.code,
           details={"cases": [case.pk for case in made]})
    return made


def _idea_said(idea: Idea) -> str:
    count = idea.stories.count()
    return _("%(dots)s dots. The idea came from %(count)s citizens' stories.") % {
        "dots": _dots(idea), "count": count}


def _dots(idea: Idea) -> int:
    """The dots of an idea from :func:`results`."""
    return int(getattr(idea, "dot_count", 0) or 0)
