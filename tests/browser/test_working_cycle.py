"""The working cycle (issue 7), tried as a new user would, in Danish, clicking through pages.

1. A member of Horsensklyngen's user panel submits a case.
2. The secretariat routes it to a working group and records the group's recommendation.
3. The secretariat schedules a meeting of the strategic level, puts the case on its agenda
   beside another item and releases the agenda.
4. At the meeting the secretariat records attendance, a member's conflict of interest on the
   other item, and the decision on the case with an action item for ``medlem``.
5. The strategic level's two co-chairs approve the minutes.
6. The minutes download as a PDF that states the decision.
7. The action item shows on its owner's page (``medlem``: My work).
8. The panel member sees the outcome of their case.

Only the start page and the log-in are typed; everything else is reached by its link or
button. Selectors use URLs, form actions and field ids, so the test reads the same whatever
the interface language. Each kind of page is checked with axe-core once. Before the browser
starts, the strategic level's co-chairs get a login with the demo's password (the demo's own
login where it gives them one). The case and the meeting are the test's own: nothing depends
on the demo's cases or meetings. The minutes PDF is served inline (the browser shows it); the
test saves it as a person would with Alt-click, which Chromium turns into a download.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from klynge.meetings.tests.test_documents_common import pdf_text
from tests.browser.conftest import DEMO_PASSWORD, check_accessibility
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COLLABORATION = "Horsensklyngen"
CODE = "dk-klynge-horsensklyngen"
WORKING_GROUP = "Faggruppe for ældre medicinske patienter"
STRATEGIC = "Faglig strategisk styregruppe"

TITLE = "Opfølgende hjemmebesøg efter udskrivelse"
DESCRIPTION = "Ældre medicinske patienter genindlægges ofte inden for 30 dage."
REQUEST = "Klyngen bedes afprøve et opfølgende hjemmebesøg dagen efter udskrivelse."
RECOMMENDATION = "Faggruppen anbefaler et forsøg i Horsens og Hedensted i 2027."
OTHER_ITEM = "Budget for samarbejdsmidler 2027"
CONFLICT = "Er bestyrelsesmedlem i en af ansøgerne."
DECISION = "Styregruppen godkender et forsøg med opfølgende hjemmebesøg i 2027"
ACTION = "Udarbejd en projektbeskrivelse for hjemmebesøgene"


def submit(page: Any, form: str) -> None:
    """Press the submit button of ``form``, wait for the page it leads to and fail, with the
    page's own messages, if the input was refused."""
    with page.expect_navigation() as navigation:
        page.locator(f"{form} button[type=submit]").first.click()
    response = navigation.value
    errors = page.locator(".message-error, .errorlist").all_inner_texts()
    assert response is not None and response.status < 400 and not errors, (
        f"{form} on {page.url}: {response and response.status} {errors}")


def follow(page: Any, selector: str, url: str, *, check: bool = True) -> None:
    """Click the first link matching ``selector`` and wait for ``url`` (a regex)."""
    page.locator(selector).first.click()
    page.wait_for_url(re.compile(url))
    if check:
        check_accessibility(page)


def log_out(page: Any) -> None:
    page.locator("form[action$='/accounts/logout/'] button").first.click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def open_details(page: Any, form: str) -> None:
    """Open the folded section (<details>) that holds ``form``."""
    page.locator(f"details:has({form}) > summary").click()


@pytest.fixture
def chairs(live_server: Any) -> list[str]:
    """Logins for the co-chairs of the strategic level, with the demo's password: the
    demo's own where it has given them one, otherwise new ones."""
    from klynge.accounts.models import User
    from klynge.governance.models import Body
    from klynge.meetings import rules

    body = Body.objects.get(collaboration__code=CODE, name=STRATEGIC)
    usernames = []
    for number, person in enumerate(rules.chairs(body, timezone.localdate()), start=1):
        user = person.user
        if user is None:
            user = User.objects.create_user(f"formand{number}", password=DEMO_PASSWORD)
            person.user = user
            person.save(update_fields=["user"])
        else:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        usernames.append(user.username)
    assert len(usernames) == 2  # a health cluster's two equal chairs
    return usernames


