"""Importing organisations and seats from a file into a collaboration: all or nothing.

Every row goes through the actions the pages use (``do_create_organisation``,
``do_add_partnership``, ``do_create_person``, ``do_add_seat``), so it meets the same checks
and leaves the same audit entries; one more entry sums the import up. The organisations of
a file are imported first (:mod:`klynge.governance.actions.imports_organisations`), so its
seats may name them. A dry run (the preview) does the same in a transaction that is rolled
back, so what it reports is what the import would do; nothing is kept and nobody is invited.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.governance import access
from klynge.governance.actions.imports_organisations import (
    EARLIER,
    EXISTING,
    NEW,
    OrganisationReport,
    import_organisations,
)
from klynge.governance.actions.people import do_create_person
from klynge.governance.actions.seats import do_add_seat
from klynge.governance.imports import ParsedRow, RowError, fold, parse_row
from klynge.governance.imports_read import Row
from klynge.governance.models import Body, Person, Seat

__all__ = ["EARLIER", "EXISTING", "NEW", "ImportReport", "OrganisationReport", "RowReport",
           "do_import_seats"]

# Where an action's message about a field goes: the column it came from.
FIELD_COLUMNS = {"person": "person_name", "name": "person_name", "email": "email",
                 "title": "title", "organisation": "works_at", "represents": "represents",
                 "constituency": "on_behalf_of", "role": "role", "capacity": "capacity",
                 "term_start": "term_start", "term_end": "term_end", "body": "body"}


@dataclass
class RowReport:
    """What a row does (or would do): the seat, and whether its person is new."""

    row: int
    body: str
    person: str
    email: str
    represents: str
    on_behalf_of: str
    role: str
    capacity: str
    term_start: dt.date | None
    term_end: dt.date | None
    person_status: str = ""  # NEW, EXISTING, or EARLIER (new in an earlier row)
    earlier_row: int | None = None
    known_as: str = ""  # an existing person's name, where the file spells it otherwise
    notes: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import does (or would do): the rows of its organisations and of its seats."""

    file_name: str = ""
    rows: list[RowReport] = field(default_factory=list)  # the seats
    organisations: list[OrganisationReport] = field(default_factory=list)
    saved: bool = False
    existing_people: int = 0

    @property
    def errors(self) -> list[tuple[int, RowError]]:
        """``(row, error)`` of every problem: the organisations', then the seats'."""
        return [(row, error) for _sheet, row, error in self.problems]

    @property
    def problems(self) -> list[tuple[str, int, RowError]]:
        """``(sheet, row, error)`` of every problem; the sheet is named (``"organisations"``
        or ``"seats"``) only when the file has organisations."""
        sheet = "seats" if self.organisations else ""
        return ([("organisations", row.row, error) for row in self.organisations
                 for error in row.errors]
                + [(sheet, row.row, error) for row in self.rows for error in row.errors])

    @property
    def ok(self) -> bool:
        return bool(self.rows or self.organisations) and not self.problems

    @property
    def seats(self) -> int:
        return len(self.rows)

    @property
    def row_count(self) -> int:
        """The rows of the file: organisations and seats."""
        return len(self.rows) + len(self.organisations)

    @property
    def new_people(self) -> int:
        return sum(row.person_status == NEW for row in self.rows)

    @property
    def new_organisations(self) -> int:
        return sum(row.status == NEW for row in self.organisations)

    @property
    def existing_organisations(self) -> int:
        return len({row.organisation_id for row in self.organisations
                    if row.status == EXISTING})

    @property
    def partnerships(self) -> int:
        return sum(row.partnership for row in self.organisations)

    def summary(self) -> dict[str, Any]:
        summary = {"file": self.file_name, "rows": self.row_count,
                   "seats": self.seats, "new_people": self.new_people,
                   "existing_people": self.existing_people}
        if self.organisations:
            summary |= {"organisations": len(self.organisations),
                        "new_organisations": self.new_organisations,
                        "existing_organisations": self.existing_organisations,
                        "partnerships": self.partnerships}
        return summary


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class _Lookups:
    """The bodies, organisations and people a file's rows name, loaded in a fixed number of
    queries; people created by earlier rows are remembered."""

    def __init__(self, actor: Any, collaboration: Collaboration, rows: list[ParsedRow]) -> None:
        self.bodies: dict[str, list[Body]] = defaultdict(list)
        for body in (access.visible_bodies(actor).filter(collaboration=collaboration)
                     .select_related("collaboration")):
            self.bodies[fold(body.name)].append(body)
        self.partners = set(Partnership.objects.filter(collaboration=collaboration)
                            .values_list("organisation_id", flat=True))
        self.organisation_ids: dict[str, list[int]] = defaultdict(list)
        for pk, name in (Organisation.objects
                         .filter(Q(country=collaboration.country_id) | Q(pk__in=self.partners))
                         .values_list("pk", "name")):
            self.organisation_ids[fold(name)].append(pk)
        self.by_email: dict[str, list[int]] = defaultdict(list)
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for pk, name, email in access.seatable_people(actor).values_list("pk", "name", "email"):
            if email:
                self.by_email[email.casefold()].append(pk)
            self.by_name[_name_key(name)].append(pk)
        self.new_by_email: dict[str, tuple[Person, int]] = {}
        self.new_by_name: dict[str, list[tuple[Person, int]]] = defaultdict(list)
        self.organisations = Organisation.objects.in_bulk(self._wanted(
            rows, ("works_at", "represents"), self.organisation_ids, fold))
        self.people = Person.objects.in_bulk(
            self._wanted(rows, ("email",), self.by_email, str.casefold)
            | self._wanted(rows, ("person_name",), self.by_name, _name_key))

    @staticmethod
    def _wanted(rows: list[ParsedRow], columns: Iterable[str], index: dict[str, list[int]],
                key: Any) -> set[int]:
        return {pk for row in rows for column in columns if row.text(column)
                for pk in index.get(key(row.text(column)), [])}

    def body(self, row: ParsedRow, errors: list[RowError]) -> Body | None:
        name, start = row.data.get("body"), row.data.get("term_start")
        if not name:
            return None
        found = self.bodies.get(fold(name), [])
        if len(found) > 1 and start is not None:
            found = [body for body in found if body.is_valid_on(start)] or found
        if not found:
            errors.append(RowError("body", _("The collaboration has no body called "
                                             "“%(name)s”.") % {"name": name}))
        elif len(found) > 1:
            errors.append(RowError("body", _("Several bodies are called “%(name)s” on that "
                                             "day.") % {"name": name}))
        return found[0] if len(found) == 1 else None

    def organisation(self, row: ParsedRow, column: str,
                     errors: list[RowError]) -> Organisation | None:
        name = row.data.get(column)
        if not name:
            return None
        pks = self.organisation_ids.get(fold(name), [])
        if len(pks) > 1:
            pks = [pk for pk in pks if pk in self.partners] or pks
        if not pks:
            errors.append(RowError(column, _("No organisation is called “%(name)s”.")
                                   % {"name": name}))
        elif len(pks) > 1:
            errors.append(RowError(column, _("Several organisations are called “%(name)s”.")
                                   % {"name": name}))
        return self.organisations.get(pks[0]) if len(pks) == 1 else None

    def person(self, row: ParsedRow, report: RowReport) -> Person | None:
        """The existing person the row names (None: a new one), and the report says so."""
        name, email = row.data.get("person_name"), row.data.get("email")
        if not name or any(e.column in ("person_name", "email") for e in report.errors):
            return None
        if email:
            return self._by_email(email, name, report)
        earlier = self.new_by_name.get(_name_key(name), [])
        known = self.by_name.get(_name_key(name), [])
        if len(known) + len(earlier) == 1:
            if earlier:
                report.person_status, report.earlier_row = EARLIER, earlier[0][1]
                return earlier[0][0]
            report.person_status = EXISTING
            return self.people[known[0]]
        report.person_status = NEW
        if known or earlier:
            report.notes.append(_("Several people are called %(name)s, so a new person is "
                                  "added; give an e-mail address to choose one of them.")
                                % {"name": name})
        return None

    def _by_email(self, email: str, name: str, report: RowReport) -> Person | None:
        if email.casefold() in self.new_by_email:
            person, row = self.new_by_email[email.casefold()]
            report.person_status, report.earlier_row = EARLIER, row
            return person
        known = self.by_email.get(email.casefold(), [])
        if len(known) > 1:
            report.errors.append(RowError("email", _(
                "Several people have this e-mail address; add this seat on the body's page."
            )))
            return None
        if known:
            person = self.people[known[0]]
            report.person_status = EXISTING
            if _name_key(person.name) != _name_key(name):
                report.known_as = person.name
            return person
        report.person_status = NEW
        if self.by_name.get(_name_key(name)):
            report.notes.append(_("Klynge knows someone else called %(name)s, with another "
                                  "e-mail address or none; a new person is added.")
                                % {"name": name})
        return None

    def remember(self, person: Person, row: int) -> None:
        """A person created by ``row``, for the rows after it that name them."""
        if person.email:
            self.new_by_email[person.email.casefold()] = (person, row)
        self.new_by_name[_name_key(person.name)].append((person, row))


