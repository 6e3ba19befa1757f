"""The only writers of data sets and runs (the tasks in ``tasks.py`` write what the engine
finds). Each action is atomic, leaves an audit entry, and hands the work to a background
task once its transaction has committed: validation on the default queue, runs on the
engine's own queue."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import acting_user, created, record
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Collaboration
from klynge.insights.citations import TOTAL, freeze
from klynge.insights.models import Citation, DataSet, Run
from klynge.insights.runs import member_codes, publishes_for, runs_by_year

MIN_PERSONS, MAX_PERSONS = 100, 50_000
# Klynge's own folders under the data sets' folder: generated data sets, uploads waiting
# for validation (deleted if they fail), and uploads that passed.
GENERATED, QUARANTINE, UPLOADS = "generated", "quarantine", "uploads"
MAPPINGS = "mappings"  # the groupings runs publish (``groupings_file``)
OWN_FOLDERS = (GENERATED, QUARANTINE, UPLOADS, MAPPINGS)


def datasets_root() -> Path:
    return Path(settings.KLYNGE_DATASETS_DIR)


def groupings_file(year: int) -> Path:
    """A CSV file of the groupings a run for ``year`` publishes: the built-in mapping on
    1 January of ``year`` and every later grouping (the Danish health councils from 2027),
    so one data set's year is seen by cluster and by council, under one disclosure control
    (``klynge.population.geography.default_groupings``). Written once, named by its
    content."""
    import hashlib
    import io

    import pyarrow.csv as pcsv

    from klynge.population.geography import default_groupings

    buffer = io.BytesIO()
    pcsv.write_csv(default_groupings(dt.date(year, 1, 1)), buffer)
    content = buffer.getvalue()
    digest = hashlib.sha256(content).hexdigest()[:12]
    path = datasets_root() / MAPPINGS / f"groupings-{year}-{digest}.csv"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_bytes(content)
        partial.replace(path)  # never a half-written mapping
    return path


def available_folders() -> list[str]:
    """The folders an analyst may register: those directly under the data sets' folder (not
    hidden, not the generated data sets' own)."""
    root = datasets_root()
    if not root.is_dir():
        return []
    return sorted(path.name for path in root.iterdir()
                  if path.is_dir() and not path.name.startswith(".")
                  and path.name not in OWN_FOLDERS)


def folder_path(relative: str) -> Path:
    """The folder ``relative`` names under the data sets' folder; ValidationError for any
    other path (``..``, an absolute path, a link leading out) or one that is not there."""
    root = datasets_root().resolve()
    path = (root / relative).resolve()
    if relative.startswith(("/", "\\")) or not path.is_relative_to(root) or path == root:
        raise ValidationError(_("Choose a folder under the data sets' folder."))
    if not path.is_dir():
        raise ValidationError(_("There is no folder %(folder)s under the data sets' folder.")
                              % {"folder": relative})
    return path


def _validate_later(dataset: DataSet) -> None:
    from klynge.insights.tasks import validate_dataset

    dataset_id = dataset.pk
    transaction.on_commit(lambda: validate_dataset.enqueue(dataset_id))


def _registered(actor: Any, dataset: DataSet) -> DataSet:
    dataset.full_clean()
    dataset.save()
    record(actor, AuditEntry.Verb.CREATE, dataset,
           changes=created(dataset, ["name", "source", "folder", "persons", "seed"]),
           collaboration_code=dataset.collaboration.code)
    _validate_later(dataset)
    return dataset


@transaction.atomic
def do_register_folder(actor: Any, collaboration: Collaboration, *, name: str,
                       folder: str) -> DataSet:
    """Register a folder of Parquet or CSV files under the data sets' folder."""
    folder_path(folder)
    return _registered(actor, DataSet(
        collaboration=collaboration, name=name, source=DataSet.Source.FOLDER, folder=folder,
        created_by=acting_user(actor),
        created_at=timezone.now()))


