"""``klynge governance check [--collaboration CODE] [--date YYYY-MM-DD] [--json]`` and
``klynge governance apply-template --kind KIND [--date YYYY-MM-DD] [--collaboration CODE]``.

``check`` prints the findings of the governance rules (docs/governance-rules.md), grouped by
collaboration with the paragraph each one checks, or as a JSON list. Exits 1 if any finding
is an error, 2 on bad input (an unknown collaboration code or language), 0 otherwise.

``apply-template`` creates, for every collaboration of a kind (or one), the bodies and vacant
seats the law requires on the date and it lacks (``klynge.governance.blueprints``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klynge.collaborations.models import Collaboration
from klynge.governance.actions.structure import StructureSummary, do_apply_blueprints
from klynge.governance.blueprints import plan_structure
from klynge.governance.rules import (
    Finding,
    Severity,
    UnknownCollaboration,
    check_all,
    rules_for,
)

EXIT_ERRORS = 1
EXIT_USAGE = 2


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}")


class Command(BaseCommand):
    help = ("Governance of the collaborations: 'check' runs the governance rules; "
            "'apply-template' creates the structure the law requires.")

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
        check.add_argument("--rules", action="store_true", dest="show_rules",
                           help="Also list the rules that judged each collaboration, with the "
                                "paragraph each checks.")
        self.add_apply_template(subcommands)

    def add_apply_template(self, subcommands: Any) -> None:
        apply = subcommands.add_parser(
            "apply-template", help="Create the bodies and vacant seats the law requires.",
            description="Create, for every collaboration of a kind in force on the date, the "
                        "bodies and vacant seats its structure template requires and it lacks.",
        )
        apply.add_argument("--kind", required=True, choices=Collaboration.Kind.values,
                           help="The kind of collaboration.")
        apply.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                           help="The day the structure is for (default: today).")
        apply.add_argument("--collaboration", metavar="CODE",
                           help="Only the collaboration with this code.")
        apply.add_argument("--dry-run", action="store_true",
                           help="Only say what would be created.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "check":
            self.check_governance(**options)
        elif options["subcommand"] == "apply-template":
            self.apply_template(**options)

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
                if options.get("show_rules"):
                    self.write_rules(results, options.get("date") or timezone.localdate())
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
                if finding.citation:
                    indent = " " * (label_width + width + 6)
                    self.stdout.write(indent + _cited(finding))
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

    def write_rules(self, results: list[tuple[Collaboration, list[Finding]]],
                    on: dt.date) -> None:
        for collaboration, _findings in results:
            self.stdout.write(self.style.MIGRATE_HEADING(_(
                "Rules that judged %(collaboration)s on %(date)s:"
            ) % {"collaboration": collaboration.code, "date": on.isoformat()}))
            for rule in rules_for(collaboration, on):
                verified = _("verified") if rule.verified else _("unverified")
                self.stdout.write(f"  {rule.id} ({rule.severity}, {verified}): {rule.citation}")
            self.stdout.write("")

    def apply_template(self, **options: Any) -> None:
        on = options.get("date") or timezone.localdate()
        kind, code = options["kind"], options.get("collaboration")
        if code is not None and not Collaboration.objects.filter(code=code, kind=kind).exists():
            raise CommandError(_("No %(kind)s has the code %(code)s.") % {
                "kind": Collaboration.Kind(kind).label, "code": code}, returncode=EXIT_USAGE)
        if options.get("dry_run"):
            self.write_plans(kind, on, code)
            return
        summaries = do_apply_blueprints(None, kind, on, code)
        for summary in summaries:
            self.write_summary(summary)
        self.stdout.write(_("Collaborations: %(count)d. Bodies created: %(bodies)d. Vacant "
                            "seats created: %(seats)d.") % {
            "count": len(summaries), "bodies": sum(len(s.bodies) for s in summaries),
            "seats": sum(len(s.seats) for s in summaries)})

    def write_summary(self, summary: StructureSummary) -> None:
        collaboration = summary.collaboration
        self.stdout.write(self.style.MIGRATE_HEADING(
            f"{collaboration.name} ({collaboration.code})"))
        self.stdout.write("  " + _("%(bodies)d bodies and %(seats)d vacant seats created.") % {
            "bodies": len(summary.bodies), "seats": len(summary.seats)})
        for note in summary.unresolved:
            self.stdout.write("  " + self.style.WARNING(note))

    def write_plans(self, kind: str, on: dt.date, code: str | None) -> None:
        collaborations = Collaboration.objects.on(on).filter(kind=kind).order_by("country", "name")
        if code is not None:
            collaborations = collaborations.filter(code=code)
        for collaboration in collaborations:
            plan = plan_structure(collaboration, on)
            if plan.blueprint is None:
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(
                f"{collaboration.name} ({collaboration.code})"))
            if plan.is_complete:
                self.stdout.write("  " + _("Nothing is missing."))
            for note in plan.unresolved:
                self.stdout.write("  " + self.style.WARNING(note))
            for body in plan.bodies:
                if body.is_new:
                    self.stdout.write("  " + _("new body: %(name)s") % {"name": body.name})
                for seat in body.missing:
                    self.stdout.write("    " + _("vacant seat in %(body)s: %(seat)s") % {
                        "body": body.name, "seat": seat.label})


def _cited(finding: Finding) -> str:
    if finding.source_url:
        return _("Source: %(citation)s <%(url)s>") % {"citation": finding.citation,
                                                      "url": finding.source_url}
    return _("Source: %(citation)s") % {"citation": finding.citation}