def _label(choices: type[models.TextChoices], value: str | None, text: str) -> str:
    if value is None:
        return text
    return str(choices(value).label)


def _errors_of(error: ValidationError) -> list[RowError]:
    if hasattr(error, "error_dict"):
        return [RowError(FIELD_COLUMNS.get(name, ""), message)
                for name, messages in error.message_dict.items() for message in messages]
    return [RowError("", message) for message in error.messages]


def _report(row: ParsedRow) -> RowReport:
    data = row.data
    return RowReport(
        row=row.row, body=row.text("body"), person=row.text("person_name"),
        email=row.text("email"), represents=row.text("represents"),
        on_behalf_of=_label(Seat.Constituency, data.get("on_behalf_of"),
                            row.text("on_behalf_of")),
        role=_label(Seat.Role, data.get("role"), row.text("role")),
        capacity=_label(Seat.Capacity, data.get("capacity"), row.text("capacity")),
        term_start=data.get("term_start"), term_end=data.get("term_end"),
        errors=list(row.errors),
    )


def _import_row(actor: Any, collaboration: Collaboration, lookups: _Lookups,
                row: ParsedRow) -> tuple[RowReport, Person | None]:
    report = _report(row)
    body = lookups.body(row, report.errors)
    represents = lookups.organisation(row, "represents", report.errors)
    works_at = lookups.organisation(row, "works_at", report.errors)
    person = lookups.person(row, report)
    if report.person_status == EXISTING and (row.text("title") or row.text("works_at")):
        report.notes.append(_("The title and workplace of someone Klynge knows are not "
                              "changed by an import."))
    if report.errors or body is None:
        return report, None
    data = row.data
    new = person is None
    try:
        with transaction.atomic():  # a refused seat leaves no new person behind
            if person is None:
                person = do_create_person(actor, code=collaboration.code,
                                          name=data["person_name"], email=data["email"],
                                          title=data["title"], organisation=works_at)
            do_add_seat(actor, body, person=person, represents=represents,
                        constituency=data["on_behalf_of"], role=data["role"],
                        capacity=data["capacity"], term_start=data["term_start"],
                        term_end=data["term_end"])
    except ValidationError as error:
        report.errors.extend(_errors_of(error))
        return report, None
    if new:
        lookups.remember(person, row.row)
    return report, person


