from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from klynge.meetings.tests.support import Setting, make_setting


@pytest.fixture
def setting() -> Setting:
    return make_setting()


@pytest.fixture(autouse=True)
def english(client: Client) -> None:
    """Pages in English, so the tests read the same once translations exist."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
