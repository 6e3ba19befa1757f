"""The scheduler: each job once per period, however often ticks come; catching up once."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from klynge.core import schedule
from klynge.core.models import PeriodicRun

pytestmark = pytest.mark.django_db
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=CPH)


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, schedule.Job]]:
    """An empty registry for the test (the apps' own jobs are put back after)."""
    jobs: dict[str, schedule.Job] = {}
    monkeypatch.setattr(schedule, "_jobs", jobs)
    yield jobs


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


def test_a_job_runs_once_per_period(registry: dict[str, schedule.Job]) -> None:
    job = Counter()
    schedule.register("every5", dt.timedelta(minutes=5), job)
    assert schedule.run_due(at(30, 10, 1)).ran == ["every5"]
    assert schedule.run_due(at(30, 10, 2)).ran == []
    assert schedule.run_due(at(30, 10, 4)).ran == []
    assert schedule.run_due(at(30, 10, 5)).ran == ["every5"]
    assert job.calls == 2
    run = PeriodicRun.objects.get(name="every5")
    assert run.runs == 2 and run.last_slot == at(30, 10, 5) and run.finished_at


def test_a_daily_job_runs_at_its_local_time(registry: dict[str, schedule.Job]) -> None:
    job = Counter()
    schedule.register("digest", dt.timedelta(days=1), job, at=dt.time(7, 0))
    assert schedule.run_due(at(30, 10)).ran == ["digest"]  # today's 07:00 period
    assert schedule.run_due(at(30, 23, 59)).ran == []
    assert schedule.run_due(at(1, 6, 59, month=12)).ran == []
    assert schedule.run_due(at(1, 7, 0, month=12)).ran == ["digest"]
    assert job.calls == 2


def test_a_daily_job_keeps_its_local_time_across_summer_time(
        registry: dict[str, schedule.Job]) -> None:
    job = schedule.register("digest", dt.timedelta(days=1), Counter(), at=dt.time(7, 0))
    summer = dt.datetime(2026, 7, 1, 8, 0, tzinfo=CPH)
    assert job.period_start(summer) == dt.datetime(2026, 7, 1, 7, 0, tzinfo=CPH)
    assert job.period_start(at(30, 6)) == dt.datetime(2026, 11, 29, 7, 0, tzinfo=CPH)


def test_after_downtime_a_job_catches_up_once(registry: dict[str, schedule.Job]) -> None:
    job = Counter()
    schedule.register("digest", dt.timedelta(days=1), job, at=dt.time(7, 0))
    schedule.run_due(at(26, 8))
    assert schedule.run_due(at(30, 9)).ran == ["digest"]  # four days later: once
    assert schedule.run_due(at(30, 9, 1)).ran == []
    assert job.calls == 2


def test_an_overlapping_tick_does_not_run_a_job_twice(
        registry: dict[str, schedule.Job]) -> None:
    inner: list[list[str]] = []

    def job() -> None:  # a second tick while the first is still running the job
        inner.append(schedule.run_due(at(30, 10, 3)).ran)

    schedule.register("slow", dt.timedelta(minutes=5), job)
    assert schedule.run_due(at(30, 10, 1)).ran == ["slow"]
    assert inner == [[]]


def test_a_failing_job_is_tried_again_and_others_still_run(
        registry: dict[str, schedule.Job]) -> None:
    attempts = Counter()
    other = Counter()

    def flaky() -> None:
        attempts()
        if attempts.calls == 1:
            raise RuntimeError("mail server away")

    schedule.register("flaky", dt.timedelta(days=1), flaky, at=dt.time(7, 0))
    schedule.register("other", dt.timedelta(days=1), other, at=dt.time(7, 0))
    tick = schedule.run_due(at(30, 8))
    assert tick.failed == ["flaky"] and tick.ran == ["other"]
    assert "mail server away" in PeriodicRun.objects.get(name="flaky").last_error
    assert schedule.run_due(at(30, 8, 1)).ran == ["flaky"]
    assert attempts.calls == 2 and other.calls == 1
    assert PeriodicRun.objects.get(name="flaky").last_error == ""


def test_a_period_must_be_positive(registry: dict[str, schedule.Job]) -> None:
    with pytest.raises(ValueError):
        schedule.register("never", dt.timedelta(0), Counter())


def test_tick_runs_the_due_jobs_once(registry: dict[str, schedule.Job]) -> None:
    job = Counter()
    schedule.register("every5", dt.timedelta(minutes=5), job)
    out = StringIO()
    call_command("tick", stdout=out)
    call_command("tick", stdout=out)
    assert out.getvalue() == "ran every5\n" and job.calls == 1


def test_tick_fails_when_a_job_fails(registry: dict[str, schedule.Job]) -> None:
    def broken() -> None:
        raise RuntimeError("broken")

    schedule.register("broken", dt.timedelta(minutes=5), broken)
    with pytest.raises(CommandError, match="broken"):
        call_command("tick", stdout=StringIO(), stderr=StringIO())


def test_the_apps_register_their_jobs() -> None:
    names = {job.name for job in schedule.jobs()}
    assert {"notifications.digest", "notifications.reaper",
            "attachments.orphan_files"} <= names
    out = StringIO()
    call_command("tick", stdout=out)
    assert "ran notifications.reaper" in out.getvalue()
