"""Periodic work: a registry of jobs, and the tick that runs those that are due.

Apps register their jobs in ``AppConfig.ready``::

    from klynge.core.schedule import register
    register("notifications.digest", dt.timedelta(days=1), enqueue_sending, at=dt.time(7, 0))

``klynge tick`` (a systemd timer every minute, or ``klynge tick --loop 60`` beside the task
worker) calls :func:`run_due`. Time is cut into **periods** per job:

- with ``at``: periods start at ``at`` local time (Europe/Copenhagen) and every ``every``
  after it, counted on the local clock (a daily job at 07:00 stays at 07:00 across summer
  time);
- without ``at``: periods of ``every`` counted from the Unix epoch (every 5 minutes: at :00,
  :05, ...).

A job is due when the period now running is later than the last one it ran for (kept in
:class:`~klynge.core.models.PeriodicRun`). A tick claims the period under a lock on the job's
row, in a short transaction, then runs the job outside it: a second tick at the same time
waits for the lock, sees the period claimed and skips it. After downtime a job runs once, for
the period now running, not once for each period missed. A job that raises gives its period
back, so the next tick tries again; a job killed mid-run is not repeated before the next
period. Jobs that send e-mail enqueue tasks rather than send themselves.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from klynge.core.models import PeriodicRun
from klynge.core.writes import locked

logger = logging.getLogger(__name__)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LOCAL_ANCHOR = dt.date(2000, 1, 3)  # a Monday: weekly jobs with ``at`` start on Mondays


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    func: Callable[[], object]
    at: dt.time | None = None

    def period_start(self, now: dt.datetime) -> dt.datetime:
        """The start of the period ``now`` falls in."""
        if self.at is None:
            count = (now - EPOCH) // self.every
            return EPOCH + count * self.every
        local = timezone.localtime(now).replace(tzinfo=None)
        anchor = dt.datetime.combine(LOCAL_ANCHOR, self.at)
        count = (local - anchor) // self.every
        return timezone.make_aware(anchor + count * self.every)


_jobs: dict[str, Job] = {}


def register(name: str, every: dt.timedelta, func: Callable[[], object],
             at: dt.time | None = None) -> Job:
    """Register (or replace) the job ``name``: ``func()`` once per period of ``every``,
    starting at local time ``at`` if given."""
    if every <= dt.timedelta(0):
        raise ValueError(f"job {name!r}: every must be positive")
    job = Job(name=name, every=every, func=func, at=at)
    _jobs[name] = job
    return job


def unregister(name: str) -> None:
    _jobs.pop(name, None)


def jobs() -> list[Job]:
    """The registered jobs, by name."""
    return [_jobs[name] for name in sorted(_jobs)]


def _claim(job: Job, now: dt.datetime) -> tuple[bool, dt.datetime | None]:
    """Claim the period running at ``now`` for ``job``: whether it was claimed (False: the
    job already ran for it), and the period the job ran for before (None: never)."""
    slot = job.period_start(now)
    try:
        with transaction.atomic():
            PeriodicRun.objects.get_or_create(name=job.name)
    except IntegrityError:
        pass  # made by a tick at the same moment
    with transaction.atomic():
        run = locked(PeriodicRun).get(name=job.name)
        previous = run.last_slot
        if previous is not None and previous >= slot:
            return False, previous
        run.last_slot, run.started_at, run.runs = slot, timezone.now(), run.runs + 1
        run.save(update_fields=["last_slot", "started_at", "runs"])
    return True, previous


def _finish(job: Job, previous: dt.datetime | None, error: str = "") -> None:
    with transaction.atomic():
        run = locked(PeriodicRun).get(name=job.name)
        run.finished_at, run.last_error = timezone.now(), error
        if error:
            run.last_slot = previous  # the next tick tries again
        run.save(update_fields=["finished_at", "last_error", "last_slot"])


def run_job(job: Job, now: dt.datetime | None = None) -> bool:
    """Run ``job`` if its period at ``now`` (default: the clock) is due; whether it ran."""
    claimed, previous = _claim(job, now or timezone.now())
    if not claimed:
        return False
    try:
        job.func()
    except Exception:
        logger.exception("scheduled job %s failed", job.name)
        _finish(job, previous, traceback.format_exc(limit=5))
        raise
    _finish(job, previous)
    return True


@dataclass
class Tick:
    ran: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def run_due(now: dt.datetime | None = None) -> Tick:
    """Run every job that is due at ``now`` (default: the clock), once: which ran, and which
    failed (logged; the others still run)."""
    tick = Tick()
    for job in jobs():
        try:
            if run_job(job, now):
                tick.ran.append(job.name)
        except Exception:
            tick.failed.append(job.name)
    return tick
