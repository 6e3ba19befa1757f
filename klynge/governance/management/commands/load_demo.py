"""``klynge load_demo [--seed N] [--reset] [--password PASSWORD]``.

Loads the demo (``klynge.governance.demo``, described in docs/demo.md) on top of the
reference data, prints the logins and what the governance rules find in each collaboration.
The password comes from ``--password``, else ``KLYNGE_DEMO_PASSWORD``, else ``klynge-demo``.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klynge.governance.demo import DemoResult, ReferenceDataMissing, load_demo
from klynge.governance.demo_data import DEFAULT_PASSWORD, DEFAULT_SEED
from klynge.governance.rules import check_collaboration


class Command(BaseCommand):
    help = ("Load the demo: Horsensklyngen and Sundhedsråd Horsens, the Bergen health "
            "community and an invented innovation cluster, with people, seats and logins. "
            "Needs `load_reference` first.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help="Seed of the invented names (default: %(default)s).")
        parser.add_argument("--reset", action="store_true",
                            help="Remove the demo data of an earlier load first.")
        parser.add_argument("--password", default=None,
                            help="Password of the demo logins (default: $KLYNGE_DEMO_PASSWORD "
                                 f"or {DEFAULT_PASSWORD!r}).")

    def handle(self, *args: Any, **options: Any) -> None:
        password = (options["password"] or os.environ.get("KLYNGE_DEMO_PASSWORD")
                    or DEFAULT_PASSWORD)
        try:
            result = load_demo(seed=options["seed"], password=password, reset=options["reset"])
        except ReferenceDataMissing as error:
            raise CommandError(str(error)) from error
        self._summary(result.counts)
        self._logins(result)
        self._findings(result)

    def _summary(self, counts: Counter[str]) -> None:
        if not sum(counts.values()):
            self.stdout.write(_("The demo data was already loaded; nothing was added "
                                "(use --reset to load it afresh)."))
            return
        self.stdout.write(self.style.SUCCESS(_(
            "Demo data loaded: %(bodies)d bodies, %(seats)d seats, %(people)d people, "
            "%(organisations)d organisations, %(partnerships)d partnerships."
        ) % {key: counts[key] for key in
             ("bodies", "seats", "people", "organisations", "partnerships")}))

    def _logins(self, result: DemoResult) -> None:
        rows = [(_("username"), _("password"), _("role")), *result.logins]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        self.stdout.write("")
        for username, password, role in rows:
            self.stdout.write(f"  {username:<{widths[0]}}  {password:<{widths[1]}}  {role}")
        for username in result.skipped_logins:
            self.stderr.write(self.style.WARNING(_(
                "The user %(username)s exists and is not the demo's; it was left as it is."
            ) % {"username": username}))

    def _findings(self, result: DemoResult) -> None:
        today = timezone.localdate()
        self.stdout.write("")
        for collaboration in result.collaborations:
            findings = check_collaboration(collaboration, on_date=today)
            self.stdout.write(ngettext(
                "%(collaboration)s: %(count)d finding to fix",
                "%(collaboration)s: %(count)d findings to fix",
                len(findings),
            ) % {"collaboration": collaboration.name, "count": len(findings)})
            for finding in findings:
                self.stdout.write(f"  - {finding.severity_label}: {finding.message}")
