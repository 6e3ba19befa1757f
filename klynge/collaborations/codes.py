"""Klynge's stable codes for collaborations.

The population engine builds the same codes for its built-in mapping
(``klynge.population.geography.slugify``); keep the two exactly alike.
"""

from __future__ import annotations

import re

_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})

CLUSTER_PREFIX = "dk-klynge-"
COUNCIL_PREFIX = "dk-raad-"
BERGEN_COMMUNITY_CODE = "no-helsefellesskap-bergen"


def slugify(name: str) -> str:
    """Lower-case ASCII: æ→ae, ø→oe, å→aa, every run of anything else not in a-z0-9 → ``-``,
    leading and trailing ``-`` trimmed. ``"Sundhedsklynge Nykøbing F."`` →
    ``"sundhedsklynge-nykoebing-f"``."""
    text = name.lower().translate(_TRANSLITERATION)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def cluster_code(name: str) -> str:
    """A Danish sundhedsklynge: ``dk-klynge-<slug>``."""
    return CLUSTER_PREFIX + slugify(name)


def council_code(name: str) -> str:
    """A Danish sundhedsråd: ``dk-raad-<slug>``."""
    return COUNCIL_PREFIX + slugify(name)