@transaction.atomic
def do_generate_dataset(actor: Any, collaboration: Collaboration, *, name: str,
                        persons: int, seed: int = 1, whole_country: bool = False) -> DataSet:
    """Register a synthetic data set of ``persons`` persons, living in the collaboration's
    municipalities (or the whole country); the validation task writes it first
    (``klynge.population.generate``)."""
    if not MIN_PERSONS <= persons <= MAX_PERSONS:
        raise ValidationError(_("Generate between %(low)s and %(high)s persons.")
                              % {"low": MIN_PERSONS, "high": f"{MAX_PERSONS:,}"})
    return _registered(actor, DataSet(
        collaboration=collaboration, name=name, source=DataSet.Source.SYNTHETIC,
        folder=f"{GENERATED}/{uuid.uuid4().hex}", persons=persons, seed=seed,
        municipalities=[] if whole_country else member_codes(collaboration.code),
        created_by=acting_user(actor), created_at=timezone.now()))


def do_upload_dataset(actor: Any, collaboration: Collaboration, *, name: str,
                      files: list[Any]) -> DataSet:
    """Register uploaded files (checked by ``forms.DataFilesField``): they are kept in
    quarantine until validated, moved beside the other uploads if valid, deleted if not."""
    folder = f"{QUARANTINE}/{uuid.uuid4().hex}"
    path = datasets_root() / folder
    path.mkdir(parents=True)
    try:
        for upload in files:
            with (path / Path(upload.name).name.lower()).open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        with transaction.atomic():
            return _registered(actor, DataSet(
                collaboration=collaboration, name=name, source=DataSet.Source.UPLOAD,
                folder=folder, created_at=timezone.now(),
                created_by=acting_user(actor)))
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)  # nothing half-written is left behind
        raise


@transaction.atomic
def do_request_run(actor: Any, dataset: DataSet, *, year: int,
                   engine: str = Run.Engine.DUCKDB) -> Run:
    """Queue a run of the indicators for ``year`` on a valid data set."""
    dataset = DataSet.objects.select_for_update().get(pk=dataset.pk)
    if dataset.state != DataSet.State.VALID:
        raise ValidationError(_("Only a valid data set can be run."))
    if engine not in Run.Engine.values:
        raise ValidationError(_("Choose an engine from the list."))
    first, last = dataset.first_year, dataset.last_year
    if first is None or last is None or not first <= year <= last:
        raise ValidationError(
            _("The data set covers %(first)s–%(last)s; %(year)s is outside it.")
            % {"first": first, "last": last, "year": year})
    run = Run.objects.create(
        dataset=dataset, year=year, engine=engine, requested_at=timezone.now(),
        requested_by=acting_user(actor))
    record(actor, AuditEntry.Verb.CREATE, run,
           changes=created(run, ["dataset", "year", "engine"]),
           collaboration_code=dataset.collaboration.code)
    _run_later(run)
    return run


def _run_later(run: Run) -> None:
    from klynge.insights.tasks import run_indicators

    run_id = run.pk
    transaction.on_commit(lambda: run_indicators.enqueue(run_id))


@transaction.atomic
def do_run_again(actor: Any, run: Run) -> Run:
    """A failed run, or one left behind by a stopped worker, queued afresh as a new run."""
    run = Run.objects.select_for_update().get(pk=run.pk)
    if not may_run_again(run):
        raise ValidationError(_("Only a failed or stalled run can be run again."))
    return do_request_run(actor, run.dataset, year=run.year, engine=run.engine)


STALLED_AFTER = 3600  # seconds without a word from a run's worker


def may_run_again(run: Run) -> bool:
    if run.state == Run.State.FAILED:
        return True
    if run.state == Run.State.DONE:
        return False
    last_word = run.updated_at or run.requested_at
    return (timezone.now() - last_word).total_seconds() > STALLED_AFTER


def do_record_unsuppressed_view(actor: Any, run: Run, *, export: str = "") -> None:
    """Every look at unsuppressed results is in the audit trail: who, which run, and
    whether it was downloaded."""
    record(actor, AuditEntry.Verb.VIEW, run,
           details={"unsuppressed": True, **({"export": export} if export else {})},
           collaboration_code=run.dataset.collaboration.code)


