from __future__ import annotations

import pytest

from klynge.meetings.tests.support import Setting, make_setting
from klynge.testing.fixtures import english  # noqa: F401


@pytest.fixture
def setting() -> Setting:
    return make_setting()

