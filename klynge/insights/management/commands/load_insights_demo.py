"""``klynge load_insights_demo [--persons N] [--years N]``: the demo's population data, so
that its population page is never empty: a generated data set for Horsensklyngen (20,000
persons by default), validated, and its indicators run for the last three years it covers
(so the page shows trends), all at once (not
through the task queues). ``make run`` calls it after ``load_demo``; a second call adds
nothing. It takes some seconds, so the test suite's demo loads leave it out."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from klynge.insights.demo import DEMO_PERSONS, DEMO_YEARS, load_insights_demo


class Command(BaseCommand):
    help = "Load the demo's population data set and run its indicators (after load_demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=DEMO_PERSONS,
                            help="Persons in the generated data set (default: %(default)s).")
        parser.add_argument("--years", type=int, default=DEMO_YEARS,
                            help="Run the last N years (default: %(default)s).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = load_insights_demo(options["persons"], max(options["years"], 1))
        except LookupError as error:
            raise CommandError(str(error)) from error
        if run is None:
            self.stdout.write(_("The demo's population data was already loaded."))
            return
        self.stdout.write(self.style.SUCCESS(_(
            "Demo population data: %(persons)s persons, indicators for %(year)s "
            "(%(rows)s published rows, %(suppressed)s suppressed).") % {
            "persons": run.dataset.persons, "year": run.year, "rows": run.rows,
            "suppressed": run.suppressed}))
