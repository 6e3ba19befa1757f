"""``klynge load_insights_demo``: the demo's data set and run, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from klynge.governance.demo_data import HORSENS_CODE
from klynge.insights.models import DataSet, Result, Run
from klynge.testing.factories import make_collaboration

pytestmark = pytest.mark.django_db


def test_the_demo_population_is_loaded_once() -> None:
    with pytest.raises(CommandError, match="Load the demo first"):
        call_command("load_insights_demo", stdout=StringIO())
    make_collaboration(code=HORSENS_CODE, name="Horsensklyngen")
    out = StringIO()
    call_command("load_insights_demo", "--persons", "150", "--years", "1", stdout=out)
    run = Run.objects.get()
    assert run.state == Run.State.DONE and run.dataset.state == DataSet.State.VALID
    assert run.year == run.dataset.last_year and run.rows > 0
    assert Result.objects.filter(run=run, published=True, level="collaboration",
                                 code=HORSENS_CODE).exists()
    assert "150 persons" in out.getvalue()
    again = StringIO()
    call_command("load_insights_demo", stdout=again)
    assert "already loaded" in again.getvalue() and Run.objects.count() == 1
