"""Reading an import file: a CSV or XLSX upload to plain rows of text, within limits.

A row is ``{"row": n, "values": {column: text}}``: ``n`` is its row number in the
spreadsheet (the header is row 1), ``values`` its cells under their (normalised) column
names; dates of XLSX date cells become ``YYYY-MM-DD``. Rows are JSON-serialisable, so a
view can keep them in the session between the preview and the confirmation. A file that
cannot be read raises ``ValidationError`` with a translated message.

A file may hold several **tables** (:class:`Table`: organisations, seats): a CSV file holds
one, chosen by the caller; a workbook holds each in a sheet named for it, and the default
table in the first sheet no table is named for (:func:`read_tables`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000  # each row runs the real actions; more would make a slow request
MAX_COLUMNS = 40
MAX_CELL = 1000
MAX_LINES = 5 * MAX_ROWS  # blank lines included
EXTENSIONS = (".csv", ".xlsx")
DELIMITERS = (",", ";", "\t")

Row = dict[str, Any]
Lines = Iterator[tuple[int, list[str]]]


@dataclass(frozen=True)
class Table:
    """What one kind of row looks like: its ``key`` (``"seats"``), its columns, the required
    ones, and the names its sheet may have in a workbook (compared without case)."""

    key: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    sheet_names: tuple[str, ...] = ()


def column_name(header: object) -> str:
    """A header as a column name: ``"Person name"`` and ``"person-name"`` are ``person_name``."""
    return re.sub(r"[\s\-]+", "_", str(header or "").strip()).casefold()


def cell_text(value: object) -> str:
    """A cell as text: dates as ``YYYY-MM-DD``, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()[:MAX_CELL]


def extension_of(name: str) -> str:
    lowered = name.lower()
    return next((ext for ext in EXTENSIONS if lowered.endswith(ext)), "")


def read_rows(name: str, content: bytes, columns: Iterable[str],
              required: Iterable[str]) -> list[Row]:
    """The rows of the file ``name`` with ``content`` (a CSV file, or a workbook's first
    sheet), under the known ``columns``; raises ``ValidationError`` for a file that is too
    large, of another type, unreadable, with unknown or missing columns, with no rows or
    with too many."""
    table = Table("rows", tuple(columns), tuple(required))
    return read_tables(name, content, [table], default=table.key)[table.key]


