"""The volunteer bridge (issue 10), tried as a new user would, in Danish:

1. a hospital social nurse refers a patient to the navigator programme, with consent;
2. the programme's coordinator (who signs in with a second factor) accepts the referral and
   sees three ranked volunteers, each score broken down by criterion, and the volunteer
   whose certificate has expired among those who cannot be matched, with why;
3. the coordinator runs the assignment for the waiting list, changes one pair and confirms;
4. the volunteer matched with the nurse's patient logs a contact;
5. the nurse sees the status change.

Each page is checked with axe-core.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from klynge.accounts.models import User
from klynge.governance.models import RoleGrant
from klynge.testing.auth import current_code, second_factor
from klynge.testing.factories import (
    make_collaboration,
    make_grant,
    make_municipality,
    make_organisation,
    make_partnership,
)
from klynge.testing.personas import PASSWORD
from klynge.testing.volunteering import (
    make_coordinator,
    make_programme,
    make_referral,
    make_referrer,
    make_volunteer,
)
from klynge.volunteering.models import Certificate, Contact, Referral
from tests.browser.conftest import check_accessibility
from tests.browser.test_working_cycle import follow, log_out, submit

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VALID = {"kind": Certificate.Kind.DK_CRIMINAL_RECORD}


def _world() -> dict[str, Any]:
    collaboration = make_collaboration(code="frivillig-broen", name="Broklyngen")
    area = make_municipality(name="Brokommune")
    hospital = make_organisation(kind="hospital", name="Brohospitalet")
    make_partnership(collaboration, hospital)
    programme = make_programme(collaboration, areas=[area], referring=[hospital],
                               name="Patientnavigatører i Bro",
                               required_certificates=[Certificate.Kind.DK_CRIMINAL_RECORD])
    nurse = make_referrer(hospital, "bro-sygeplejerske")
    coordinator = make_coordinator(programme, "bro-koordinator")
    volunteers = [make_volunteer(programme, f"bro-frivillig-{n}", certificates=[VALID],
                                 availability=[f"{day}-morning" for day in range(n + 1)])
                  for n in range(3)]
    expired = make_volunteer(programme, "bro-udloebet", certificates=[{
        **VALID, "issued": timezone.localdate() - dt.timedelta(days=1000),
        "expires": timezone.localdate() - dt.timedelta(days=3)}])
    for name in ("Alma", "Bent"):
        make_referral(programme, nurse, first_name=name, state=Referral.State.ACCEPTED)
    make_grant(coordinator.person, RoleGrant.Role.COORDINATOR, programme_id=programme.pk)
    return {"area": area, "programme": programme, "volunteers": volunteers,
            "expired": expired, "coordinator": coordinator}


def _log_in(page: Any, base: str, username: str, *, device: bool = False) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    if device:
        page.wait_for_url(re.compile(r"/accounts/second-factor/"))
        page.fill("#id_code", current_code(second_factor(User.objects.get(username=username))))
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def test_a_patient_is_referred_matched_and_supported(page: Any, live_server: Any) -> None:
    world = _world()
    second_factor(world["coordinator"])
    base = str(live_server.url)

    # 1. The nurse refers a patient, with consent.
    _log_in(page, base, "bro-sygeplejerske")
    follow(page, "header a[href='/volunteering/']", r"/volunteering/$")
    follow(page, "main a[href$='/refer/']", r"/refer/$")
    page.fill("#id_first_name", "Inger")
    page.fill("#id_year_of_birth", "1951")
    page.select_option("#id_area", value=str(world["area"].pk))
    page.fill("#id_needs", "Følgeskab til kemoterapi og en snak undervejs")
    page.select_option("#id_preferred_language", value="da")
    page.check("input[name=availability][value='0-morning']")
    page.check("#id_consent")
    submit(page, "main form.form")
    number = re.search(r"/referrals/(\d+)/$", page.url).group(1)  # type: ignore[union-attr]
    assert "indsendt" in page.locator("#referral-status").inner_text().lower()
    check_accessibility(page)
    log_out(page)

    # 2. The coordinator accepts it and sees three ranked volunteers, with reasons.
    _log_in(page, base, "bro-koordinator", device=True)
    follow(page, "header a[href='/volunteering/']", r"/volunteering/$")
    follow(page, "main a[href$='/referrals/']", r"/referrals/$")
    follow(page, f"main a[href='/volunteering/referrals/{number}/']",
           rf"/referrals/{number}/$")
    submit(page, "form[action$='/accept/']")
    rows = page.locator("table.candidates tbody tr")
    assert rows.count() == 3
    assert "0 (100)" in rows.first.inner_text() or "100 (100)" in rows.first.inner_text()
    page.locator("details:has(ul) > summary").last.click()
    assert "udløbet" in page.locator("main details").last.inner_text().lower()
    check_accessibility(page)

    # 3. The assignment of the waiting list: change one pair, confirm.
    follow(page, "main a[href$='/referrals/']", r"/referrals/$", check=False)
    follow(page, "main a[href$='/assignment/']", r"/assignment/$")
    first = page.locator("main select").first
    options = first.locator("option").evaluate_all("els => els.map(e => e.value)")
    chosen = first.input_value()
    other = next(value for value in options if value and value != chosen)
    first.select_option(value=other)
    submit(page, "main form")
    assert page.url.endswith("/referrals/")
    assert Referral.objects.filter(programme=world["programme"],
                                   state=Referral.State.MATCHED).count() == 3
    check_accessibility(page)
    log_out(page)

    # 4. The volunteer matched with Inger logs a contact.
    referral = Referral.objects.get(pk=number)
    volunteer = referral.matches.get().volunteer.person.user.username  # type: ignore[union-attr]
    _log_in(page, base, volunteer)
    follow(page, "header a[href='/volunteering/']", r"/volunteering/$")
    follow(page, f"main a[href='/volunteering/referrals/{number}/']",
           rf"/referrals/{number}/$")
    assert "1951" not in page.locator("main").inner_text()
    page.select_option("#id_kind", value="visit")
    page.fill("#id_minutes", "90")
    page.fill("#id_note", "Fulgtes til første behandling")
    submit(page, "form[action$='/contacts/']")
    assert Contact.objects.get(match__referral=referral).minutes == 90
    check_accessibility(page)
    log_out(page)

    # 5. The nurse sees the status change.
    _log_in(page, base, "bro-sygeplejerske")
    follow(page, "header a[href='/volunteering/']", r"/volunteering/$")
    assert "matchet" in page.locator("main table").inner_text().lower()
