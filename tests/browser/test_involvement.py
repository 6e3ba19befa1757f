"""User involvement (issue 8, first part), tried as the secretariat would, in Danish.

1. From Horsensklyngen's page the secretariat opens the involvement overview: a chart drawn
   by Plotly.js and the same numbers as tables.
2. It opens the decided cases without involvement (a number in the table), and one case's
   involvement ledger.
3. It records that the user panel was consulted before the decision.
4. Back on the overview, one more decided case has user involvement.

Selectors use URLs and field ids, so the test reads the same whatever the language. Each
kind of page is checked with axe-core once.
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
OVERVIEW = f"/c/{CODE}/involvement/"
SHARE = re.compile(r"(\d+) af (\d+) afgjorte sager havde brugerinddragelse")


def involved_and_decided(page: Any) -> tuple[int, int]:
    found = SHARE.search(page.locator("main").inner_text())
    assert found is not None, page.locator("main").inner_text()[:500]
    return int(found.group(1)), int(found.group(2))


def test_the_secretariat_records_involvement_and_the_overview_counts_it(
        page: Any, live_server: Any) -> None:
    base = str(live_server.url)
    log_in(page, base, "sekretariat")
    page.goto(f"{base}/c/{CODE}/")
    follow(page, f"main a[href='{OVERVIEW}']", re.escape(OVERVIEW) + "$", check=False)
    page.locator("#involvement-chart .main-svg").first.wait_for()  # Plotly drew the chart
    check_accessibility(page)
    involved, decided = involved_and_decided(page)
    assert involved < decided

    follow(page, "main table a[href*='level=none']", r"level=none")
    follow(page, "#selected a[href^='/cases/'][href$='/involvement/']",
           r"/cases/\d+/involvement/$")
    page.select_option("#id_body", label="Brugerpanel")
    page.select_option("#id_step", "consulted")
    page.fill("#id_happened_on", "2026-09-01")
    page.fill("#id_said", "Panelet ønsker en fast kontaktperson efter udskrivelsen.")
    submit(page, "main form[method=post]")
    assert "Inddragelsen blev registreret." in page.locator("main").inner_text()
    assert "Panelet ønsker en fast kontaktperson" in page.locator("main table").inner_text()
    check_accessibility(page)

    page.goto(f"{base}{OVERVIEW}")
    assert involved_and_decided(page) == (involved + 1, decided)
