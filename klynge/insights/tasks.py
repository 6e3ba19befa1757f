"""The background work: validating a data set (default queue; a generated one is written
first) and running the engine on one (the ``engine`` queue, its own worker). Progress is
written to the row as the work goes, so the page can show it; results are stored in one
transaction, so a run that fails or is stopped leaves none half-stored."""

from __future__ import annotations

import logging
import shutil
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tasks import task

from klynge.insights.actions import QUARANTINE, UPLOADS, datasets_root, groupings_file
from klynge.insights.models import DataSet, Result, Run
from klynge.population import i18n
from klynge.population.engines import EngineError
from klynge.population.generate import generate
from klynge.population.pipeline import PopulationError
from klynge.population.spec import RunSpec, execute, fingerprint, years_covered
from klynge.population.validate import InvalidDataset
from klynge.population.validate import validate_dataset as validate_folder

log = logging.getLogger(__name__)
ENGINE_QUEUE = "engine"
# The engine's expected refusals: a data set broken since it was validated, a year without
# residents, an unknown engine. Their messages are for people (translated).
EXPECTED = (InvalidDataset, PopulationError, EngineError)


def _language(user: Any) -> str:
    """The engine's messages come in the language of whoever asked (else the site's)."""
    language = getattr(user, "language", "") or get_language() or "da"
    return language if language in ("da", "nb", "nn", "en") else "da"


@task()
def validate_dataset(dataset_id: int) -> str:
    dataset = DataSet.objects.select_related("created_by", "collaboration__country").get(
        pk=dataset_id)
    try:
        return _validate(dataset)
    except Exception:  # noqa: BLE001 (kept on the data set, and logged)
        log.exception("validating data set %s failed", dataset.pk)
        DataSet.objects.filter(pk=dataset.pk).update(
            state=DataSet.State.INVALID, progress="", validated_at=timezone.now(), errors=[{
                "file": "", "row": None, "column": None, "rule": "failed",
                "message": _("The validation failed unexpectedly; the server's log has "
                             "the details.")}], error_count=1)
        return str(DataSet.State.INVALID)


def _validate(dataset: DataSet) -> str:
    folder = datasets_root() / dataset.folder
    with i18n.override(_language(dataset.created_by)):
        if dataset.source == DataSet.Source.SYNTHETIC and not folder.is_dir():
            _say(dataset, _("generating %(persons)s persons") % {"persons": dataset.persons})
            generate(dataset.persons or 0, dataset.seed or 1, folder,
                     country=dataset.collaboration.country.code.lower(),
                     municipalities=dataset.municipalities or None)
        _say(dataset, _("validating"))
        report = validate_folder(folder)
        years = years_covered(folder) if report.ok else None
    dataset.state = DataSet.State.VALID if report.ok and years else DataSet.State.INVALID
    dataset.errors = [{"file": e.file, "row": e.row, "column": e.column, "rule": e.rule,
                       "message": e.detail or e.message} for e in report.errors]
    dataset.error_count = report.error_count
    if report.ok and not years:
        dataset.errors = [{"file": "residence", "row": None, "column": None,
                           "rule": "no_residents",
                           "message": _("Nobody lives anywhere on any 1 January.")}]
        dataset.error_count = 1
    dataset.row_counts = report.row_counts
    dataset.first_year, dataset.last_year = years or (None, None)
    valid = dataset.state == DataSet.State.VALID
    dataset.fingerprint = fingerprint(folder) if valid else ""
    if dataset.source == DataSet.Source.UPLOAD:
        dataset.folder = _out_of_quarantine(dataset.folder, valid)
    dataset.progress, dataset.validated_at = "", timezone.now()
    dataset.save()
    return str(dataset.state)


def _out_of_quarantine(folder: str, valid: bool) -> str:
    """A valid upload joins the uploads; an invalid one is deleted (its report is kept)."""
    source = datasets_root() / folder
    if not folder.startswith(f"{QUARANTINE}/"):
        return folder
    if not valid:
        shutil.rmtree(source, ignore_errors=True)
        return folder
    moved = f"{UPLOADS}/{source.name}"
    (datasets_root() / UPLOADS).mkdir(exist_ok=True)
    source.rename(datasets_root() / moved)
    return moved


def _say(dataset: DataSet, message: str) -> None:
    DataSet.objects.filter(pk=dataset.pk).update(state=DataSet.State.VALIDATING,
                                                 progress=message[:200])


@task(queue_name=ENGINE_QUEUE)
def run_indicators(run_id: int) -> str:
    run = Run.objects.select_related("dataset", "requested_by").get(pk=run_id)
    if run.state != Run.State.QUEUED:
        return str(run.state)
    dataset = run.dataset
    spec = RunSpec(datasets_root() / dataset.folder, run.year, run.engine,
                   mappings=(groupings_file(run.year),))
    now = timezone.now()
    Run.objects.filter(pk=run.pk).update(state=Run.State.RUNNING, started_at=now,
                                         updated_at=now, spec=spec.described())

    def progress(message: str) -> None:
        Run.objects.filter(pk=run.pk).update(progress=message[:200], updated_at=timezone.now())

    try:
        with i18n.override(_language(run.requested_by)):
            outcome = execute(spec, progress)
        store_results(run, outcome)
    except Exception as error:  # noqa: BLE001 (every failure is kept on the run)
        expected = isinstance(error, EXPECTED)
        if not expected:
            log.exception("run %s failed", run.pk)
        message = str(error) if expected else _("The run failed unexpectedly; the server's "
                                                 "log has the details.")
        Run.objects.filter(pk=run.pk).update(state=Run.State.FAILED, error=message,
                                             finished_at=timezone.now(), progress="")
        return str(Run.State.FAILED)
    return str(Run.State.DONE)


@transaction.atomic
def store_results(run: Run, outcome: Any) -> None:
    """The outcome's tables as the run's results, and the run done (one transaction)."""
    published = outcome.published.to_pylist() if outcome.published is not None else []
    Result.objects.bulk_create(
        [Result(run=run, published=True, **row) for row in published]
        + [Result(run=run, published=False, **row) for row in outcome.unsuppressed.to_pylist()],
        batch_size=2000)
    Run.objects.filter(pk=run.pk).update(
        state=Run.State.DONE, fingerprint=outcome.fingerprint, codelists=outcome.codelists,
        seconds=outcome.seconds, rows=len(published),
        suppressed=sum(1 for row in published if row["suppressed"]),
        finished_at=timezone.now(), updated_at=timezone.now(), progress="",
        spec=outcome.spec.described())
