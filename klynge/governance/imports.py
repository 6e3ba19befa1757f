"""Importing organisations and seats from a file: the columns, reading a row's values, and
the templates.

One row per organisation or per seat (docs/user-guide.md, *Importing people and seats from a
file*): a CSV file holds one of the two tables, a workbook one or both, each in its sheet.
Reading the file is in :mod:`klynge.governance.imports_read`; a row's values are checked
here by :class:`RowForm` (the same checks as the add-seat form) or
:class:`OrganisationRowForm`; the rows are then imported, or tried in a transaction that is
rolled back, by ``klynge.governance.actions.imports.do_import_seats``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.collaborations.models import Organisation
from klynge.governance.forms import TERM_ORDER
from klynge.governance.imports_read import Row, Table, read_tables
from klynge.governance.models import Seat

COLUMNS = ("body", "person_name", "email", "title", "works_at", "represents", "on_behalf_of",
           "role", "capacity", "term_start", "term_end")
REQUIRED = ("body", "person_name", "term_start")
ORGANISATION_COLUMNS = ("name", "kind", "website", "partner_from", "partner_until")
ORGANISATION_REQUIRED = ("name", "kind")
DATE_FORMAT = "%Y-%m-%d"

SEATS, ORGANISATIONS = "seats", "organisations"
# Organisations first: a workbook's seats may name the organisations it imports.
TABLES = (
    Table(ORGANISATIONS, ORGANISATION_COLUMNS, ORGANISATION_REQUIRED,
          ("organisations", "organisationer", "organisasjoner", "organisasjonar")),
    Table(SEATS, COLUMNS, REQUIRED, ("seats", "pladser", "plasser", "plassar")),
)
Rows = dict[str, list[Row]]  # the rows of each table a file holds, by SEATS / ORGANISATIONS


def fold(text: object) -> str:
    """Text compared without case, and with spaces, hyphens and underscores alike."""
    return re.sub(r"[\s_\-]+", " ", str(text or "")).strip().casefold()


@functools.cache
def _values_by_label(choices: type[models.TextChoices]) -> dict[str, str]:
    """Each value of ``choices`` under its code and its label in every language."""
    found = {fold(value): value for value in choices.values if value}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in choices.choices:
                found.setdefault(fold(label), value)
    return found


def labels_of(choices: type[models.TextChoices]) -> list[tuple[str, str]]:
    """``(code, label)`` of each choice, in the current language (for the instructions)."""
    return [(value, str(label)) for value, label in choices.choices]


class LabelChoiceField(forms.Field):
    """A choice given by its code or by its label in any of the languages; empty: the
    default."""

    default_error_messages = {
        "unknown": gettext_lazy("“%(value)s” is not one of: %(labels)s."),
    }

    def __init__(self, choices: type[models.TextChoices], default: str = "",
                 required: bool = False, **kwargs: Any) -> None:
        self.choices_class, self.default = choices, default
        super().__init__(required=required, **kwargs)

    def to_python(self, value: Any) -> str:
        text = fold(value)
        if not text:
            return self.default
        found = _values_by_label(self.choices_class).get(text)
        if found is None:
            labels = ", ".join(str(label) for _value, label in self.choices_class.choices)
            raise ValidationError(self.error_messages["unknown"], code="unknown",
                                  params={"value": str(value).strip(), "labels": labels})
        return found


def _date_field(required: bool) -> forms.DateField:
    return forms.DateField(required=required, input_formats=[DATE_FORMAT], error_messages={
        "invalid": gettext_lazy("Write the date as YYYY-MM-DD, e.g. 2025-01-31.")})


class RowForm(forms.Form):
    """One row's values, each checked as the add-seat form checks it; the field names are
    the column names."""

    body = forms.CharField(max_length=150)
    person_name = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    title = forms.CharField(max_length=150, required=False)
    works_at = forms.CharField(max_length=150, required=False)
    represents = forms.CharField(max_length=150, required=False)
    on_behalf_of = LabelChoiceField(Seat.Constituency, Seat.Constituency.ORGANISATION)
    role = LabelChoiceField(Seat.Role, Seat.Role.MEMBER)
    capacity = LabelChoiceField(Seat.Capacity, Seat.Capacity.REPRESENTATIVE)
    term_start = _date_field(required=True)
    term_end = _date_field(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", TERM_ORDER)
        return data


class OrganisationRowForm(forms.Form):
    """One organisation row's values, checked as the organisation and partner forms check
    them; the field names are the column names."""

    name = forms.CharField(max_length=150)
    kind = LabelChoiceField(Organisation.Kind, required=True)
    website = forms.URLField(required=False, assume_scheme="https")
    partner_from = _date_field(required=False)
    partner_until = _date_field(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("partner_from"), data.get("partner_until")
        if end and not start and "partner_from" not in self.errors:
            self.add_error("partner_from", _("Give the first day of the partnership too, or "
                                             "leave both days empty."))
        if start and end and end < start:
            self.add_error("partner_until", _("The partnership cannot end before it starts."))
        return data


@dataclass
class RowError:
    column: str  # "" for the row as a whole
    message: str


@dataclass
class ParsedRow:
    """A row's values, checked one by one (``errors``); ``data`` holds them typed."""

    row: int
    values: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def text(self, column: str) -> str:
        return self.values.get(column, "")


