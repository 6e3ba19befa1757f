"""Importing organisations from a file into a collaboration: the rows of the organisations
table (CSV) or sheet (XLSX), before the seats of the same file.

Each row names an organisation: one Klynge knows (of the collaboration's country, the same
kind and the same name, ignoring capitals) is used as it is; any other is created, in the
collaboration's country, by ``do_create_organisation``. A row with ``partner_from`` makes it
a partner of the collaboration from that day by ``do_add_partnership`` (within the
collaboration's period, not overlapping a partnership it has). Both are the actions the
admin and the collaboration page use, with their checks and audit entries. Run inside
``do_import_seats``' transaction: all or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klynge.collaborations.actions import do_add_partnership, do_create_organisation
from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.imports import ORGANISATIONS, ParsedRow, RowError, parse_row
from klynge.governance.imports_read import Row

NEW, EXISTING, EARLIER = "new", "existing", "earlier"

# Where an organisation's or a partnership's message about a field goes.
ORGANISATION_COLUMNS = {"name": "name", "kind": "kind", "website": "website"}
PARTNERSHIP_COLUMNS = {"valid_from": "partner_from", "valid_to": "partner_until"}


@dataclass
class OrganisationReport:
    """What an organisation row does (or would do): whether the organisation is new, and
    the partnership it adds."""

    row: int
    name: str
    kind: str  # the kind's label, or the text of the file where it is not one
    website: str
    partner_from: dt.date | None
    partner_until: dt.date | None
    status: str = ""  # NEW, EXISTING, or EARLIER (new in an earlier row)
    earlier_row: int | None = None
    known_as: str = ""  # a known organisation's name, where the file spells it otherwise
    organisation_id: int | None = None
    partnership: bool = False  # a partnership is (or would be) added
    notes: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


class _Organisations:
    """The organisations of the collaboration's country, by kind and name, loaded in one
    query; those created by earlier rows are remembered."""

    def __init__(self, collaboration: Collaboration) -> None:
        self.known: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.kinds_by_name: dict[str, set[str]] = defaultdict(set)
        for pk, kind, name in (Organisation.objects.filter(country=collaboration.country_id)
                               .values_list("pk", "kind", "name")):
            self.known[(kind, _key(name))].append(pk)
            self.kinds_by_name[_key(name)].add(kind)
        self.new: dict[tuple[str, str], tuple[Organisation, int]] = {}
        self.loaded: dict[int, Organisation] = {}

    def load(self, rows: list[ParsedRow]) -> None:
        """Fetch the known organisations the rows name (one query)."""
        wanted = {pk for row in rows if row.data.get("name") and row.data.get("kind")
                  for pk in self.known.get((row.data["kind"], _key(row.data["name"])), [])}
        self.loaded = Organisation.objects.in_bulk(wanted)

    def find(self, row: ParsedRow, report: OrganisationReport) -> Organisation | None:
        """The organisation the row names (None: a new one), and the report says so."""
        name, kind = row.data["name"], row.data["kind"]
        if (kind, _key(name)) in self.new:
            organisation, earlier = self.new[(kind, _key(name))]
            report.status, report.earlier_row = EARLIER, earlier
            return organisation
        known = self.known.get((kind, _key(name)), [])
        if len(known) > 1:
            report.errors.append(RowError("name", _(
                "Klynge knows several organisations of this kind called “%(name)s”; make "
                "this one a partner on the collaboration page.") % {"name": name}))
            return None
        if known:
            organisation = self.loaded[known[0]]
            report.status, report.organisation_id = EXISTING, organisation.pk
            if organisation.name != " ".join(name.split()):
                report.known_as = organisation.name
            website = row.data.get("website")
            if website and website != organisation.website:
                report.notes.append(_("The website of an organisation Klynge knows is not "
                                      "changed by an import."))
            return organisation
        report.status = NEW
        if self.kinds_by_name.get(_key(name)):
            report.notes.append(_("Klynge knows an organisation of another kind called "
                                  "%(name)s; a new one is added.") % {"name": name})
        return None

    def remember(self, organisation: Organisation, row: int) -> None:
        self.new[(organisation.kind, _key(organisation.name))] = (organisation, row)


def _report(row: ParsedRow) -> OrganisationReport:
    kind = row.data.get("kind")
    return OrganisationReport(
        row=row.row, name=row.text("name"),
        kind=str(Organisation.Kind(kind).label) if kind else row.text("kind"),
        website=row.text("website"), partner_from=row.data.get("partner_from"),
        partner_until=row.data.get("partner_until"), errors=list(row.errors),
    )


def _errors_of(error: ValidationError, columns: dict[str, str],
               other: str) -> list[RowError]:
    """An action's refusal as row errors: by the column of each field (``other`` for a
    field the file has no column for, and for the refusal as a whole)."""
    if hasattr(error, "error_dict"):
        return [RowError(columns.get(name, other), message)
                for name, messages in error.message_dict.items() for message in messages]
    return [RowError(other, message) for message in error.messages]


def _import_row(actor: Any, collaboration: Collaboration, known: _Organisations,
                row: ParsedRow) -> OrganisationReport:
    report = _report(row)
    if report.errors:
        return report
    organisation = known.find(row, report)
    if report.errors:
        return report
    data, new = row.data, organisation is None
    try:
        with transaction.atomic():  # a refused partnership leaves no new organisation
            if organisation is None:
                try:
                    organisation = do_create_organisation(
                        actor, name=" ".join(data["name"].split()), kind=data["kind"],
                        country=collaboration.country, website=data["website"])
                except ValidationError as error:
                    report.errors.extend(_errors_of(error, ORGANISATION_COLUMNS, ""))
                    raise
            if data["partner_from"] is not None:
                do_add_partnership(actor, collaboration=collaboration,
                                   organisation=organisation, valid_from=data["partner_from"],
                                   valid_to=data["partner_until"])
                report.partnership = True
    except ValidationError as error:
        if not report.errors:
            report.errors.extend(_errors_of(error, PARTNERSHIP_COLUMNS, "partner_from"))
        report.partnership = False
        return report
    report.organisation_id = organisation.pk
    if new:
        known.remember(organisation, row.row)
    return report


def import_organisations(actor: Any, collaboration: Collaboration,
                         rows: list[Row]) -> list[OrganisationReport]:
    """Create or find the organisation of each row, and add its partnership; to be run in
    the import's transaction (which is rolled back if any row of the file is refused)."""
    parsed = [parse_row(row, ORGANISATIONS) for row in rows]
    known = _Organisations(collaboration)
    known.load(parsed)
    return [_import_row(actor, collaboration, known, row) for row in parsed]
