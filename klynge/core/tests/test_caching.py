"""The ``versioned`` cache keeps values in the process's memory in front of the shared cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_a_value_is_read_from_memory_once_known() -> None:
    versioned: Any = caches["versioned"]
    versioned.set("structure:v1:x", "<ul></ul>")
    assert caches["default"].get("structure:v1:x") == "<ul></ul>"
    with CaptureQueriesContext(connection) as queries:
        assert versioned.get("structure:v1:x") == "<ul></ul>"
    assert len(queries) == 0


def test_a_process_that_misses_reads_the_shared_cache_and_keeps_the_value() -> None:
    versioned: Any = caches["versioned"]
    caches["default"].set("findings:v2:x", ["a finding"])
    assert versioned.get("findings:v2:x") == ["a finding"]
    with CaptureQueriesContext(connection) as queries:
        assert versioned.get("findings:v2:x") == ["a finding"]
    assert len(queries) == 0
    assert versioned.get("findings:v3:x", "none") == "none"


def test_deleting_and_clearing_reach_both_layers() -> None:
    versioned: Any = caches["versioned"]
    versioned.set("k", 1)
    versioned.delete("k")
    assert versioned.get("k") is None and caches["default"].get("k") is None
    versioned.set("k", 2)
    assert versioned.has_key("k")
    versioned.clear()
    assert versioned.get("k") is None
    assert versioned.add("k", 3) and not versioned.add("k", 4) and versioned.get("k") == 3
