"""The journeys a person actually takes, in Danish as a new user sees them.

Selectors use form field ids and the rule id on each finding, so the tests read the same
whatever the interface language.

The secretariat's journey depends on the date: Horsensklyngen is in force until 2026-12-31,
its successor Sundhedsråd Horsens from 2027-01-01 (see docs/demo.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "klynge-demo"
CLUSTER_LAST_DAY = dt.date(2026, 12, 31)


def cluster_in_force() -> bool:
    """Whether today is in Horsensklyngen's period; from 2027 Sundhedsråd Horsens is."""
    return timezone.localdate() <= CLUSTER_LAST_DAY


@pytest.fixture
def demo(live_server: Any) -> str:
    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0, password=PASSWORD)
    return str(live_server.url)


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "da"
    check_accessibility(page)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


@dataclass(frozen=True)
class Fix:
    """A secretariat's journey: see a finding, add the seat that fixes it, see it go."""

    collaboration: str  # link text on the start page
    code: str
    body: str  # link text on the collaboration page
    finding: str  # the rule whose finding the new seat clears
    findings_before: int  # how many of that finding the pages show first
    exactly: bool  # whether findings_before is exact or a minimum
    role: str
    term_start: str
    remaining: str  # a rule whose finding stays after the fix

    def selector(self, rule: str) -> str:
        return f"li[data-rule='{rule}']"

    def assert_finding_shown(self, page: Any) -> None:
        count = page.locator(self.selector(self.finding)).count()
        assert count == self.findings_before if self.exactly else count >= self.findings_before


CLUSTER_FIX = Fix(
    collaboration="Horsensklyngen", code="dk-klynge-horsensklyngen",
    body="Politisk styregruppe – Horsensklyngen", finding="dk-cluster-co-chairs",
    findings_before=1, exactly=False, role="co_chair", term_start="2024-01-01",
    remaining="dk-cluster-mayors",
)
COUNCIL_FIX = Fix(
    collaboration="Sundhedsråd Horsens", code="dk-raad-horsens",
    body="Sundhedsrådet – Horsens", finding="dk-council-region",
    findings_before=1, exactly=True, role="member", term_start="2027-01-01",
    remaining="dk-council-municipalities",
)


def secretariat_journey(page: Any, demo: str, fix: Fix) -> None:
    """The secretariat gives the region its missing seat, then switches to Nynorsk."""
    log_in(page, demo, "sekretariat")
    check_accessibility(page)

    page.get_by_role("link", name=fix.collaboration, exact=True).first.click()
    page.wait_for_url(re.compile(rf"/c/{fix.code}/"))
    check_accessibility(page)
    fix.assert_finding_shown(page)

    page.get_by_role("link", name=fix.body).first.click()
    page.wait_for_url(re.compile(r"/bodies/\d+/"))
    check_accessibility(page)
    fix.assert_finding_shown(page)

    page.fill("#id_new_person_name", "Anders Regionsen")
    page.select_option("#id_represents", label="Region Midtjylland")
    page.select_option("#id_role", value=fix.role)
    page.select_option("#id_capacity", value="politician")
    page.fill("#id_term_start", fix.term_start)
    page.locator("#add-seat-form button[type=submit]").click()
    page.locator("#seats-section").get_by_text("Anders Regionsen").first.wait_for()
    page.locator(fix.selector(fix.finding)).first.wait_for(state="detached")
    check_accessibility(page)

    page.goto(f"{demo}/c/{fix.code}/")
    assert page.locator(fix.selector(fix.finding)).count() == 0
    assert page.locator(fix.selector(fix.remaining)).count() >= 1

    page.select_option("#language-select", value="nn")
    page.locator("form.language-form button[type=submit]").click()
    page.wait_for_function("document.documentElement.lang === 'nn'")
    assert f"/c/{fix.code}/" in page.url
    check_accessibility(page)


@pytest.mark.parametrize("fix", [
    pytest.param(CLUSTER_FIX, id="cluster", marks=pytest.mark.skipif(
        not cluster_in_force(),
        reason="Horsensklyngen ended on 2026-12-31; from 2027 the council journey runs")),
    pytest.param(COUNCIL_FIX, id="council", marks=pytest.mark.skipif(
        cluster_in_force(),
        reason="Sundhedsråd Horsens and its rules start on 2027-01-01; until then the "
               "cluster journey runs")),
])
def test_secretariat_fixes_a_finding_then_switches_to_nynorsk(
    page: Any, demo: str, fix: Fix
) -> None:
    """Today's date chooses the journey: the cluster until 2026, the council from 2027."""
    secretariat_journey(page, demo, fix)


def test_panel_member_sees_the_cluster_but_cannot_change_it(page: Any, demo: str) -> None:
    log_in(page, demo, "panel")
    page.get_by_role("link", name="Horsensklyngen", exact=True).first.click()
    page.get_by_role("link", name="Politisk styregruppe – Horsensklyngen").first.click()
    page.wait_for_url(re.compile(r"/bodies/\d+/"))
    assert page.locator("#id_new_person_name").count() == 0
    check_accessibility(page)


def test_secretariat_seats_someone_found_by_search(page: Any, demo: str) -> None:
    """Bergen's secretariat finds a person already in the structure and gives them a seat."""
    from klynge.governance.demo_data import BERGEN_CODE
    from klynge.governance.models import Body, Seat

    today = timezone.localdate()
    bodies = Body.objects.filter(collaboration__code=BERGEN_CODE).exclude(
        kind=Body.Kind.SECRETARIAT).order_by("pk")
    target = bodies.first()
    assert target is not None
    seats = Seat.objects.filter(body__in=bodies, person__isnull=False, term_start__lte=today)
    seat = seats.exclude(person__seats__body=target).select_related("person").order_by("pk").first()
    assert seat is not None and seat.person is not None
    person = seat.person

    log_in(page, demo, "bergen")
    page.goto(f"{demo}{target.get_absolute_url()}")
    everybody = page.locator("#id_person option").count()
    page.fill("#person-search", person.name)
    page.wait_for_function(
        "n => document.querySelectorAll('#id_person option').length < n", arg=everybody)
    page.select_option("#id_person", value=str(person.pk))
    page.select_option("#id_role", value="member")
    page.fill("#id_term_start", today.isoformat())
    page.locator("#add-seat-form button[type=submit]").click()
    page.locator("#current-seats-heading").wait_for()
    page.wait_for_function(
        "name => [...document.querySelectorAll('#seats-section th a')]"
        ".some(a => a.textContent === name)", arg=person.name)
    assert Seat.objects.filter(body=target, person=person).exists()
    check_accessibility(page)
