"""The web benchmark's population data: a generated data set of 1,000,000 persons living
in one collaboration's municipalities, validated, and its indicators run once, with the same
tasks the workers run (``klynge.insights``). The population page of that collaboration is
then one of the benchmark's pages, for the users seated in it.

Made once per database (its own marker), after ``fill.py``'s fill; some minutes.
"""

from __future__ import annotations

import time

from django.utils import timezone

from klynge.collaborations.models import Collaboration
from klynge.core.models import Counter
from klynge.governance.models import Seat
from klynge.insights.actions import GENERATED
from klynge.insights.models import DataSet, Run
from klynge.insights.runs import member_codes

PERSONS = 1_000_000
MARKER = "bench-web-population"
VERSION = 1


def population_collaboration() -> Collaboration:
    """The collaboration of the first benchmark user's seat whose collaboration the built-in
    mapping knows (so the first users of the manifest open its population page)."""
    seats = (Seat.objects.filter(person__user__username__startswith="bench",
                                 body__meetings__isnull=False)
             .select_related("body__collaboration").order_by("pk"))
    for seat in seats[:200]:
        collaboration = seat.body.collaboration
        if collaboration is not None and member_codes(collaboration.code):
            return collaboration
    raise SystemExit("no benchmark user sits in a collaboration of the built-in mapping")


def fill_population() -> Collaboration:
    """The data set and its run, once; the collaboration whose page is measured."""
    from klynge.insights.tasks import run_indicators, validate_dataset

    collaboration = population_collaboration()
    marker = Counter.objects.filter(name=MARKER).first()
    if marker is not None and marker.value == VERSION:
        return collaboration
    started = time.monotonic()
    dataset = DataSet.objects.create(
        collaboration=collaboration, name=f"Benchmark: {PERSONS:,} persons",
        source=DataSet.Source.SYNTHETIC, folder=f"{GENERATED}/bench-{collaboration.code}",
        persons=PERSONS, seed=1, municipalities=member_codes(collaboration.code),
        created_at=timezone.now())
    validate_dataset.call(dataset.pk)
    dataset.refresh_from_db()
    if dataset.state != DataSet.State.VALID or dataset.last_year is None:
        raise SystemExit(f"the benchmark's data set is not valid: {dataset.errors[:3]}")
    run = Run.objects.create(dataset=dataset, year=dataset.last_year,
                             requested_at=timezone.now())
    run_indicators.call(run.pk)
    run.refresh_from_db()
    if run.state != Run.State.DONE:
        raise SystemExit(f"the benchmark's run failed: {run.error}")
    Counter.objects.update_or_create(name=MARKER, defaults={"value": VERSION})
    print(f"population: {PERSONS:,} persons in {collaboration.code}, run {run.pk} "
          f"({run.rows:,} published rows) in {time.monotonic() - started:.0f} s", flush=True)
    return collaboration
