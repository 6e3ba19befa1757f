"""``klynge export_mapping --date YYYY-MM-DD [--out FILE.csv]``."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from klynge.reference.queries import municipality_mapping


class Command(BaseCommand):
    help = (
        "Write the municipality_code,collaboration_code CSV the population engine reads, "
        "for the collaborations in force on a date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, help="The day, as YYYY-MM-DD.")
        parser.add_argument("--out", help="The CSV file to write; standard output if left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(
                _("%(value)r is not a date; give it as YYYY-MM-DD.") % {"value": options["date"]}
            )
        rows = municipality_mapping(on)
        if not rows:
            raise CommandError(
                _("No collaborations are in force on %(date)s; was the reference data loaded?")
                % {"date": on.isoformat()}
            )
        if options["out"]:
            path = Path(options["out"])
            try:
                with path.open("w", encoding="utf-8", newline="") as handle:
                    _write(handle, rows)
            except OSError as exc:
                raise CommandError(_("Cannot write %(path)s: %(error)s")
                                   % {"path": path, "error": exc.strerror})
            self.stdout.write(_("Wrote %(count)d rows to %(path)s.")
                              % {"count": len(rows), "path": path})
        else:
            _write(self.stdout, rows)


def _write(handle: TextIO | Any, rows: list[tuple[str, str]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["municipality_code", "collaboration_code"])
    writer.writerows(rows)
