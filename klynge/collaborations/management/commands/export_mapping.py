"""``klynge export_mapping (--date YYYY-MM-DD | --periods) [--out FILE.csv]``."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from klynge.collaborations.queries import mapping_periods, municipality_mapping


class Command(BaseCommand):
    help = (
        "Write the municipality_code,collaboration_code CSV the population engine reads: "
        "for the collaborations in force on a date, or with --periods every pairing over time "
        "with valid_from and valid_to (valid_to is the day after the last, as the population "
        "engine's contract has it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--date", help="The day, as YYYY-MM-DD.")
        which.add_argument("--periods", action="store_true",
                           help="Every pairing over time, with valid_from and valid_to.")
        parser.add_argument("--out", help="The CSV file to write; standard output if left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        header, rows = self._rows(options)
        if not rows:
            raise CommandError(
                _("No collaborations are in force on %(date)s; was the reference data loaded?")
                % {"date": options["date"]} if options["date"] else
                _("No collaborations are loaded; was the reference data loaded?")
            )
        if options["out"]:
            path = Path(options["out"])
            try:
                with path.open("w", encoding="utf-8", newline="") as handle:
                    _write(handle, header, rows)
            except OSError as exc:
                raise CommandError(_("Cannot write %(path)s: %(error)s")
                                   % {"path": path, "error": exc.strerror})
            self.stdout.write(_("Wrote %(count)d rows to %(path)s.")
                              % {"count": len(rows), "path": path})
        else:
            _write(self.stdout, header, rows)

    def _rows(self, options: dict[str, Any]) -> tuple[list[str], list[Sequence[Any]]]:
        if options["periods"]:
            periods = mapping_periods()
            return (["municipality_code", "collaboration_code", "valid_from", "valid_to"],
                    [(p.municipality_code, p.collaboration_code, p.valid_from.isoformat(),
                      p.valid_to.isoformat() if p.valid_to else "") for p in periods])
        try:
            on = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(
                _("%(value)r is not a date; give it as YYYY-MM-DD.") % {"value": options["date"]}
            )
        return ["municipality_code", "collaboration_code"], list(municipality_mapping(on))


def _write(handle: TextIO | Any, header: list[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
