"""Fixtures the apps' test packages share: import them in a ``conftest.py``
(``from klynge.testing.fixtures import english, world  # noqa: F401``)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from klynge.testing.personas import World, make_world


@pytest.fixture
def world() -> World:
    """The personas (``klynge.testing.personas.make_world``)."""
    return make_world()


@pytest.fixture(autouse=True)
def english(client: Client) -> None:
    """Pages in English, so the tests read the same whatever the default language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
