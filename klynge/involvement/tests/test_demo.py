"""The demo's ledgers (``klynge.involvement.demo``), on a small Horsensklyngen of its own:
the whole demo is loaded by the working cycle's demo test, which this receiver takes part in."""

from __future__ import annotations

import datetime as dt

import pytest

from klynge.governance.demo import DemoResult
from klynge.governance.demo_data import HORSENS_CODE
from klynge.governance.models import Body, Seat
from klynge.involvement.demo import load_involvement, remove_involvement
from klynge.involvement.models import FollowedTerm, Involvement, Step
from klynge.testing.cases import make_case, make_term
from klynge.testing.factories import (
    make_body,
    make_collaboration,
    make_person,
    make_seat,
    make_user,
)
from klynge.testing.involvement import make_decision

pytestmark = pytest.mark.django_db


def test_the_demo_records_and_removes_its_ledgers() -> None:
    horsens = make_collaboration(code=HORSENS_CODE, name="Horsensklyngen")
    secretariat = make_body(horsens, kind=Body.Kind.SECRETARIAT, name="Sekretariat")
    make_seat(secretariat, make_person(user=make_user("sekretariat")), role=Seat.Role.SECRETARY)
    make_body(horsens, kind=Body.Kind.USER_PANEL, name="Brugerpanel")
    make_body(horsens, kind=Body.Kind.ELDER_COUNCIL, name="Ældrerådenes kontaktudvalg")
    panel = Body.objects.get(kind=Body.Kind.USER_PANEL)
    make_term(horsens, kind="target_group", code="frail-elderly")
    first, second, third = (make_case(horsens) for _ in range(3))
    make_decision(second, panel, dt.date(2026, 10, 1))
    make_decision(first, panel, dt.date(2026, 9, 1))  # decided first
    result = DemoResult([horsens], [], [])
    load_involvement(None, result)
    assert result.counts["involvements"] == 3
    assert {e.step for e in first.involvements.all()} == {Step.CONSULTED, Step.INFORMED}
    assert all(e.happened_on < dt.date(2026, 9, 1) for e in first.involvements.all())
    assert [e.owes_feedback for e in second.involvements.all()] == [True]
    assert not third.involvements.exists()  # flagged on its agenda
    assert set(FollowedTerm.objects.values_list("body__kind", "term__code")) == {
        ("elder_council", "frail-elderly")}
    load_involvement(None, DemoResult([horsens], [], []))
    assert Involvement.objects.count() == 3  # a second load adds nothing
    assert remove_involvement(None) == 3 and not Involvement.objects.exists()