def _view_runs(run: Run, years: list[int]) -> dict[int, Run]:
    available = runs_by_year(run.dataset_id)
    missing = [year for year in years if year not in available]
    if not years or missing:
        raise ValidationError(_("Choose years the data set has results for."))
    return {year: available[year] for year in years}


def _freeze(run: Run, *, indicator: str, areas: list[tuple[str, str, str]], group_by: str,
            years: list[int]) -> dict[str, Any]:
    """The view's figure from published results; ValidationError for a view it cannot be."""
    if not areas:
        raise ValidationError(_("Choose at least one area."))
    if len(years) > 1 and group_by != TOTAL:
        raise ValidationError(_("A view over several years shows totals; choose one year "
                                "for a breakdown."))
    runs = _view_runs(run, years)
    figure = freeze(runs, areas, indicator, group_by)
    if not any(cell for row in figure["rows"] for cell in row["cells"]):
        raise ValidationError(_("The run has no published results for this view."))
    return figure


@transaction.atomic
def do_attach_view(actor: Any, case: Any, *, run: Run, indicator: str,
                   areas: list[tuple[str, str, str]], group_by: str, years: list[int]
                   ) -> Citation:
    """Attach a view of ``run``'s published results to ``case``, frozen as it is now."""
    if not publishes_for(run, case.collaboration):
        raise ValidationError(_("The results are not the case's collaboration's."))
    figure = _freeze(run, indicator=indicator, areas=areas, group_by=group_by, years=years)
    newest = max(entry["id"] for entry in figure["runs"])
    citation = Citation.objects.create(
        case=case, run_id=newest, indicator=indicator, group_by=group_by,
        areas=[[level, code] for level, code, _name in areas], years=sorted(years),
        figure=figure, created_by=acting_user(actor), created_at=timezone.now())
    record(actor, AuditEntry.Verb.CREATE, citation,
           changes=created(citation, ["case", "indicator", "group_by", "areas", "years"]),
           details={"runs": [entry["id"] for entry in figure["runs"]]},
           collaboration_code=case.collaboration.code)
    return citation


@transaction.atomic
def do_update_citation(actor: Any, citation: Citation, run: Run) -> Citation:
    """Freeze ``citation`` again from ``run`` (newer): one year's view takes the run's year;
    a view over years keeps its years and adds the run's."""
    citation = Citation.objects.select_for_update().select_related("case__collaboration").get(
        pk=citation.pk)
    if not publishes_for(run, citation.case.collaboration):
        raise ValidationError(_("The results are not the case's collaboration's."))
    years = [run.year] if len(citation.years) == 1 else sorted(
        {year for year in citation.years if year in _available(run)} | {run.year})
    names = {(column["level"], column["code"]): column["name"]
             for column in citation.figure.get("columns", [])}
    areas = [(level, code, names.get((level, code), code)) for level, code in citation.areas]
    before = [entry["id"] for entry in citation.figure.get("runs", [])]
    citation.figure = _freeze(run, indicator=citation.indicator, areas=areas,
                              group_by=citation.group_by, years=years)
    citation.years, citation.run = years, run
    citation.updated_at = timezone.now()
    citation.save()
    record(actor, AuditEntry.Verb.UPDATE, citation,
           changes={"runs": (before, [entry["id"] for entry in citation.figure["runs"]]),
                    "years": (None, years)},
           collaboration_code=citation.case.collaboration.code)
    return citation


def _available(run: Run) -> set[int]:
    return set(runs_by_year(run.dataset_id))


@transaction.atomic
def do_remove_citation(actor: Any, citation: Citation) -> None:
    record(actor, AuditEntry.Verb.DELETE, citation,
           details={"case": citation.case_id, "indicator": citation.indicator},
           collaboration_code=citation.case.collaboration.code)
    citation.delete()
