"""Factories for the hearings app: ``make_<noun>(**overrides)``, and a small hearing world."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from klynge.accounts.models import User
from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Body, Person
from klynge.hearings.models import Answer, Hearing, Party, Respondent
from klynge.testing.factories import (
    make_collaboration,
    make_organisation,
    make_partnership,
    make_person,
    make_user,
)
from klynge.testing.personas import PASSWORD, World


def make_hearing(collaboration: Collaboration | None = None, **kw: Any) -> Hearing:
    kw.setdefault("title", "Høring om sundhedsaftalen")
    kw.setdefault("description", "Udkast til sundhedsaftale 2027.")
    kw.setdefault("deadline", timezone.now() + dt.timedelta(days=14))
    if kw.get("state") == Hearing.State.OPEN:
        kw.setdefault("opened_at", timezone.now())
    themes = kw.pop("themes", [])
    hearing = Hearing.objects.create(collaboration=collaboration or make_collaboration(), **kw)
    hearing.themes.set(themes)
    return hearing


def make_party(hearing: Hearing, *, organisation: Organisation | None = None,
               body: Body | None = None, respondents: list[Person] | None = None) -> Party:
    if organisation is None and body is None:
        organisation = make_organisation()
    party = Party.objects.create(hearing=hearing, organisation=organisation, body=body)
    for person in respondents or []:
        Respondent.objects.create(party=party, person=person)
    return party


def make_respondent(party: Party, person: Person | None = None) -> Respondent:
    return Respondent.objects.create(party=party, person=person or make_person())


def make_answer(party: Party, **kw: Any) -> Answer:
    now = timezone.now()
    kw.setdefault("text", "Vi støtter forslaget.")
    kw.setdefault("answered_at", now)
    kw.setdefault("changed_at", now)
    return Answer.objects.create(hearing=party.hearing, party=party, **kw)


@dataclass
class HearingWorld:
    """An open hearing of ``world.collaboration``: the user panel (its member ``panel_member``
    answers) and a partner municipality (``respondent`` answers) are invited."""

    hearing: Hearing
    panel_party: Party
    partner: Organisation
    partner_party: Party
    respondent: User


def make_hearing_world(world: World, state: str = Hearing.State.OPEN,
                       **kw: Any) -> HearingWorld:
    partner = make_organisation(kind=Organisation.Kind.MUNICIPALITY, name="Testby Kommune")
    make_partnership(world.collaboration, partner)
    respondent = make_user("respondent", password=PASSWORD)
    hearing = make_hearing(world.collaboration, state=state, **kw)
    panel_person = Person.objects.get(user=world.panel_member)
    panel_party = make_party(hearing, body=world.panel, respondents=[panel_person])
    partner_party = make_party(hearing, organisation=partner, respondents=[
        make_person(user=respondent, name="Rikke Respondent", organisation=partner)])
    return HearingWorld(hearing, panel_party, partner, partner_party, respondent)
