"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser).

Each page a test visits is checked with axe-core (vendored under ``vendor/``); a serious
or critical finding fails the test.

The reference and demo data are loaded once for the session, into the test database before
its contents are kept for ``serialized_rollback``: each test starts from the demo as
``make run`` loads it, whatever the test before it changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE_JS = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


DEMO_PASSWORD = "klynge-demo"  # noqa: S105 - the demo's published password


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        call_command("load_demo", verbosity=0, password=DEMO_PASSWORD)
        for connection in connections.all():
            connection._test_serialized_contents = (  # type: ignore[attr-defined]
                connection.creation.serialize_db_to_string())


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Cached rule findings belong to the structure a test started from."""
    from django.core.cache import caches

    caches["versioned"].clear()  # the shared cache and this process's memory of it


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make to set up data happen outside it, but Django cannot tell.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def check_accessibility(page: Any) -> None:
    """Run axe-core on the current page; fail on serious or critical findings."""
    page.evaluate(AXE_JS)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa', 'best-practice']})"
    )
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in bad
    )
    assert not bad, f"axe-core findings on {page.url}:\n{details}"
