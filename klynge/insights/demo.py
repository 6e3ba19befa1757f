"""The demo's population data (``klynge load_insights_demo``): a generated data set for
Horsensklyngen, validated, and runs of its indicators for its last years (so the population
page shows trends), made at once with the same tasks the workers run."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Collaboration
from klynge.governance.demo_data import HORSENS_CODE
from klynge.insights.actions import GENERATED
from klynge.insights.models import DataSet, Run
from klynge.insights.runs import member_codes

DEMO_PERSONS = 20000
DEMO_YEARS = 3  # the last years of the data set, each a run
DEMO_FOLDER = f"{GENERATED}/demo-{HORSENS_CODE}"


def load_insights_demo(persons: int = DEMO_PERSONS, years: int = DEMO_YEARS) -> Run | None:
    """The demo data set and its runs (the newest returned); None if they were there
    already. LookupError when the demo's collaboration is not loaded."""
    from klynge.insights.tasks import run_indicators, validate_dataset

    collaboration = Collaboration.objects.filter(code=HORSENS_CODE).first()
    if collaboration is None:
        raise LookupError(_("Load the demo first (klynge load_demo)."))
    if DataSet.objects.filter(folder=DEMO_FOLDER).exists():
        return None
    dataset = DataSet.objects.create(
        collaboration=collaboration, name=_("Synthetic population (demo)"),
        source=DataSet.Source.SYNTHETIC, folder=DEMO_FOLDER, persons=persons, seed=1,
        municipalities=member_codes(collaboration.code),
        created_at=timezone.now())
    validate_dataset.call(dataset.pk)
    dataset.refresh_from_db()
    if dataset.state != DataSet.State.VALID or dataset.last_year is None:
        raise LookupError(_("The demo's data set is not valid."))
    last = dataset.last_year
    for year in range(max(last - years + 1, dataset.first_year or last), last + 1):
        run = Run.objects.create(dataset=dataset, year=year, requested_at=timezone.now())
        run_indicators.call(run.pk)
        run.refresh_from_db()
    record(None, AuditEntry.Verb.LOAD, run, details={"demo": "population",
                                                     "persons": persons},
           collaboration_code=collaboration.code)
    return run