def test_a_case_goes_round_the_working_cycle(page: Any, live_server: Any,
                                             chairs: list[str]) -> None:
    base = str(live_server.url)
    case_url, number = panel_member_submits_a_case(page, base)
    log_out(page)

    log_in(page, base, "sekretariat")
    secretariat_routes_and_records_a_recommendation(page, case_url)
    meeting_url = secretariat_puts_the_case_on_the_agenda(page, number)
    secretariat_records_the_meeting(page, meeting_url)
    log_out(page)

    for username in chairs:
        log_in(page, base, username)
        chair_approves_the_minutes(page, meeting_url)
        log_out(page)

    log_in(page, base, "medlem")
    owner_sees_the_action_item(page, number)
    minutes_state_the_decision(page, meeting_url)
    log_out(page)

    log_in(page, base, "panel")
    panel_member_sees_the_outcome(page, number)


def panel_member_submits_a_case(page: Any, base: str) -> tuple[str, str]:
    from klynge.vocabulary.models import Term

    log_in(page, base, "panel")
    page.get_by_role("link", name=COLLABORATION, exact=True).first.click()
    page.wait_for_url(re.compile(rf"/c/{CODE}/$"))
    check_accessibility(page)
    follow(page, f"main a[href='/c/{CODE}/cases/']", rf"/c/{CODE}/cases/$")
    follow(page, f"main a[href='/c/{CODE}/cases/new/']", r"/cases/new/$")
    page.fill("#id_title", TITLE)
    page.fill("#id_description", DESCRIPTION)
    page.fill("#id_request", REQUEST)
    terms = Term.objects.filter(collaboration__code=CODE)
    page.check(f"input[name=themes][value='{terms.get(code='transitions').pk}']")
    page.check(f"input[name=target_groups][value='{terms.get(code='frail-elderly').pk}']")
    submit(page, "main form[enctype='multipart/form-data']")
    assert re.search(r"/cases/\d+/$", page.url), page.url
    check_accessibility(page)
    number = page.locator("h1 .file-number").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{4}", number), number
    return page.url, number


def secretariat_routes_and_records_a_recommendation(page: Any, case_url: str) -> None:
    """The secretariat finds the new case in the collaboration's cases and routes it."""
    from klynge.governance.models import Body

    page.get_by_role("link", name=COLLABORATION, exact=True).first.click()
    page.wait_for_url(re.compile(rf"/c/{CODE}/$"))
    follow(page, f"main a[href='/c/{CODE}/cases/']", rf"/c/{CODE}/cases/$", check=False)
    follow(page, f"main a[href='{path_of(case_url)}']", r"/cases/\d+/$")
    group = Body.objects.get(collaboration__code=CODE, name=WORKING_GROUP)
    route = "form[action$='/steps/route/']"
    open_details(page, route)
    page.select_option("#id_route-to_body", value=str(group.pk))
    submit(page, route)
    recommend = "form[action$='/steps/recommend/']"
    open_details(page, recommend)
    page.fill("#id_recommend-text", RECOMMENDATION)
    submit(page, recommend)
    assert RECOMMENDATION in page.locator("#recommendations-heading + article").inner_text()


def secretariat_puts_the_case_on_the_agenda(page: Any, number: str) -> str:
    """A meeting of the strategic level today, 8:00–9:30: the case and one more item."""
    from klynge.governance.models import Body

    strategic = Body.objects.get(collaboration__code=CODE, name=STRATEGIC)
    page.locator(f"main a[href='/c/{CODE}/']").first.click()
    page.wait_for_url(re.compile(rf"/c/{CODE}/$"))
    follow(page, f"main a[href='/bodies/{strategic.pk}/']", rf"/bodies/{strategic.pk}/$")
    follow(page, f"a[href='/bodies/{strategic.pk}/meetings/']", r"/meetings/$")
    follow(page, f"main a[href='/bodies/{strategic.pk}/meetings/new/']", r"/meetings/new/$")
    today = timezone.localdate().isoformat()
    page.fill("#id_title", "Ordinært møde")
    page.fill("#id_starts_at", f"{today}T08:00")
    page.fill("#id_ends_at", f"{today}T09:30")
    page.fill("#id_place", "Regionshospitalet Horsens, mødelokale 1")
    submit(page, "main form")
    assert re.search(r"/meetings/\d+/$", page.url), page.url
    check_accessibility(page)
    meeting_url = page.url

    add = "form[action$='/items/new/']"
    open_details(page, add)
    page.select_option("#id_case", label=f"{number} {TITLE}")
    page.fill("#id_proposal", "Det indstilles, at styregruppen godkender forsøget.")
    submit(page, add)
    open_details(page, add)
    page.fill("#id_title", OTHER_ITEM)
    submit(page, add)
    assert page.locator("ol.agenda > li").count() == 2
    submit(page, "form[action$='/release/']")
    return meeting_url


