"""Data sets, runs and results for tests, without running the engine in each test.

:func:`make_run` stores the results of a real run of the engine (DuckDB) on a small
generated data set. The engine runs once per process for each (persons, seed, year), and
its tables are kept in memory (:func:`engine_outcome`); every later run made with the same
arguments stores the same rows through the task's own :func:`~klynge.insights.tasks
.store_results`. :func:`make_result` writes single rows, for pages tested on chosen numbers.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

from django.utils import timezone

from klynge.collaborations.models import Collaboration
from klynge.insights.models import DataSet, Result, Run

TEST_PERSONS, TEST_SEED = 300, 5


@functools.cache
def _generated(persons: int, seed: int) -> Path:
    from klynge.population.generate import generate

    folder = Path(tempfile.mkdtemp(prefix="klynge-test-dataset-"))
    generate(persons, seed, folder)
    return folder


@functools.cache
def engine_outcome(persons: int = TEST_PERSONS, seed: int = TEST_SEED,
                   year: int = 2025) -> Any:
    """The engine's outcome (``RunOutcome``) for a generated data set, once per process."""
    from klynge.insights.actions import groupings_file
    from klynge.population.spec import RunSpec, execute

    return execute(RunSpec(_generated(persons, seed), year, mappings=(groupings_file(year),)))


def make_dataset(collaboration: Collaboration, **kw: Any) -> DataSet:
    fields: dict[str, Any] = {
        "name": "Syntetisk", "source": DataSet.Source.SYNTHETIC,
        "folder": f"generated/test-{TEST_PERSONS}-{TEST_SEED}", "persons": TEST_PERSONS,
        "seed": TEST_SEED, "state": DataSet.State.VALID, "first_year": 2019,
        "last_year": 2025, "created_at": timezone.now(), "validated_at": timezone.now()}
    return DataSet.objects.create(collaboration=collaboration, **(fields | kw))


def make_run(collaboration: Collaboration | None = None, *, dataset: DataSet | None = None,
             year: int = 2025, persons: int = TEST_PERSONS, seed: int = TEST_SEED,
             **kw: Any) -> Run:
    """A finished run with the engine's real results for a generated data set (see the
    module's docstring); of ``dataset``, else of a new data set of ``collaboration``."""
    from klynge.insights.tasks import store_results

    if dataset is None:
        assert collaboration is not None
        dataset = make_dataset(collaboration, persons=persons, seed=seed)
    run = Run.objects.create(dataset=dataset, year=year, requested_at=timezone.now(), **kw)
    store_results(run, engine_outcome(persons, seed, year))
    run.refresh_from_db()
    return run


def make_empty_run(dataset: DataSet, year: int = 2025, **kw: Any) -> Run:
    """A finished run without results (add them with :func:`make_result`)."""
    fields = {"state": Run.State.DONE, "requested_at": timezone.now(),
              "finished_at": timezone.now()}
    return Run.objects.create(dataset=dataset, year=year, **(fields | kw))


def make_result(run: Run, indicator: str, level: str, code: str, value: float | None, *,
                published: bool = True, group_by: str = "total", group: str = "",
                numerator: float | None = None, denominator: float | None = None,
                suppressed: bool = False, **kw: Any) -> Result:
    return Result.objects.create(
        run=run, published=published, indicator=indicator, year=run.year, level=level,
        code=code, group_by=group_by, group=group, numerator=numerator,
        denominator=denominator, value=None if suppressed else value, suppressed=suppressed,
        **kw)
