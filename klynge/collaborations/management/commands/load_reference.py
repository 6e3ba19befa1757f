"""``klynge load_reference [--data-dir DIR] [--overwrite-corrections]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from klynge.collaborations.actions import do_load_reference
from klynge.reference.loader import OUTCOMES, LoadSummary
from klynge.reference.sources import ReferenceDataError


class Command(BaseCommand):
    help = (
        "Load the reference data (countries, regions, municipalities, collaborations and "
        "their partners). Safe to run again: only what differs is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            help="A directory whose CSV files replace the packaged ones of the same name.",
        )
        parser.add_argument(
            "--overwrite-corrections", action="store_true",
            help="Let the files win over corrections an administrator made in the admin.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = do_load_reference(
                None, options["data_dir"], overwrite=options["overwrite_corrections"]
            )
        except ReferenceDataError as exc:
            lines = [_("The reference data was not loaded; nothing was changed:")]
            lines += [f"  {message}" for message in exc.messages]
            raise CommandError("\n".join(lines)) from exc
        self._print_summary(summary)

    def _print_summary(self, summary: LoadSummary) -> None:
        labels = {
            "created": _("created"), "updated": _("updated"),
            "unchanged": _("unchanged"), "kept": _("kept as corrected"),
        }
        for model, counter in summary.counts.items():
            counts = ", ".join(f"{counter[o]} {labels[o]}" for o in OUTCOMES if counter[o])
            self.stdout.write(f"{model}: {counts}")
        totals = summary.totals()
        self.stdout.write(self.style.SUCCESS(
            _("Reference data loaded: %(created)d created, %(updated)d updated, "
              "%(unchanged)d unchanged, %(kept)d kept as corrected.") % totals
        ))
        if totals["kept"]:
            self.stdout.write(_(
                "Rows an administrator corrected were kept; run with "
                "--overwrite-corrections to let the files win."
            ))
