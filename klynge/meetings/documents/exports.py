"""Decisions and action items as CSV and XLSX, for the rows a reader may see.

CSV: UTF-8 with a byte-order mark (so Excel reads æ, ø and å right), fields separated by
commas, quoted where a field holds a comma, a quote or a line break (RFC 4180), lines ended
by CRLF, dates as ISO dates (2026-12-01), which Excel and LibreOffice both read as dates.
XLSX: one sheet with a bold, frozen header row, a filter, column widths and real dates.

Both defend against formula injection: a text cell that starts with ``=``, ``+``, ``-``,
``@`` (or a tab or carriage return) gets an apostrophe in front, so a spreadsheet shows it
as text and never runs it; XLSX cells are also written as plain strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from klynge.governance.roles import Roles
from klynge.meetings.documents.access import shows_item
from klynge.meetings.models import ActionItem, AgendaItem

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | dt.date | None


def safe_text(value: str) -> str:
    """``value`` made inert for a spreadsheet: an apostrophe before a formula's start."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe(value: Cell) -> Cell:
    return safe_text(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Column:
    header: str | Promise
    value: Callable[[Any], Cell]
    width: int = 14


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _file_number(obj: AgendaItem | ActionItem) -> str:
    return obj.case.file_number if obj.case is not None else ""


DECISION_COLUMNS: tuple[Column, ...] = (
    Column(_("Meeting date"), lambda i: _local_day(i.meeting.starts_at), 13),
    Column(_("Body"), lambda i: i.meeting.body.name, 26),
    Column(_("Meeting"), lambda i: i.meeting.title, 24),
    Column(_("Item"), lambda i: i.number, 6),
    Column(_("Title"), lambda i: i.title, 40),
    Column(_("Case"), _file_number, 11),
    Column(_("Outcome"), lambda i: str(i.get_outcome_display()), 14),
    Column(_("Decision"), lambda i: i.wording, 60),
    Column(_("Forwarded to"), lambda i: i.forwarded_to.name if i.forwarded_to else "", 22),
    Column(_("Minutes approved"), lambda i: _local_day(i.meeting.minutes_approved_at), 13),
)


def action_item_columns(roles: Roles) -> tuple[Column, ...]:
    """The columns of the action items; an item the reader may not see is named by its
    number and general title only."""

    def item_title(action: ActionItem) -> str:
        item = action.item
        if item is None:
            return ""
        return item.title if shows_item(roles, item) else item.public_title

    def meeting(action: ActionItem, value: Callable[[Any], Cell]) -> Cell:
        return value(action.item.meeting) if action.item is not None else None

    return (
        Column(_("What"), lambda a: a.title, 40),
        Column(_("Details"), lambda a: a.description, 40),
        Column(_("Owner"), lambda a: a.owner.name, 24),
        Column(_("Due"), lambda a: a.due_on, 12),
        Column(_("Done"), lambda a: _local_day(a.done_at), 12),
        Column(_("Body"), lambda a: meeting(a, lambda m: m.body.name), 24),
        Column(_("Meeting date"), lambda a: meeting(a, lambda m: _local_day(m.starts_at)), 13),
        Column(_("Item"), lambda a: a.item.number if a.item is not None else None, 6),
        Column(_("Item title"), item_title, 30),
        Column(_("Case"), _file_number, 11),
    )


def table(columns: Sequence[Column], rows: Sequence[Any]) -> tuple[list[str], list[list[Cell]]]:
    """The header and the (escaped) cells of ``rows``."""
    return ([str(column.header) for column in columns],
            [[safe(column.value(row)) for column in columns] for row in rows])


def to_csv(columns: Sequence[Column], rows: Sequence[Any]) -> bytes:
    header, cells = table(columns, rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([safe_text(name) for name in header])
    for line in cells:
        writer.writerow(["" if cell is None else
                         cell.isoformat() if isinstance(cell, dt.date) else cell
                         for cell in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_title(title: str) -> str:
    """A title Excel accepts: 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return cleaned[:31] or "Sheet"


def to_xlsx(columns: Sequence[Column], rows: Sequence[Any], title: str) -> bytes:
    header, cells = table(columns, rows)
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = sheet_title(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in cells:
        sheet.append(line)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