FORMS: dict[str, tuple[type[forms.Form], tuple[str, ...]]] = {
    SEATS: (RowForm, COLUMNS), ORGANISATIONS: (OrganisationRowForm, ORGANISATION_COLUMNS)}


def parse_row(row: Row, table: str = SEATS) -> ParsedRow:
    """A row of ``table`` (SEATS or ORGANISATIONS), its values checked by the table's form."""
    form_class, columns = FORMS[table]
    values = {name: str(row["values"].get(name) or "").strip() for name in columns}
    parsed = ParsedRow(row=int(row["row"]), values=values)
    form = form_class(values)
    form.is_valid()
    parsed.data = dict(form.cleaned_data)
    for column, messages in form.errors.items():
        for message in messages:
            parsed.errors.append(RowError("" if column == "__all__" else column, str(message)))
    return parsed


def read_import_file(name: str, content: bytes, holds: str = SEATS) -> Rows:
    """The rows of an uploaded file by table: a CSV file holds the table ``holds``; a
    workbook its sheet *organisations* and its sheet *seats*, and the table ``holds`` (if no
    sheet is named for it) is read from its first other sheet."""
    return read_tables(name, content, TABLES, default=holds)


# Templates -----------------------------------------------------------------------------------

@dataclass
class Example:
    """What the example rows of a template name: a body and a partner of the collaboration,
    and the first and last day of the collaboration (for the example term and partnership)."""

    body: str = ""
    partner: str = ""
    start: dt.date = dt.date(2025, 1, 1)
    end: dt.date | None = None


def _example_rows(example: Example) -> dict[str, dict[str, Any]]:
    organisation = _("Example Volunteer Centre")
    return {
        ORGANISATIONS: {
            "name": organisation, "kind": Organisation.Kind.VOLUNTARY,
            "website": "https://example.org", "partner_from": example.start,
            "partner_until": example.end,
        },
        SEATS: {
            "body": example.body or _("Name of a body"), "person_name": "Anne Eksempel",
            "email": "anne@example.org", "title": _("Head of department"),
            "represents": example.partner, "role": Seat.Role.MEMBER,
            "capacity": Seat.Capacity.DIRECTOR, "term_start": example.start,
        },
    }


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def template_csv(example: Example | None = None, holds: str = SEATS,
                 delimiter: str = ",") -> str:
    """A CSV of the table ``holds`` to fill in: the column names and an example row, with a
    byte order mark so Excel reads it as UTF-8."""
    columns = FORMS[holds][1]
    row = _example_rows(example or Example())[holds]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerow([_text(row.get(name)) for name in columns])
    return "\ufeff" + out.getvalue()


def template_xlsx(example: Example | None = None) -> bytes:
    """A workbook to fill in: a sheet *organisations* and a sheet *seats*, each with its
    column names and an example row; the example seat represents the example organisation
    (which the example row makes a partner), as a file may do."""
    from openpyxl import Workbook

    rows = _example_rows(example or Example())
    rows[SEATS] |= {"works_at": rows[ORGANISATIONS]["name"],
                    "represents": rows[ORGANISATIONS]["name"]}
    workbook = Workbook()
    for index, (table, columns) in enumerate(((ORGANISATIONS, ORGANISATION_COLUMNS),
                                              (SEATS, COLUMNS))):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = table
        sheet.append(list(columns))
        sheet.append([rows[table].get(name) for name in columns])
        for cell in sheet[2]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
        for letter in "ABCDEFGHIJK"[:len(columns)]:
            sheet.column_dimensions[letter].width = 20
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
