"""The journeys a person actually takes, in Danish as a new user sees them.

Selectors use form field ids and the rule id on each finding, so the tests read the same
whatever the interface language.

The clock is pinned (conftest.py). The secretariat's journey runs on a day in 2026, when
Horsensklyngen is in force, and on a day in 2027, when its successor Sundhedsråd Horsens is
(see docs/demo.md). A secretariat signs in with a second factor: the test types the code the
demo's authenticator would show (``klynge demo_code``).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import check_accessibility

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "klynge-demo"
CLUSTER_LAST_DAY = dt.date(2026, 12, 31)
SECOND_FACTOR_LOGINS = ("sekretariat", "bergen", "analytiker", "admin")


def cluster_in_force() -> bool:
    """Whether today is in Horsensklyngen's period; from 2027 Sundhedsråd Horsens is."""
    return timezone.localdate() <= CLUSTER_LAST_DAY


@pytest.fixture
def demo(live_server: Any) -> str:
    return str(live_server.url)


def demo_code(username: str) -> str:
    out = StringIO()
    call_command("demo_code", username, stdout=out)
    return out.getvalue().strip()


def log_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "da"
    check_accessibility(page)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    if username in SECOND_FACTOR_LOGINS:
        page.wait_for_url(re.compile(r"/accounts/second-factor/"))
        check_accessibility(page)
        page.fill("#id_code", demo_code(username))
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def finding(rule: str) -> str:
    return f"li[data-rule='{rule}']"


def open_body(page: Any, collaboration: str, code: str, body: str) -> None:
    page.get_by_role("link", name=collaboration, exact=True).first.click()
    page.wait_for_url(re.compile(rf"/c/{code}/"))
    check_accessibility(page)
    page.get_by_role("link", name=body).first.click()
    page.wait_for_url(re.compile(r"/bodies/\d+/"))
    check_accessibility(page)


def fix_the_clusters_co_chair(page: Any, demo: str) -> str:
    """2026: the regional co-chair is the regional director, not a member of the regional
    council. The secretariat ends the director's term and makes the chair of the regional
    council co-chair instead."""
    from klynge.governance.models import Seat

    rule = "dk-cluster-co-chairs"
    open_body(page, "Horsensklyngen", "dk-klynge-horsensklyngen",
              "Politisk styregruppe – Horsensklyngen")
    assert page.locator(finding(rule)).count() >= 1
    seats = Seat.objects.filter(body__name="Politisk styregruppe – Horsensklyngen")
    director = seats.get(role="co_chair", capacity="director")
    chair = seats.get(capacity="regional_council_chair")
    page.fill(f"#end-{director.pk}-end_date", "2026-11-29")
    page.locator(f"form[action$='/seats/{director.pk}/end/'] button").click()
    page.locator("#seats-past-heading").wait_for()
    page.wait_for_function(
        "pk => !document.querySelector(`#end-${pk}-end_date`)", arg=director.pk)
    page.goto(f"{demo}/seats/{chair.pk}/edit/")
    check_accessibility(page)
    page.select_option("#id_role", value="co_chair")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/bodies/\d+/"))
    assert page.locator(finding(rule)).count() == 0
    return "dk-klynge-horsensklyngen"


def fix_the_councils_missing_municipality(page: Any, demo: str) -> str:
    """2027: Odder is not represented on Sundhedsrådet – Horsens. The secretariat gives it
    its seat."""
    rule = "dk-council-municipalities"
    page.goto(f"{demo}/c/dk-raad-horsens/")
    assert page.locator(finding(rule)).count() == 1  # about the council as a whole
    page.goto(f"{demo}/")
    open_body(page, "Sundhedsråd Horsens", "dk-raad-horsens", "Sundhedsrådet – Horsens")
    page.fill("#id_new_person_name", "Anders Oddersen")
    page.select_option("#id_represents", label="Odder")
    page.select_option("#id_role", value="member")
    page.select_option("#id_capacity", value="mayor")
    page.fill("#id_term_start", "2027-01-01")
    page.locator("#add-seat-form button[type=submit]").click()
    page.locator("#seats-section").get_by_text("Anders Oddersen").first.wait_for()
    check_accessibility(page)
    page.goto(f"{demo}/c/dk-raad-horsens/")
    assert page.locator(finding(rule)).count() == 0
    return "dk-raad-horsens"


