"""Searches fold Danish and Norwegian letters' case on SQLite as on PostgreSQL."""

from __future__ import annotations

import pytest

from klynge.core.sqlite import unicode_like


@pytest.mark.parametrize(("pattern", "value", "escape", "expected"), [
    ("%øster%", "Østergaard", None, True),
    ("ærø", "ÆRØ", None, True),
    ("%åse", "Tone Åse", None, True),
    ("a_c", "abc", None, True),
    ("a_c", "abbc", None, False),
    ("%", "", None, True),
    (r"100\%", "100%", "\\", True),
    (r"100\%", "1000", "\\", False),
    (r"a\_b", "axb", "\\", False),
    ("a.b", "axb", None, False),  # regular-expression characters are literal
    ("%x%", None, None, None),
    (None, "x", None, None),
])
def test_like_folds_unicode_case(pattern: str | None, value: str | None, escape: str | None,
                                 expected: bool | None) -> None:
    assert unicode_like(pattern, value, escape) is expected