def secretariat_records_the_meeting(page: Any, meeting_url: str) -> None:
    """The case's item, then the other item, then the minutes go to the chairs."""
    follow(page, f"ol.agenda a:text-is('{TITLE}')", r"/items/\d+/$")
    record_the_decision(page)
    back_to_the_meeting(page, meeting_url)
    follow(page, f"ol.agenda a:text-is('{OTHER_ITEM}')", r"/items/\d+/$", check=False)
    record_a_conflict(page)
    back_to_the_meeting(page, meeting_url)
    submit(page, "form[action$='/minutes/send/']")
    assert page.locator("#approvals-heading").count() == 1


def record_attendance(page: Any) -> None:
    """Everybody expected came."""
    boxes = page.locator("form[action$='/attendance/'] input[name=present]")
    assert boxes.count() > 2
    for box in boxes.all():
        box.check()
    submit(page, "form[action$='/attendance/']")


def record_the_decision(page: Any) -> None:
    """Attendance, the decision, and an action item for ``medlem``."""
    from klynge.governance.models import Person

    record_attendance(page)
    page.select_option("#id_outcome", value="approved")
    page.fill("#id_wording", DECISION)
    submit(page, "form[action$='/outcome/']")
    action = "form[action$='/action-items/']"
    open_details(page, action)
    page.fill("#id_title", ACTION)
    owner = Person.objects.get(user__username="medlem")
    page.select_option("#id_owner", value=str(owner.pk))
    page.fill("#id_due_on", (timezone.localdate() + dt.timedelta(days=60)).isoformat())
    submit(page, action)
    assert ACTION in page.locator("#action-items-heading + ul").inner_text()


def record_a_conflict(page: Any) -> None:
    """Attendance, a member's conflict of interest (not ``medlem``'s), and the outcome."""
    from klynge.governance.models import Person

    record_attendance(page)
    owner = Person.objects.get(user__username="medlem")
    member = page.locator("#id_person option").filter(has_not_text=owner.name).first
    conflict = "form[action$='/conflicts/']"
    open_details(page, conflict)
    page.select_option("#id_person", value=member.get_attribute("value"))
    page.fill("#id_reason", CONFLICT)
    submit(page, conflict)
    assert CONFLICT in page.locator("#conflicts-heading + ul").inner_text()
    page.select_option("#id_outcome", value="noted")
    submit(page, "form[action$='/outcome/']")


def back_to_the_meeting(page: Any, meeting_url: str) -> None:
    page.locator(f"main dl.facts a[href='{path_of(meeting_url)}']").click()
    page.wait_for_url(meeting_url)


def path_of(url: str) -> str:
    return "/" + url.split("//", 1)[1].split("/", 1)[1]


def chair_approves_the_minutes(page: Any, meeting_url: str) -> None:
    """A chair finds the minutes waiting on their own page and approves them."""
    follow(page, "a[href='/me/']", r"/me/$")
    follow(page, f"#waiting-heading + ul a[href^='{path_of(meeting_url)}']",
           re.escape(meeting_url), check=False)
    submit(page, "form[action$='/minutes/approve/']")
    assert page.locator("form[action$='/minutes/approve/']").count() == 0


def owner_sees_the_action_item(page: Any, number: str) -> None:
    follow(page, "a[href='/me/']", r"/me/$")
    row = page.locator("#my-action-items-heading ~ table tr", has_text=ACTION)
    assert row.count() == 1
    assert number in row.inner_text()


def minutes_state_the_decision(page: Any, meeting_url: str) -> None:
    """The owner goes from the action item to its meeting and downloads the minutes."""
    row = page.locator("#my-action-items-heading ~ table tr", has_text=ACTION)
    row.locator("a").first.click()
    page.wait_for_url(meeting_url)
    # the chairs' approvals froze the minutes and published their open items
    assert page.locator(f"a[href='/public{path_of(meeting_url)}']").count() >= 1
    with page.expect_download() as download:  # Alt-click: save the link (Chromium)
        page.locator("a[href$='/minutes.pdf']").click(modifiers=["Alt"])
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert DECISION in text, text[:2000]


def panel_member_sees_the_outcome(page: Any, number: str) -> None:
    follow(page, "a[href='/cases/mine/']", r"/cases/mine/$")
    follow(page, f"main a:text-is('{number}')", r"/cases/\d+/$", check=False)
    recommendations = page.locator("#recommendations-heading ~ article").all_inner_texts()
    assert any(RECOMMENDATION in text for text in recommendations), recommendations
    decisions = page.locator("#decisions-heading ~ article").all_inner_texts()
    assert any(DECISION in text for text in decisions), decisions