@pytest.mark.both_dates
def test_secretariat_fixes_a_finding_then_switches_to_nynorsk(
    page: Any, demo: str, pinned_day: dt.date
) -> None:
    """The day chooses the journey: the cluster in 2026, the council in 2027."""
    log_in(page, demo, "sekretariat")
    check_accessibility(page)
    fix = fix_the_clusters_co_chair if cluster_in_force() else \
        fix_the_councils_missing_municipality
    code = fix(page, demo)
    page.goto(f"{demo}/c/{code}/")
    check_accessibility(page)
    page.select_option("#language-select", value="nn")
    page.locator("form.language-form button[type=submit]").click()
    page.wait_for_function("document.documentElement.lang === 'nn'")
    assert f"/c/{code}/" in page.url
    check_accessibility(page)


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
    page.locator("#seats-current-heading").wait_for()
    page.wait_for_function(
        "name => [...document.querySelectorAll('#seats-section th a')]"
        ".some(a => a.textContent === name)", arg=person.name)
    assert Seat.objects.filter(body=target, person=person).exists()
    check_accessibility(page)


@pytest.mark.both_dates
def test_a_new_member_is_invited_and_signs_in_with_a_second_factor(
    page: Any, demo: str, pinned_day: dt.date
) -> None:
    """The secretariat seats a new colleague in its secretariat with an e-mail address; the
    colleague follows the invitation, chooses a password and, because a secretariat sees
    personal data, sets up an authenticator app before anything else."""
    from django.core import mail
    from django_otp.oath import TOTP

    secretariat = "Klyngesekretariat" if cluster_in_force() else \
        "Sekretariat for Sundhedsråd Horsens"
    collaboration = "Horsensklyngen" if cluster_in_force() else "Sundhedsråd Horsens"
    code = "dk-klynge-horsensklyngen" if cluster_in_force() else "dk-raad-horsens"
    log_in(page, demo, "sekretariat")
    open_body(page, collaboration, code, secretariat)
    page.fill("#id_new_person_name", "Ida Nyansat")
    page.fill("#id_new_person_email", "ida.nyansat@example.org")
    page.select_option("#id_role", value="secretary")
    page.select_option("#id_capacity", value="staff")
    page.fill("#id_term_start", pinned_day.isoformat())
    page.locator("#add-seat-form button[type=submit]").click()
    page.locator("#seats-section").get_by_text("Ida Nyansat").first.wait_for()
    page.locator("form[action$='/accounts/logout/'] button").first.click()
    page.wait_for_url(re.compile(r"/accounts/login/"))

    (invitation,) = [m for m in mail.outbox if m.to == ["ida.nyansat@example.org"]]
    link = re.search(r"https?://\S+/accounts/invitation/\S+", invitation.body)
    assert link is not None
    page.goto(demo + "/accounts/invitation/" + link.group(0).split("/accounts/invitation/")[1])
    check_accessibility(page)
    page.fill("#id_new_password1", "et langt og sikkert kodeord")
    page.fill("#id_new_password2", "et langt og sikkert kodeord")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/accounts/second-factor/setup/"))
    check_accessibility(page)
    secret = page.locator("[data-testid=secret]").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_code", f"{TOTP(key).token():06d}")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/second-factor/recovery-codes/"))
    assert page.locator(".recovery-codes li").count() == 10
    check_accessibility(page)
    page.locator("main a.button").click()
    page.wait_for_url(f"{demo}/")
    assert "Ida Nyansat" in page.locator(".who").inner_text()
    page.goto(f"{demo}/c/{code}/")
    assert page.get_by_text(secretariat).count() >= 1
