"""Citizen participation (issue 8), tried as citizens and the secretariat would, in Danish.

1. A citizen, on a phone with JavaScript off, sends a story on Horsensklyngen's public page.
2. The secretariat approves it, plans an idea workshop on *transitions between sectors*,
   adds two ideas (one drawing on the story), invites three participants and opens voting.
3. The three participants, each on a phone-sized screen with JavaScript off, type their
   personal code and spread their three dots.
4. The secretariat closes voting and turns the winning idea into a case: the stories behind
   it show on the case page, and its ledger says "co-produced".
5. The elder councils' contact committee, which follows the theme, was notified.
6. Once the case is decided (as a meeting would, below the browser: the working cycle's
   journey covers meetings), the involvement overview counts one more decided case with
   involvement.

Selectors use URLs and field ids, so the test reads the same whatever the language. Each
kind of page is checked with axe-core once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.browser.conftest import check_accessibility
from tests.browser.test_involvement import OVERVIEW, involved_and_decided
from tests.browser.test_journeys import log_in
from tests.browser.test_working_cycle import follow, submit

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CODE = "dk-klynge-horsensklyngen"
STORY = "Min far blev sendt hjem en fredag, og ingen kom før mandag."
PHONE = {"locale": "da-DK", "viewport": {"width": 390, "height": 844},
         "java_script_enabled": False, "is_mobile": True}


def public_pages_are_accessible(page: Any, base: str) -> None:
    """axe-core needs JavaScript: the pages the citizens use with it off, checked with it on."""
    for path in (f"/p/{CODE}/", f"/p/{CODE}/contribute/", "/vote/"):
        page.goto(f"{base}{path}")
        check_accessibility(page)


def citizen_sends_a_story(browser: Any, base: str) -> None:
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{base}/p/{CODE}/")
    follow(phone, f"main a[href='/p/{CODE}/contribute/']", r"/contribute/$", check=False)
    phone.fill("#id_title", "Hjem en fredag")
    phone.fill("#id_text", STORY)
    phone.check("#id_show_publicly")
    phone.check("#id_consent")
    submit(phone, "main form[method=post]")
    assert "/thanks/" in phone.url and "/withdraw/" in phone.locator("main").inner_html()
    context.close()


def participant_votes(browser: Any, base: str, code: str, dots: dict[str, str]) -> None:
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{base}/vote/")
    phone.fill("#id_code", code)
    submit(phone, "main form[method=post]")
    for title, count in dots.items():
        phone.get_by_label(title, exact=True).fill(count)
    submit(phone, "main form.ballot")
    assert phone.locator(".message-success").count() == 1
    context.close()


def plan_the_workshop(page: Any, base: str, theme: int) -> None:
    page.goto(f"{base}/c/{CODE}/")
    follow(page, f"main a[href='/c/{CODE}/contributions/']", r"/contributions/$")
    page.locator(f"main article:has-text('{STORY}') form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/contributions/\?state=pending$"))
    follow(page, f"main a[href='/c/{CODE}/workshops/']", r"/workshops/$")
    page.fill("#id_title", "Trygt hjem en fredag")
    page.select_option("#id_theme", str(theme))
    page.fill("#id_starts_at", "2026-11-30T09:00")
    page.fill("#id_place", "Horsens Rådhus")
    page.fill("#id_dots", "3")
    submit(page, "main form[method=post]")
    check_accessibility(page)
    for title, with_story in (("Udskrivelse med aftale", True), ("Besøgsven", False)):
        page.fill("#id_idea-title", title)
        page.fill("#id_idea-text", f"{title}: idé fra værkstedet.")
        if with_story:
            page.get_by_label("Hjem en fredag", exact=True).check()
        submit(page, "main form[action$='/ideas/']")
    page.fill("#id_invite-names", "Anna\nBo\nCarl")
    submit(page, "main form[action$='/participants/']")
    submit(page, "main form[action$='/open/']")


def test_a_story_becomes_a_case_through_a_workshop(page: Any, browser: Any,
                                                  live_server: Any) -> None:
    from klynge.accounts.models import User
    from klynge.cases.actions import do_put_on_agenda, do_record_decision, do_route_case
    from klynge.cases.models import Case
    from klynge.notifications.models import Notification
    from klynge.vocabulary.models import Term

    base = str(live_server.url)
    public_pages_are_accessible(page, base)
    citizen_sends_a_story(browser, base)
    log_in(page, base, "sekretariat")
    page.goto(f"{base}{OVERVIEW}")
    involved, decided = involved_and_decided(page)
    theme = Term.objects.get(collaboration__code=CODE, code="transitions")
    plan_the_workshop(page, base, theme.pk)
    codes = page.locator("main table code").all_inner_texts()
    assert len(codes) == 3
    workshop_url = page.url
    page.goto(f"{base}/vote/{codes[0]}/")  # the ballot, as the participants will see it
    check_accessibility(page)
    for code, dots in zip(codes, ({"Udskrivelse med aftale": "3"},
                                  {"Udskrivelse med aftale": "2", "Besøgsven": "1"},
                                  {"Besøgsven": "3"}), strict=True):
        participant_votes(browser, base, code, dots)

    page.goto(workshop_url)
    submit(page, "main form[action$='/close/']")
    page.get_by_label("Udskrivelse med aftale", exact=True).check()
    submit(page, "main form[action$='/cases/']")
    follow(page, "main table a[href^='/cases/']", r"/cases/\d+/$")
    main = page.locator("main").inner_text()
    assert STORY in main and "samskabt" in main
    case = Case.objects.get(title="Udskrivelse med aftale")
    assert list(case.themes.all()) == [theme]
    assert Notification.objects.filter(
        topic="case", topic_id=case.pk,
        user__person__seats__body__name="Ældrerådenes kontaktudvalg").exists()

    body = case.collaboration.bodies.get(kind="strategic")
    secretariat = User.objects.get(username="sekretariat")
    do_route_case(secretariat, case, body)
    do_put_on_agenda(secretariat, case, body)
    do_record_decision(secretariat, case, body, "approved", "Idéen afprøves i 2027.",
                       dt.date(2026, 11, 30))
    page.goto(f"{base}{OVERVIEW}")
    assert involved_and_decided(page) == (involved + 1, decided + 1)
