"""Suite-wide fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Messages made outside a request (commands, loaders, rules) come in English in tests.

    Requests still choose their language as in production (Danish by default), so the
    tests of pages and of translations see what users see.
    """
    with translation.override("en"):
        yield
