"""Reading an import file: a CSV or XLSX upload to plain rows of text, within limits.

A row is ``{"row": n, "values": {column: text}}``: ``n`` is its row number in the
spreadsheet (the header is row 1), ``values`` its cells under their (normalised) column
names; dates of XLSX date cells become ``YYYY-MM-DD``. Rows are JSON-serialisable, so a
view can keep them in the session between the preview and the confirmation. A file that
cannot be read raises ``ValidationError`` with a translated message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
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
    return str(value).strip()


def extension_of(name: str) -> str:
    lowered = name.lower()
    return next((ext for ext in EXTENSIONS if lowered.endswith(ext)), "")


def read_rows(name: str, content: bytes, columns: Iterable[str],
              required: Iterable[str]) -> list[Row]:
    """The rows of the file ``name`` with ``content``, under the known ``columns``; raises
    ``ValidationError`` for a file that is too large, of another type, unreadable, with
    unknown or missing columns, with no rows or with too many."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %(size)d MB.")
                              % {"size": MAX_BYTES // (1024 * 1024)})
    extension = extension_of(name)
    if extension == ".xlsx":
        lines = _xlsx_lines(content)
    elif extension == ".csv":
        lines = _csv_lines(content)
    else:
        raise ValidationError(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    return _rows(lines, tuple(columns), tuple(required))


def _rows(lines: Iterator[tuple[int, list[str]]], columns: tuple[str, ...],
          required: tuple[str, ...]) -> list[Row]:
    first = next(lines, None)
    if first is None:
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
    if not rows:
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

def _csv_lines(content: bytes) -> Iterator[tuple[int, list[str]]]:
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


def _numbered(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in cells[:MAX_COLUMNS + 1]]
    except csv.Error as error:
        raise ValidationError(_("The CSV file could not be read: %(error)s.")
                              % {"error": error}) from None


# XLSX ----------------------------------------------------------------------------------------

def _xlsx_lines(content: bytes) -> Iterator[tuple[int, list[str]]]:
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
    return _sheet_lines(workbook, unreadable)


def _sheet_lines(workbook: Any, unreadable: str) -> Iterator[tuple[int, list[str]]]:
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        for number, values in enumerate(rows, start=1):
            yield number, [cell_text(value) for value in values]
    except Exception as error:  # a damaged sheet shows only while it is read
        raise ValidationError(unreadable) from error
    finally:
        workbook.close()
