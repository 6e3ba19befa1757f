"""File numbers: YYYY-NNNN per collaboration per year, from the locked series row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from klynge.cases.actions import submission
from klynge.cases.models import FileSeries
from klynge.testing.cases import submit_case
from klynge.testing.factories import make_body, make_person, make_seat, make_user
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db


def test_numbers_follow_each_other(world: World) -> None:
    numbers = [submit_case(world.member, world.collaboration).file_number for _ in range(3)]
    assert numbers == ["2026-0001", "2026-0002", "2026-0003"]


def test_each_collaboration_has_its_own_series(world: World) -> None:
    other_member = make_user("other")
    make_seat(make_body(world.other_collaboration), make_person(user=other_member))
    first = submit_case(world.member, world.collaboration)
    second = submit_case(world.member, world.collaboration)
    elsewhere = submit_case(other_member, world.other_collaboration)
    assert (first.file_number, second.file_number, elsewhere.file_number) == (
        "2026-0001", "2026-0002", "2026-0001")


def test_a_new_year_starts_a_new_series(world: World) -> None:
    submit_case(world.member, world.collaboration)
    submit_case(world.member, world.collaboration)
    with time_machine.travel(dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        assert submit_case(world.member, world.collaboration).file_number == "2027-0001"
    assert FileSeries.objects.filter(collaboration=world.collaboration).count() == 2


def test_the_number_comes_from_the_locked_series_row(world: World,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The series row is read through ``locked`` (SELECT … FOR UPDATE), and the number is
    the row's next one: a second submission waiting on the lock reads the first's."""
    FileSeries.objects.create(collaboration=world.collaboration, year=2026, last=41)
    locked_models: list[Any] = []
    real = submission.locked

    def spy(model: Any) -> Any:
        locked_models.append(model)
        return real(model)

    monkeypatch.setattr(submission, "locked", spy)
    case = submit_case(world.member, world.collaboration)
    assert case.file_number == "2026-0042"
    assert FileSeries in locked_models
    assert FileSeries.objects.get(collaboration=world.collaboration, year=2026).last == 42