def do_import_seats(actor: Any, collaboration: Collaboration, rows: list[Row],
                    dry_run: bool = False, *, file_name: str = "",
                    organisations: list[Row] | None = None) -> ImportReport:
    """Add a seat for each of ``rows`` (the seats read by ``imports.read_import_file``) to
    the bodies of ``collaboration``, creating the people Klynge does not know, after
    creating or finding the organisation of each of ``organisations`` (its rows of
    organisations) and adding their partnerships: all of it, or nothing if any row is
    refused. ``dry_run``: check everything, keep nothing."""
    report = ImportReport(file_name=file_name)
    existing: set[int] = set()
    with transaction.atomic():
        if organisations:
            report.organisations = import_organisations(actor, collaboration, organisations)
        if rows:
            parsed = [parse_row(row) for row in rows]
            # Loaded after the organisations: the seats see those the file creates.
            lookups = _Lookups(actor, collaboration, parsed)
            for row in parsed:
                row_report, person = _import_row(actor, collaboration, lookups, row)
                report.rows.append(row_report)
                if person is not None and row_report.person_status == EXISTING:
                    existing.add(person.pk)
        report.existing_people = len(existing)
        if report.ok and not dry_run:
            record(actor, AuditEntry.Verb.IMPORT, collaboration,
                   collaboration_code=collaboration.code, details=report.summary())
            report.saved = True
        else:
            transaction.set_rollback(True)
    return report
