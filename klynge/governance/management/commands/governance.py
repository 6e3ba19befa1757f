"""``klynge governance check [--collaboration CODE] [--date YYYY-MM-DD] [--json]``.

Prints the findings of the governance rules (docs/governance-rules.md), grouped by
collaboration, or as a JSON list. Exits 1 if any finding is an error, 2 on bad input
(an unknown collaboration code or language), 0 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klynge.collaborations.models import Collaboration
from klynge.governance.rules import Finding, Severity, UnknownCollaboration, check_all

EXIT_ERRORS = 1
EXIT_USAGE = 2


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}")


class Command(BaseCommand):
    help = "Governance of the collaborations: 'check' runs the governance rules."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND",
                                            required=True)
        check = subcommands.add_parser(
            "check", help="Run the governance rules and print the findings.",
            description="Run the governance rules and print the findings. Exits 1 if any "
                        "finding is an error.",
        )
        check.add_argument("--collaboration", metavar="CODE",
                           help="Check only the collaboration with this code.")
        check.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                           help="Check as on this date (default: today).")
        check.add_argument("--json", action="store_true", dest="as_json",
                           help="Print the findings as a JSON list.")
        check.add_argument("--language", default=None,
                           help="Language of the messages (default: LANGUAGE_CODE).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "check":
            self.check_governance(**options)

    def check_governance(self, **options: Any) -> None:
        language = options.get("language") or settings.LANGUAGE_CODE
        if language not in {code for code, _name in settings.LANGUAGES}:
            raise CommandError(f"Unknown language: {language}", returncode=EXIT_USAGE)
        with translation.override(language):
            try:
                results = check_all(options.get("date"), options.get("collaboration"))
            except UnknownCollaboration as error:
                raise CommandError(
                    _("No collaboration has the code %(code)s.") % {"code": error.args[0]},
                    returncode=EXIT_USAGE,
                ) from None
            findings = [finding for _c, found in results for finding in found]
            if options.get("as_json"):
                self.stdout.write(json.dumps([f.to_dict() for f in findings],
                                             ensure_ascii=False, indent=2))
            else:
                self.write_table(results)
            errors = sum(1 for finding in findings if finding.is_error)
            if errors:
                raise CommandError(
                    ngettext("%(count)d governance error found.",
                             "%(count)d governance errors found.", errors) % {"count": errors},
                    returncode=EXIT_ERRORS,
                )

    def write_table(self, results: list[tuple[Collaboration, list[Finding]]]) -> None:
        styles = {
            Severity.ERROR: self.style.ERROR,
            Severity.WARNING: self.style.WARNING,
            Severity.INFO: self.style.NOTICE,
        }
        width = max((len(f.rule_id) for _c, found in results for f in found), default=0)
        label_width = max(len(str(label)) for label in Severity.labels)
        for collaboration, findings in results:
            self.stdout.write(self.style.MIGRATE_HEADING(
                f"{collaboration.name} ({collaboration.code})"
            ))
            if not findings:
                self.stdout.write("  " + _("No findings."))
            for finding in findings:
                label = finding.severity_label.ljust(label_width)
                self.stdout.write(
                    f"  {styles[finding.severity](label)}  {finding.rule_id.ljust(width)}  "
                    f"{finding.message}"
                )
            self.stdout.write("")
        counts = dict.fromkeys(Severity, 0)
        for _c, findings in results:
            for finding in findings:
                counts[finding.severity] += 1
        self.stdout.write(_(
            "Collaborations: %(collaborations)d. Errors: %(errors)d. Warnings: %(warnings)d. "
            "Notes: %(info)d."
        ) % {
            "errors": counts[Severity.ERROR], "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO], "collaborations": len(results),
        })
