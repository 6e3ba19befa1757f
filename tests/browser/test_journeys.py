"""The journeys a person actually takes, in Danish as a new user sees them.

Selectors use form field ids and the rule id on each finding, so the tests read the same
whatever the interface language.

The secretariat's journey depends on the date: Horsensklyngen is in force until 2026-12-31,
its successor Sundhedsråd Horsens from 2027-01-01 (see docs/demo.md).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "klynge-demo"
CO_CHAIRS = "li[data-rule='dk-cluster-co-chairs']"
COUNCIL_REGION = "li[data-rule='dk-council-region']"
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


def cluster_journey(page: Any, demo: str) -> None:
    """Horsensklyngen: the secretariat adds the missing regional co-chair."""
    log_in(page, demo, "sekretariat")
    check_accessibility(page)

    page.get_by_role("link", name="Horsensklyngen", exact=True).first.click()
    page.wait_for_url(re.compile(r"/c/dk-klynge-horsensklyngen/"))
    check_accessibility(page)
    assert page.locator(CO_CHAIRS).count() >= 1

    page.get_by_role("link", name="Politisk styregruppe – Horsensklyngen").first.click()
    page.wait_for_url(re.compile(r"/bodies/\d+/"))
    check_accessibility(page)
    assert page.locator(CO_CHAIRS).count() >= 1

    page.fill("#id_new_person_name", "Anders Regionsen")
    page.select_option("#id_represents", label="Region Midtjylland")
    page.select_option("#id_role", value="co_chair")
    page.select_option("#id_capacity", value="politician")
    page.fill("#id_term_start", "2024-01-01")
    page.locator("#seats-section form.form button[type=submit]").click()
    page.locator("#seats-section").get_by_text("Anders Regionsen").first.wait_for()
    page.locator(CO_CHAIRS).first.wait_for(state="detached")
    check_accessibility(page)

    page.goto(f"{demo}/c/dk-klynge-horsensklyngen/")
    assert page.locator(CO_CHAIRS).count() == 0
    assert page.locator("li[data-rule='dk-cluster-mayors']").count() >= 1

    page.select_option("#language-select", value="nn")
    page.locator("form.language-form button[type=submit]").click()
    page.wait_for_function("document.documentElement.lang === 'nn'")
    assert "/c/dk-klynge-horsensklyngen/" in page.url
    check_accessibility(page)


def council_journey(page: Any, demo: str) -> None:
    """Sundhedsråd Horsens: the secretariat gives the region its seat on the council."""
    log_in(page, demo, "sekretariat")
    check_accessibility(page)

    page.get_by_role("link", name="Sundhedsråd Horsens", exact=True).first.click()
    page.wait_for_url(re.compile(r"/c/dk-raad-horsens/"))
    check_accessibility(page)
    assert page.locator(COUNCIL_REGION).count() == 1

    page.get_by_role("link", name="Sundhedsrådet – Horsens").first.click()
    page.wait_for_url(re.compile(r"/bodies/\d+/"))
    check_accessibility(page)
    assert page.locator(COUNCIL_REGION).count() == 1

    page.fill("#id_new_person_name", "Anders Regionsen")
    page.select_option("#id_represents", label="Region Midtjylland")
    page.select_option("#id_role", value="member")
    page.select_option("#id_capacity", value="politician")
    page.fill("#id_term_start", "2027-01-01")
    page.locator("#seats-section form.form button[type=submit]").click()
    page.locator("#seats-section").get_by_text("Anders Regionsen").first.wait_for()
    page.locator(COUNCIL_REGION).first.wait_for(state="detached")
    check_accessibility(page)

    page.goto(f"{demo}/c/dk-raad-horsens/")
    assert page.locator(COUNCIL_REGION).count() == 0
    assert page.locator("li[data-rule='dk-council-municipalities']").count() >= 1

    page.select_option("#language-select", value="nn")
    page.locator("form.language-form button[type=submit]").click()
    page.wait_for_function("document.documentElement.lang === 'nn'")
    assert "/c/dk-raad-horsens/" in page.url
    check_accessibility(page)


@pytest.mark.parametrize("journey", [
    pytest.param(cluster_journey, id="cluster", marks=pytest.mark.skipif(
        not cluster_in_force(),
        reason="Horsensklyngen ended on 2026-12-31; from 2027 the council journey runs")),
    pytest.param(council_journey, id="council", marks=pytest.mark.skipif(
        cluster_in_force(),
        reason="Sundhedsråd Horsens and its rules start on 2027-01-01; until then the "
               "cluster journey runs")),
])
def test_secretariat_fixes_a_finding_then_switches_to_nynorsk(
    page: Any, demo: str, journey: Any
) -> None:
    """Today's date chooses the journey: the cluster until 2026, the council from 2027."""
    journey(page, demo)


def test_panel_member_sees_the_cluster_but_cannot_change_it(page: Any, demo: str) -> None:
    log_in(page, demo, "panel")
    page.get_by_role("link", name="Horsensklyngen", exact=True).first.click()
    page.get_by_role("link", name="Politisk styregruppe – Horsensklyngen").first.click()
    page.wait_for_url(re.compile(r"/bodies/\d+/"))
    assert page.locator("#id_new_person_name").count() == 0
    check_accessibility(page)
