"""The demo's part (``klynge.participation.demo``) on a small Horsensklyngen of its own: the
whole demo is loaded by the working cycle's demo test, which this receiver takes part in."""

from __future__ import annotations

import pytest

from klynge.governance.demo import DemoResult
from klynge.governance.demo_data import HORSENS_CODE
from klynge.governance.models import Body, Seat
from klynge.involvement.models import Step
from klynge.participation.demo import load_participation, remove_participation
from klynge.participation.models import Contribution, Event, Participant, Vote, Workshop
from klynge.testing.cases import make_term
from klynge.testing.factories import (
    make_body,
    make_collaboration,
    make_person,
    make_seat,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_workshop_and_removes_it() -> None:
    horsens = make_collaboration(code=HORSENS_CODE, name="Horsensklyngen")
    secretariat = make_body(horsens, kind=Body.Kind.SECRETARIAT, name="Sekretariat")
    make_seat(secretariat, make_person(user=make_user("sekretariat")), role=Seat.Role.SECRETARY)
    for code in ("transitions", "frail-elderly", "rehabilitation"):
        make_term(horsens, code=code)
    load_participation(None, DemoResult([horsens], [], []))
    held, voting = (Workshop.objects.get(state=state) for state in ("closed", "voting"))
    assert Vote.objects.filter(idea__workshop=held).count() >= 6
    winner = held.ideas.get(case__isnull=False)
    assert winner.stories.count() == 2
    assert winner.case.involvements.get().step == Step.CO_PRODUCED
    assert Participant.objects.filter(workshop=voting, voted_at__isnull=True).count() == 10
    assert Contribution.objects.filter(state="pending").count() == 1
    event = Event.objects.get()
    assert event.cases.get() == winner.case
    assert event.registrations.filter(state="waiting").count() == 1
    load_participation(None, DemoResult([horsens], [], []))
    assert Workshop.objects.count() == 2  # a second load adds nothing
    assert remove_participation(None) > 0
    assert not Workshop.objects.exists() and not Contribution.objects.exists()
    assert not Event.objects.exists()
