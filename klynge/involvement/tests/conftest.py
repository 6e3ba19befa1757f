"""The involvement tests: the personas, and pages in English."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from klynge.testing.personas import World, make_world


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture(autouse=True)
def english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
