"""Notes on agenda items from the apps above meetings, without meetings importing them.

The involvement app notes each case item whose case has no user involvement recorded: the
meeting page shows the note to the meeting's secretariat before the meeting, and the minutes
(the PDF and the published page) say so. An app registers a function in ``AppConfig.ready``
that takes the items a reader sees in full and returns, per item id, its notes as lazy
translations (rendered in the document's language), in one query for all the items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from klynge.meetings.models import AgendaItem

Notes = dict[int, list[Any]]

_NOTES: dict[str, Callable[[list[AgendaItem]], Notes]] = {}
# Figures: larger parts drawn by the apps above (objects with ``__html__``, drawn when the
# document is rendered, in its language), e.g. the insights app's views of population results
# attached to an item's case.
_FIGURES: dict[str, Callable[[list[AgendaItem]], Notes]] = {}


def register(name: str, notes: Callable[[list[AgendaItem]], Notes]) -> None:
    """Register (or replace) the notes called ``name``."""
    _NOTES[name] = notes


def notes_for(items: list[AgendaItem]) -> Notes:
    """Every registered note on ``items``, by item id (none for no items)."""
    return _collected(_NOTES, items)


def _collected(registry: dict[str, Callable[[list[AgendaItem]], Notes]],
               items: list[AgendaItem]) -> Notes:
    """What each of ``registry``'s functions gives for ``items``, by item id, in the
    functions' name order."""
    found: Notes = defaultdict(list)
    if not items:
        return found
    for name in sorted(registry):
        for pk, parts in registry[name](items).items():
            found[pk].extend(parts)
    return found


def register_figures(name: str, figures: Callable[[list[AgendaItem]], Notes]) -> None:
    """Register (or replace) the figures called ``name``."""
    _FIGURES[name] = figures


def figures_for(items: list[AgendaItem]) -> Notes:
    """Every registered figure on ``items``, by item id."""
    return _collected(_FIGURES, items)
