"""Importing seats from a file: the columns, reading a row's values, and the template.

One row per seat (docs/user-guide.md, *Importing people and seats from a file*). Reading
the file is in :mod:`klynge.governance.imports_read`; a row's values are checked here by
:class:`RowForm` (the same checks as the add-seat form); the rows are then imported, or
tried in a transaction that is rolled back, by
``klynge.governance.actions.imports.do_import_seats``.
"""

from __future__ import annotations

import csv
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

from klynge.governance.forms import TERM_ORDER
from klynge.governance.imports_read import Row, read_rows
from klynge.governance.models import Seat

COLUMNS = ("body", "person_name", "email", "title", "works_at", "represents", "on_behalf_of",
           "role", "capacity", "term_start", "term_end")
REQUIRED = ("body", "person_name", "term_start")
DATE_FORMAT = "%Y-%m-%d"


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

    def __init__(self, choices: type[models.TextChoices], default: str, **kwargs: Any) -> None:
        self.choices_class, self.default = choices, default
        super().__init__(required=False, **kwargs)

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


def parse_row(row: Row) -> ParsedRow:
    values = {name: str(row["values"].get(name) or "").strip() for name in COLUMNS}
    parsed = ParsedRow(row=int(row["row"]), values=values)
    form = RowForm(values)
    form.is_valid()
    parsed.data = dict(form.cleaned_data)
    for column, messages in form.errors.items():
        for message in messages:
            parsed.errors.append(RowError("" if column == "__all__" else column, str(message)))
    return parsed


def read_import_file(name: str, content: bytes) -> list[Row]:
    """The rows of an uploaded file (``imports_read.read_rows`` with the seat columns)."""
    return read_rows(name, content, COLUMNS, REQUIRED)


def template_csv(body_name: str = "", partner_name: str = "", delimiter: str = ",") -> str:
    """A CSV to fill in: the column names and an example row (with a body and a partner of
    the collaboration, when given), with a byte order mark so Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    example = {
        "body": body_name or _("Name of a body"), "person_name": "Anne Eksempel",
        "email": "anne@example.org", "title": _("Head of department"),
        "represents": partner_name, "role": Seat.Role.MEMBER,
        "capacity": Seat.Capacity.DIRECTOR, "term_start": "2025-01-01",
    }
    writer.writerow([example.get(name, "") for name in COLUMNS])
    return "\ufeff" + out.getvalue()
