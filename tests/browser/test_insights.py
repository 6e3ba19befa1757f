"""Population insights (issue 9), tried as an analyst would, in Danish:

1. ``analytiker`` opens Horsensklyngen's page and follows *Data sets and runs*;
2. generates a synthetic data set, and sees it validated, with its rows per table;
3. runs the indicators for the last year it covers, and sees the run done, with the
   published results per indicator;
4. opens the collaboration's population page: the pyramid with its projection, the
   indicators;
5. attaches the preventable-admissions view to a case being prepared, and sees it on the
   case page;
6. ``medlem``, of the body that discussed the case, downloads the minutes: they show it.

Each page is checked with axe-core. The task backend of the tests runs the background work
at once, so the pages show it finished (the polling is tested below the browser).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from klynge.cases.models import Case
from klynge.governance.models import Seat
from klynge.meetings.models import Meeting
from klynge.meetings.tests.test_documents_common import pdf_text
from klynge.testing.meetings import make_item, make_meeting
from tests.browser.conftest import check_accessibility
from tests.browser.test_journeys import log_in
from tests.browser.test_working_cycle import follow, log_out, submit

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
    page.fill("#id_persons", "5000")  # in its municipalities: a pyramid with no 1–4 cell
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

    # 4. The collaboration's population page: the pyramid, projected, and the indicators.
    follow(page, "main a[href$='/population/']", r"/population/$", check=False)
    page.locator("#population-chart .main-svg").first.wait_for()  # Plotly drew the chart
    page.locator("#pyramid-chart .main-svg").first.wait_for()
    assert page.locator("#pyramid-heading").count() == 1
    assert page.locator("#pyramid-chart .scatter").count() > 0  # the projection's outlines
    assert page.locator("main table").last.locator("tbody tr").count() > 10
    check_accessibility(page)
    _compare_and_a_municipality(page)

    case, meeting = _discussed_case()
    number = _attach_the_preventable_admissions(page, case)
    log_out(page)
    _the_minutes_show_it(page, base, meeting, number)


def _compare_and_a_municipality(page: Any) -> None:
    """The comparison (the collaboration beside the country) and a municipality's page, and
    back to the collaboration's."""
    population = page.url
    follow(page, "main a[href$='/population/compare/']", r"/population/compare/", check=False)
    page.locator("#compare-chart .main-svg").first.wait_for()
    check_accessibility(page)
    page.goto(population)
    follow(page, "main nav a[href*='/population/municipalities/']",
           r"/population/municipalities/\d+/$", check=False)
    page.locator("#pyramid-chart .main-svg").first.wait_for()
    check_accessibility(page)
    page.goto(population)


def _discussed_case() -> tuple[Case, Meeting]:
    """A case being prepared, and a meeting held today of the body that discussed it, whose
    minutes are drafted (``medlem`` sits in that body)."""
    seat = Seat.objects.select_related("body").get(person__user__username="medlem")
    case = Case.objects.filter(collaboration__code=CODE, state="on_agenda",
                               confidential=False).order_by("pk").first()
    assert case is not None
    meeting = make_meeting(seat.body, state=Meeting.State.HELD,
                           starts_at=timezone.now() - dt.timedelta(hours=3))
    make_item(meeting, case=case, title=case.title)
    return case, meeting


def _attach_the_preventable_admissions(page: Any, case: Case) -> str:
    """The analyst shows the preventable admissions and attaches them to the case; the
    case page shows the view. The collaboration's number, as the view shows it."""
    page.select_option("#id_indicator", "preventable_admissions_65")
    submit(page, "main form.form-inline")
    page.select_option("#id_case", str(case.pk))
    submit(page, "#attach form")
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/"))
    view = page.locator("#numbers figure.citation")
    assert view.count() == 1 and view.locator("svg").count() == 1
    check_accessibility(page)
    return view.locator("tbody tr td").first.inner_text().strip()


def _the_minutes_show_it(page: Any, base: str, meeting: Meeting, number: str) -> None:
    log_in(page, base, "medlem")
    page.goto(f"{base}/meetings/{meeting.pk}/")
    with page.expect_download() as download:  # Alt-click: save the link (Chromium)
        page.locator("a[href$='/minutes.pdf']").first.click(modifiers=["Alt"])
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert any(ch.isdigit() for ch in number), number  # a number, not "suppressed"
    assert number in text, (number, text[:1500])