def read_tables(name: str, content: bytes, tables: Sequence[Table],
                default: str) -> dict[str, list[Row]]:
    """The rows of each table the file holds, by the table's key.

    A CSV file holds the table ``default``. In a workbook, each table is read from the
    sheet named one of its ``sheet_names``, and ``default`` (if no sheet is named for it)
    from the first sheet that no table is named for; other sheets are not read. A workbook
    with one of these sheets is read as a CSV file is; with several, a sheet may be empty
    or have no rows (not all of them), and a problem names its sheet. At most ``MAX_ROWS``
    rows in all. Raises ``ValidationError`` as :func:`read_rows` does.
    """
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %(size)d MB.")
                              % {"size": MAX_BYTES // (1024 * 1024)})
    by_key = {table.key: table for table in tables}
    extension = extension_of(name)
    if extension == ".csv":
        table = by_key[default]
        return {table.key: _rows(_csv_lines(content), table.columns, table.required)}
    if extension != ".xlsx":
        raise ValidationError(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    workbook, unreadable = _open_workbook(content)
    try:
        try:
            sheets = _sheets_of(workbook, tables, default)
        except Exception as error:  # a damaged workbook
            raise ValidationError(unreadable) from error
        if len(sheets) <= 1:
            found = {key: _rows(_sheet_lines(sheet, unreadable), by_key[key].columns,
                                by_key[key].required) for key, sheet in sheets.items()}
            if not found:
                raise ValidationError(_("The file is empty."))
            return found
        return _several(sheets, by_key, unreadable)
    finally:
        workbook.close()


def _several(sheets: dict[str, Any], by_key: dict[str, Table],
             unreadable: str) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = {}
    for key, sheet in sheets.items():
        table = by_key[key]
        try:
            found[key] = _rows(_sheet_lines(sheet, unreadable), table.columns,
                               table.required, may_be_empty=True)
        except ValidationError as error:
            raise ValidationError(_("Sheet “%(sheet)s”: %(problem)s") % {
                "sheet": sheet.title, "problem": " ".join(error.messages)}) from None
    total = sum(len(rows) for rows in found.values())
    if not total:
        raise ValidationError(_("The file has no rows to import below its column names."))
    if total > MAX_ROWS:
        raise ValidationError(_("The file has more than %(count)d rows; split it into "
                                "smaller files.") % {"count": MAX_ROWS})
    return found


def _sheets_of(workbook: Any, tables: Sequence[Table], default: str) -> dict[str, Any]:
    """The sheet of each table the workbook holds, in the order of ``tables``."""
    named: dict[str, Any] = {}
    for sheet in workbook.worksheets:
        title = str(sheet.title).strip().casefold()
        for table in tables:
            if title in table.sheet_names and table.key not in named:
                named[table.key] = sheet
                break
    if default not in named:
        names = {name for table in tables for name in table.sheet_names}
        other = next((sheet for sheet in workbook.worksheets
                      if str(sheet.title).strip().casefold() not in names), None)
        if other is not None:
            named[default] = other
    return {table.key: named[table.key] for table in tables if table.key in named}


def _rows(lines: Lines, columns: tuple[str, ...], required: tuple[str, ...],
          may_be_empty: bool = False) -> list[Row]:
    first = next(lines, None)
    while may_be_empty and first is not None and not any(first[1]):
        first = next(lines, None)  # blank rows above the header of a sheet in a workbook
    if first is None:
        if may_be_empty:
            return []
        raise ValidationError(_("The file is empty."))
    header = _header(first[1], columns, required)
    rows: list[Row] = []
    for number, cells in lines:
        if number > MAX_LINES:
            raise ValidationError(_("The file has more than %(count)d rows; split it into "
                                    "smaller files.") % {"count": MAX_ROWS})
        if not any(cells):
            continue
        if any(cells[len(header):]):
            raise ValidationError(_("Row %(row)d has more values than the first row has "
                                    "column names.") % {"row": number})
        if len(rows) == MAX_ROWS:
            raise ValidationError(_("The file has more than %(count)d rows; split it into "
                                    "smaller files.") % {"count": MAX_ROWS})
        cells = cells + [""] * (len(header) - len(cells))
        values = {name: cell[:MAX_CELL] for name, cell in zip(header, cells, strict=False)
                  if name}
        rows.append({"row": number, "values": values})
    if not rows and not may_be_empty:
        raise ValidationError(_("The file has no rows to import below its column names."))
    return rows


def _header(cells: list[str], columns: tuple[str, ...], required: tuple[str, ...]) -> list[str]:
    names = [column_name(cell) for cell in cells]
    while names and not names[-1]:
        names.pop()
    unknown = [name for name in names if name and name not in columns]
    if unknown:
        raise ValidationError(_("Unknown columns: %(unknown)s. The columns are: "
                                "%(columns)s.") % {"unknown": ", ".join(unknown),
                                                    "columns": ", ".join(columns)})
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        raise ValidationError(_("Columns named more than once: %(columns)s.")
                              % {"columns": ", ".join(twice)})
    missing = [name for name in required if name not in names]
    if missing:
        raise ValidationError(_("The first row must name the columns; these are missing: "
                                "%(columns)s.") % {"columns": ", ".join(missing)})
    return names


# CSV -----------------------------------------------------------------------------------------

def _csv_lines(content: bytes) -> Lines:
    if content.startswith(b"PK") or b"\x00" in content:
        raise ValidationError(_("This is not a CSV file. Save the sheet as “CSV UTF-8” "
                                "and upload that file, or upload the .xlsx workbook."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file is not in UTF-8. In Excel, save it as "
                                "“CSV UTF-8”.")) from None
    first_line, _newline, rest = text.partition("\n")
    if re.fullmatch(r"sep=.\r?", first_line):  # Excel's hint of the delimiter; not a row
        delimiter, text = first_line[4], rest
    else:
        delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _numbered(reader)


def _numbered(reader: Iterator[list[str]]) -> Lines:
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in cells[:MAX_COLUMNS + 1]]
    except csv.Error as error:
        raise ValidationError(_("The CSV file could not be read: %(error)s.")
                              % {"error": error}) from None


# XLSX ----------------------------------------------------------------------------------------

def _open_workbook(content: bytes) -> tuple[Any, str]:
    """The workbook (read-only: close it), and the message for one that cannot be read."""
    from openpyxl import load_workbook

    unreadable = _("The file could not be read as an Excel workbook (.xlsx). Old .xls "
                   "workbooks are not supported: save it as .xlsx or CSV.")
    if not content.startswith(b"PK"):
        raise ValidationError(unreadable)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ValidationError(unreadable) from None
    except Exception as error:  # openpyxl's own errors (InvalidFileException, parse errors)
        raise ValidationError(unreadable) from error
    return workbook, unreadable


def _sheet_lines(sheet: Any, unreadable: str) -> Lines:
    try:
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        for number, values in enumerate(rows, start=1):
            yield number, [cell_text(value) for value in values]
    except Exception as error:  # a damaged sheet shows only while it is read
        raise ValidationError(unreadable) from error
