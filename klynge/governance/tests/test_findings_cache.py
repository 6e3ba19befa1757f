"""The rule findings are cached in the database cache under the structure version.

A second look at an unchanged structure computes no rules; an action or a reference load
bumps the version, so the next look recomputes; and the cache lives in the database, so
every server process and the task worker read what one request wrote. (The same, across
real processes, is checked in tests/concurrency.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from klynge.collaborations.actions import do_load_reference
from klynge.core.versions import structure_version
from klynge.governance import actions, findings
from klynge.governance.rules import check_collaboration
from klynge.governance.tests.views_support import english  # noqa: F401
from klynge.testing.auth import sign_in
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def rule_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the runs of the rules (the real ones), by collaboration id."""
    runs: list[int] = []

    def counting(collaboration: Any, on_date: dt.date | None = None) -> Any:
        runs.append(collaboration.pk)
        return check_collaboration(collaboration, on_date=on_date)

    monkeypatch.setattr(findings, "check_collaboration", counting)
    return runs


@pytest.fixture
def viewer(client: Client, world: World) -> Callable[[], None]:
    """Views the secretariat's body page and the collaboration page, as the secretariat."""
    sign_in(client, world.secretariat)
    pages = [world.strategic.get_absolute_url(),
             reverse("governance:collaboration", args=[world.collaboration.code])]

    def view() -> None:
        for url in pages:
            assert client.get(url).status_code == 200

    return view


def key_of(world: World, language: str = "en") -> str:
    with translation.override(language):
        return findings.cache_key(world.collaboration, timezone.localdate())


def test_the_cache_is_the_shared_database_cache() -> None:
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"


def test_a_second_view_computes_no_rules(world: World, rule_runs: list[int],
                                         viewer: Callable[[], None]) -> None:
    viewer()
    assert rule_runs == [world.collaboration.pk]  # the body page and the collaboration page
    viewer()
    viewer()
    assert rule_runs == [world.collaboration.pk]


def test_the_cached_findings_are_those_of_the_rules(world: World) -> None:
    today = timezone.localdate()
    with translation.override("en"):
        fresh = list(check_collaboration(world.collaboration, on_date=today))
        assert findings.check(world.collaboration, today) == fresh
        assert cache.get(key_of(world)) == fresh
        assert findings.check(world.collaboration, today) == fresh


def test_an_action_bumps_the_version_and_the_next_view_recomputes(
    world: World, rule_runs: list[int], viewer: Callable[[], None]
) -> None:
    viewer()
    before, old_key = structure_version(), key_of(world)
    actions.do_update_body(world.secretariat, world.strategic, mandate="Sætter retningen")
    assert structure_version() == before + 1
    assert key_of(world) != old_key
    viewer()
    assert len(rule_runs) == 2
    viewer()
    assert len(rule_runs) == 2


def test_saving_the_edit_page_bumps_the_version(world: World, client: Client,
                                               rule_runs: list[int],
                                               viewer: Callable[[], None]) -> None:
    viewer()
    before = structure_version()
    url = reverse("governance:body_edit", args=[world.strategic.pk])
    response = client.post(url, {"name": "Styregruppe", "kind": world.strategic.kind,
                                 "mandate": "Nyt kommissorium"})
    assert response.status_code == 302
    assert structure_version() == before + 1
    viewer()
    assert len(rule_runs) == 2


def test_an_unchanged_save_keeps_the_version(world: World) -> None:
    before = structure_version()
    actions.do_update_body(world.secretariat, world.strategic, name=world.strategic.name)
    assert structure_version() == before


def test_a_reference_load_bumps_the_version(world: World, rule_runs: list[int],
                                            viewer: Callable[[], None]) -> None:
    viewer()
    before = structure_version()
    do_load_reference(None)
    assert structure_version() == before + 1
    viewer()
    assert len(rule_runs) == 2


def test_each_language_is_judged_once(world: World, client: Client, rule_runs: list[int],
                                      viewer: Callable[[], None]) -> None:
    viewer()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    viewer()
    viewer()
    assert len(rule_runs) == 2
    assert key_of(world, "da") != key_of(world, "en")


def test_another_process_reads_what_a_request_wrote(world: World, rule_runs: list[int],
                                                    viewer: Callable[[], None]) -> None:
    viewer()
    key = key_of(world)
    written = cache.get(key)
    assert written is not None
    # Another process (a server worker, the task worker) has its own cache object, with
    # nothing in memory: it reads the row in the database table.
    table_name = str(settings.CACHES["default"]["LOCATION"])
    other = DatabaseCache(table_name, {})
    assert other.get(key) == written
    table = connection.ops.quote_name(table_name)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608
        keys = {row[0] for row in cursor.fetchall()}
    assert other.make_key(key) in keys
    # ... and so the rules are not run again there, as a task would call them.
    with translation.override("en"):
        assert findings.check(world.collaboration, timezone.localdate()) == written
    assert len(rule_runs) == 1
