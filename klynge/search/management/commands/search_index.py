"""``klynge search_index``: write the search index afresh from the cases, meetings and
hearings (after loading rows in bulk, or to repair it; it is otherwise kept as rows change)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from klynge.search.index import rebuild


class Command(BaseCommand):
    help = "Write the search index afresh from the cases, meetings and hearings."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = rebuild()
        self.stdout.write(_("The search index holds %(count)d entries.")
                          % {"count": sum(counts.values())})
