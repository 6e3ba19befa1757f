"""Every page a person can reach passes axe-core, in each language and on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Body, Person
from tests.browser.conftest import check_accessibility
from tests.browser.test_journeys import cluster_in_force, log_in

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


# The Danish demo collaborations, with a date in each one's period.
CLUSTER = ("dk-klynge-horsensklyngen", "2023-05-01")
COUNCIL = ("dk-raad-horsens", "2027-05-01")


def _pages() -> list[str]:
    """The pages of the Danish demo collaboration in force today, then the other's."""
    (code, date), (other_code, other_date) = (
        (CLUSTER, COUNCIL) if cluster_in_force() else (COUNCIL, CLUSTER))
    collaboration = Collaboration.objects.get(code=code)
    body = Body.objects.filter(collaboration=collaboration, kind=Body.Kind.POLITICAL).get()
    person = Person.objects.filter(seats__body=body).first()
    organisation = Organisation.objects.get(name="Region Midtjylland")
    assert person is not None
    return [
        "/",
        "/?q=klynge&country=DK",
        collaboration.get_absolute_url(),
        f"{collaboration.get_absolute_url()}?date={date}",
        body.get_absolute_url(),
        f"/bodies/{body.pk}/edit/",
        organisation.get_absolute_url(),
        person.get_absolute_url(),
        "/c/no-helsefellesskap-bergen/",
        f"/c/{other_code}/?date={other_date}",
        "/accounts/password/change/",
        "/accounts/second-factor/recovery-codes/",
        "/c/no-alrek-helseklynge/",
        f"/seats/{body.seats.first().pk}/edit/",
        f"/c/{code}/edit/",
        "/audit/",
    ]


def test_signed_out_pages(page: Any, live_server: Any) -> None:
    for path in ["/accounts/login/", "/accounts/password/reset/"]:
        page.goto(f"{live_server.url}{path}")
        check_accessibility(page)


@pytest.mark.parametrize("language", ["da", "nb", "nn", "en"])
def test_signed_in_pages_in_every_language(page: Any, live_server: Any, language: str) -> None:
    base = str(live_server.url)
    log_in(page, base, "admin")  # an administrator reaches every page, the audit trail too
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    for path in _pages():
        page.goto(f"{base}{path}")
        assert page.locator("html").get_attribute("lang") == language
        check_accessibility(page)


def test_pages_on_a_phone(browser: Any, live_server: Any) -> None:
    context = browser.new_context(
        locale="da-DK", viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    base = str(live_server.url)
    log_in(page, base, "panel")
    for path in _pages()[:5]:
        page.goto(f"{base}{path}")
        check_accessibility(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375 + 1, f"{path} is {width}px wide on a 375px screen"
    context.close()
