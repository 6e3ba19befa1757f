"""Population insights (issue 9, first part), tried as an analyst would, in Danish:

1. ``analytiker`` opens Horsensklyngen's page and follows *Data sets and runs*;
2. generates a synthetic data set, and sees it validated, with its rows per table;
3. runs the indicators for the last year it covers, and sees the run done, with the
   published results per indicator;
4. opens the collaboration's population page, with the run's published results.

Each page is checked with axe-core. The task backend of the tests runs the background work
at once, so the pages show it finished (the polling is tested below the browser).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import check_accessibility
from tests.browser.test_journeys import log_in
from tests.browser.test_working_cycle import follow, submit

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CODE = "dk-klynge-horsensklyngen"
INDEX = f"/c/{CODE}/insights/"


def test_an_analyst_generates_a_data_set_and_runs_the_indicators(
        page: Any, live_server: Any) -> None:
    base = str(live_server.url)
    log_in(page, base, "analytiker")
    page.goto(f"{base}/c/{CODE}/")
    follow(page, f"main a[href='{INDEX}']", re.escape(INDEX) + "$")

    page.fill("#id_name", "Syntetisk prøve")
    page.fill("#id_persons", "150")
    submit(page, "form:has(input[name=form][value=generate])")
    page.wait_for_url(re.compile(r"/insights/datasets/\d+/$"))
    status = page.locator("#status").inner_text()
    assert "ugyldigt" not in status.lower() and "gyldigt" in status.lower(), status
    assert "persons" in status
    check_accessibility(page)

    # The tests' task backend runs the engine within the request: give it time.
    page.locator("main form:has(#id_year) button[type=submit]").click(no_wait_after=True)
    page.wait_for_url(re.compile(r"/insights/runs/\d+/$"), timeout=120_000)
    status = page.locator("#status")
    assert status.locator("table caption").inner_text().startswith("Offentliggjorte")
    assert status.locator("tbody tr").count() > 3  # one row per indicator
    check_accessibility(page)

    # 4. The collaboration's population page shows the run's published results.
    follow(page, "main a[href$='/population/']", r"/population/$", check=False)
    page.locator("#population-chart .main-svg").first.wait_for()  # Plotly drew the chart
    assert page.locator("main table").last.locator("tbody tr").count() > 10
    check_accessibility(page)
