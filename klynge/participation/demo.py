"""The participation part of the Danish demo, in Horsensklyngen (from 2027 Sundhedsråd
Horsens), made through the actions: a public page with an introduction; citizens' stories
(approved, one awaiting moderation); a workshop held two weeks ago whose votes made its
winning idea a case (its ledger "co-produced", its theme followed by the elder councils);
a workshop with voting open, whose participant codes the secretariat's page lists; a
decided case and a hearing marked public; and a user-led day that is full, with one on its
waiting list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from klynge.accounts.models import User
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.demo import DemoResult
from klynge.hearings.models import Hearing
from klynge.meetings.demo.common import CODES, COUNCIL_CODE, HORSENS_CODE
from klynge.participation import access, actions
from klynge.participation.models import (
    Contribution,
    Event,
    PublicCase,
    PublicHearing,
    PublicPage,
    Workshop,
)
from klynge.vocabulary.models import Term

SECRETARIAT = "sekretariat"
INTRODUCTION = ("Sundhedsklyngen arbejder for sammenhæng mellem hospital, kommuner og "
                "almen praksis. Fortæl os om dine oplevelser, og kom med idéer til, hvad der "
                "kan blive bedre.")
STORIES = [  # (title, text, name, anonymous, show publicly, theme code)
    ("Alene hjem en fredag", "Min mor blev udskrevet en fredag eftermiddag. Ingen vidste, "
     "hvem der skulle komme med medicinen, og hjemmeplejen kom først mandag.", "Lene",
     False, True, "transitions"),
    ("Seks forskellige ansigter", "Efter min hofteoperation kom der seks forskellige "
     "medarbejdere den første uge. Jeg måtte forklare det hele forfra hver gang.", "",
     True, True, "frail-elderly"),
    ("Træning tæt på", "Genoptræningen lå en time væk med bus. Den kunne lige så godt have "
     "ligget på plejecentret her i byen.", "Jørgen", False, False, "rehabilitation"),
    ("En fast kontakt", "Det ville hjælpe, hvis der var én person, man kunne ringe til de "
     "første 14 dage efter udskrivelsen.", "", True, True, "transitions"),
]
IDEAS = [  # (title, text, stories behind it by index, votes)
    ("Én fast kontaktperson efter udskrivelse", "En navngiven kontaktperson i kommunen de "
     "første 14 dage efter udskrivelse af ældre borgere.", [0, 3]),
    ("Ingen udskrivelse fredag eftermiddag uden aftale", "Udskrivelse sidst på ugen kun, "
     "når hjemmeplejen har bekræftet besøg samme dag.", [0]),
    ("Genoptræning i lokalområdet", "Genoptræning på plejecentre og i lokale haller i "
     "stedet for kun på centret.", [2]),
]
BALLOTS = [(3, 1, 1), (4, 0, 1), (2, 2, 1), (3, 0, 2), (5, 0, 0), (1, 3, 1)]


def _collaborations(result: DemoResult, secretariat: User) -> list[Collaboration]:
    return [c for c in result.collaborations if c.code in (HORSENS_CODE, COUNCIL_CODE)
            and access.may_keep(secretariat, c.pk)
            and not Workshop.objects.filter(collaboration=c).exists()]


def load_participation(sender: Any, result: DemoResult, **kwargs: Any) -> None:
    """``demo_loading``: through the actions, unless the collaboration has workshops."""
    secretariat = User.objects.filter(username=SECRETARIAT).first()
    if secretariat is None or SECRETARIAT in result.skipped_logins:
        return
    for collaboration in _collaborations(result, secretariat):
        terms = {t.code: t for t in Term.objects.filter(collaboration=collaboration)}
        actions.do_set_public_page(secretariat, collaboration, introduction=INTRODUCTION,
                                   accepts_contributions=True, retention_days=365)
        stories = _stories(secretariat, collaboration, terms)
        _held_workshop(secretariat, collaboration, terms, stories)
        _voting_workshop(secretariat, collaboration, terms)
        _publish(secretariat, collaboration)
        _event(secretariat, collaboration)
        result.counts["stories"] += len(stories) + 1
        result.counts["workshops"] += 2


def _stories(actor: User, collaboration: Collaboration,
             terms: dict[str, Term]) -> list[Contribution]:
    made = []
    for title, text, name, anonymous, public, code in STORIES:
        contribution, _key = actions.do_contribute(
            None, collaboration, kind=Contribution.Kind.STORY, title=title, text=text,
            name=name, anonymous=anonymous, show_publicly=public, consent=True,
            theme=terms.get(code))
        made.append(actions.do_moderate_contribution(actor, contribution, approve=True))
    actions.do_contribute(None, collaboration, kind=Contribution.Kind.IDEA,
                          title="Frivillige besøgsvenner",
                          text="Frivillige kunne besøge ældre den første uge hjemme.",
                          consent=True, anonymous=True, theme=terms.get("frail-elderly"))
    return made


def _held_workshop(actor: User, collaboration: Collaboration, terms: dict[str, Term],
                   stories: list[Contribution]) -> None:
    held = timezone.now().replace(hour=16, minute=0, second=0,
                                  microsecond=0) - dt.timedelta(days=14)
    workshop = actions.do_plan_workshop(
        actor, collaboration, title="Trygt hjem efter udskrivelse",
        theme=terms.get("transitions"), description="Idéværksted med borgere, pårørende, "
        "ældreråd og personale om de første dage hjemme.", starts_at=held,
        place="Horsens Bibliotek, mødesal 2", dots=5)
    ideas = [actions.do_add_idea(actor, workshop, title=title, text=text,
                                 stories=[stories[i] for i in behind])
             for title, text, behind in IDEAS]
    participants = actions.do_invite_participants(actor, workshop, unnamed=len(BALLOTS))
    actions.do_open_voting(actor, workshop)
    for participant, ballot in zip(participants, BALLOTS, strict=True):
        actions.do_cast_votes(participant, {idea.pk: dots for idea, dots
                                            in zip(ideas, ballot, strict=True)})
    actions.do_close_voting(actor, workshop)
    actions.do_make_cases(actor, workshop, ideas[:1])


def _voting_workshop(actor: User, collaboration: Collaboration,
                     terms: dict[str, Term]) -> None:
    workshop = actions.do_plan_workshop(
        actor, collaboration, title="Sammen om sund aldring",
        theme=terms.get("frail-elderly"), description="Borgernes idéer til forebyggelse "
        "for ældre.", starts_at=timezone.now().replace(second=0, microsecond=0),
        place="Sundhedshuset, Horsens", dots=3)
    for title, text in [("Gåhold fra plejecentrene", "Faste gåture for ældre med frivillige."),
                        ("Madfællesskaber", "Fælles spisning for ældre, der bor alene."),
                        ("Sund aldring i almen praksis", "Et årligt forebyggende besøg.")]:
        actions.do_add_idea(actor, workshop, title=title, text=text)
    actions.do_invite_participants(actor, workshop, unnamed=10)
    actions.do_open_voting(actor, workshop)


def _event(actor: User, collaboration: Collaboration) -> None:
    """A user-led day in three weeks on the workshop's case: full, one on the waiting list."""
    starts = timezone.now().replace(hour=13, minute=0, second=0,
                                    microsecond=0) + dt.timedelta(days=21)
    case = Case.objects.filter(collaboration=collaboration,
                               workshop_idea__isnull=False).first()
    event = actions.do_plan_event(
        actor, collaboration, kind=Event.Kind.USER_LED_DAY, title="Brugerdag: de første dage "
        "hjemme", description="Patienter, pårørende og personale fortæller og spørger.",
        starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
        place="Regionshospitalet Horsens, auditoriet", capacity=3,
        cases=[case] if case else [])
    for name in ("Inge Madsen", "Poul Hansen", "Birthe Nielsen", "Kim Larsen"):
        actions.do_register(event, name=name, contact="demo@demo.klynge.example",
                            consent=True)


def _publish(actor: User, collaboration: Collaboration) -> None:
    decided = (Case.objects.filter(collaboration=collaboration, decisions__isnull=False,
                                   confidential=False).order_by("serial").first())
    if decided is not None:
        actions.do_set_case_public(actor, decided, True)
    hearing = (Hearing.objects.filter(collaboration=collaboration)
               .exclude(state=Hearing.State.DRAFT).order_by("pk").first())
    if hearing is not None:
        actions.do_set_hearing_public(actor, hearing, True)


def remove_participation(sender: Any, **kwargs: Any) -> int:
    """``demo_removing``: the demo's workshops, contributions and publications."""
    deleted = 0
    for model, path in ((PublicCase, "case__collaboration__code__in"),
                        (PublicHearing, "hearing__collaboration__code__in"),
                        (Workshop, "collaboration__code__in"),
                        (Event, "collaboration__code__in"),
                        (Contribution, "collaboration__code__in"),
                        (PublicPage, "collaboration__code__in")):
        deleted += model.objects.filter(**{path: CODES}).delete()[0]  # type: ignore[attr-defined]
    return deleted
