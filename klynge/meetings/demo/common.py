"""What the working cycle's demo shares: its cases' texts, the dating of the rows a step
makes, and the accounts of those who act without a login."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import Max

from klynge.accounts.models import User
from klynge.attachments.models import Attachment
from klynge.cases.models import Case, CaseEvent, Recommendation
from klynge.governance.demo_data import (
    BERGEN_CODE,
    COUNCIL_CODE,
    HORSENS_CODE,
)
from klynge.governance.models import Person
from klynge.hearings.models import Answer
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaReview,
    Conflict,
    Response,
)
from klynge.notifications.models import Notification, Subscription

ACCOUNT_PREFIX = "demo."  # the accounts without a password the demo gives those who act
CODES = (HORSENS_CODE, COUNCIL_CODE, BERGEN_CODE)
Outcome = AgendaItem.Outcome

# Rows made in a dated step get the step's time in these fields (see the docstring).
STAMPED: tuple[tuple[type[models.Model], tuple[str, ...]], ...] = (
    (Case, ("submitted_at",)), (CaseEvent, ("at",)), (Recommendation, ("given_on",)),
    (Notification, ("created_at",)), (Subscription, ("created_at",)),
    (Response, ("answered_at",)), (AgendaReview, ("requested_at", "answered_at")),
    (Conflict, ("recorded_at",)), (ActionItem, ("created_at",)),
    (Answer, ("answered_at", "changed_at")), (Attachment, ("uploaded_at",)),
)

# The cases: key, who submits ("medlem", "panel", or "panel-body": as the user panel), title,
# description, what is asked for, target groups, themes, the day submitted (from today).
CASES: dict[str, tuple[str, str, str, str, tuple[str, ...], tuple[str, ...], int]] = {
    "visits": ("medlem", "Opfølgende hjemmebesøg efter udskrivelse af ældre medicinske patienter",
               "Hver femte ældre medicinske patient genindlægges inden for 30 dage. Et "
               "opfølgende hjemmebesøg af en kommunal sygeplejerske inden for 48 timer har i "
               "Skanderborg halveret genindlæggelserne i en afprøvning.",
               "At klyngen udbreder de opfølgende hjemmebesøg til alle fire kommuner.",
               ("frail-elderly", "multiple-chronic"), ("transitions", "prevention"), -70),
    "acute": ("medlem", "Fælles akutteam på tværs af kommunerne",
              "Kommunernes akutteams dækker forskellige tider og opgaver. Et fælles team om "
              "natten vil kunne forebygge indlæggelser.",
              "At klyngen godkender et toårigt forsøg med et fælles akutteam om natten.",
              ("frail-elderly",), ("acute-care",), -65),
    "budget": ("medlem", "Fordeling af samarbejdsmidler 2027",
               "Forslag til, hvordan klyngens samarbejdsmidler fordeles mellem indsatserne i "
               "2027. Fortrolig, indtil den politiske styregruppe har besluttet.",
               "At den politiske styregruppe godkender fordelingen.", (), ("workforce",), -63),
    "users": ("panel-body", "Brugerinddragelse i klyngens handleplan",
              "Brugerpanelet ønsker at blive inddraget, før indsatserne i handleplanen "
              "besluttes, og ikke kun høres bagefter.",
              "At handleplanen fastlægger, hvornår brugerpanelet inddrages.", (),
              ("user-involvement",), -45),
    "leaflet": ("medlem", "Fælles hjemmeside for sundhedstilbud",
                "En fælles oversigt over kommunernes og regionens sundhedstilbud.",
                "At klyngen finansierer en fælles hjemmeside.", (), ("digital",), -38),
    "parking": ("panel-body", "Gratis parkering ved Regionshospitalet Horsens",
                "Pårørende betaler meget for parkering ved lange indlæggelser.",
                "At parkering bliver gratis for pårørende.", (), ("user-involvement",), -33),
    "relatives": ("panel-body", "Pårørende med til udskrivelsessamtalen",
                  "Pårørende får ofte først besked om udskrivelsen, når patienten er på vej "
                  "hjem. Brugerpanelet foreslår, at pårørende altid inviteres til samtalen.",
                  "At hospitalet og kommunerne aftaler, at pårørende inviteres til "
                  "udskrivelsessamtalen.", ("frail-elderly",), ("transitions",
                                                                 "user-involvement"), -30),
    "booking": ("panel", "Digital tidsbestilling hos egen læge",
                "Det er svært at komme igennem på telefonen hos egen læge.",
                "Bedre adgang.", (), ("general-practice", "digital"), -24),
    "psychiatry": ("panel", "Overgange fra psykiatrien til kommunale tilbud",
                   "Borgere, der udskrives fra psykiatrisk afdeling, venter ofte uger på et "
                   "kommunalt tilbud og mister kontakten undervejs.",
                   "At faggruppen for mental sundhed foreslår en fast kontaktperson ved "
                   "udskrivelsen.", ("mental-illness-addiction",), ("transitions",), -20),
    "rehab": ("medlem", "Ventetid på genoptræning efter hoftebrud",
              "Ventetiden på kommunal genoptræning efter hoftebrud er fra 8 til 25 dage i "
              "klyngens kommuner.",
              "At klyngen aftaler en fælles frist for start af genoptræningen.",
              ("frail-elderly",), ("rehabilitation",), -3),
}
FIRST_CASE = CASES["visits"][1]  # marks a loaded working cycle


@contextmanager
def dated(moment: dt.datetime) -> Iterator[None]:
    """Give the rows made inside the block the time ``moment`` (see the docstring)."""
    marks = {model: model._default_manager.aggregate(last=Max("pk"))["last"] or 0
             for model, _fields in STAMPED}
    yield
    for model, fields in STAMPED:
        rows = model._default_manager.filter(pk__gt=marks[model])
        for name in fields:
            field = model._meta.get_field(name)
            value = moment if isinstance(field, models.DateTimeField) else moment.date()
            rows.filter(**{f"{name}__isnull": False}).update(**{name: value})


def account(person: Person, language: str = "da") -> User:
    """The person's user; a new one without a password if they have none."""
    if person.user_id is not None:
        return person.user  # type: ignore[return-value]
    local = person.email.split("@")[0] or f"person{person.pk}"
    user = User.objects.create_user(f"{ACCOUNT_PREFIX}{local}", person.email, None)
    user.first_name, _sep, user.last_name = person.name.partition(" ")
    user.language = language
    user.save()
    person.user = user
    person.save(update_fields=["user"])
    return user


def text_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")
