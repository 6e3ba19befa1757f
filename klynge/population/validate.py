"""Validation of a data set against the input contract (docs/population.md).

Every check is vectorised (pyarrow.compute and numpy over whole columns); only the
rows of the first few failures are looked up afterwards, to name them. Errors are
:class:`ValidationError` objects whose message names the file, the row (CSV: the
1-based data row and its line number; Parquet: the 1-based row) or the column, and
the rule broken. At most ``max_errors`` errors are kept; the report counts them all.

When the tables need not be kept (:func:`validate_dataset`, and so ``open_dataset`` on
DuckDB), a Parquet table is first checked by DuckDB over the file
(:mod:`klynge.population.sqlcheck`); only a table that may break a rule is read into
Arrow and checked here, which gives the same errors as if every table were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from klynge.population import rules
from klynge.population.contract import TABLES, TableSpec
from klynge.population.i18n import _, ngettext, number
from klynge.population.normalise import normalise_codes
from klynge.population.parsing import LoadedTable, convert, file_format, find_files, load_table
from klynge.population.sqlcheck import KeySource, SqlChecks

DEFAULT_MAX_ERRORS = 50


@dataclass(frozen=True)
class ValidationError:
    """One broken rule: where (file, 1-based data row or None, column or None) and what."""

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str
    detail: str = ""  # the message without the file, row and column

    def __str__(self) -> str:
        return self.message


@dataclass
class ValidationReport:
    """The outcome of validating one data-set folder."""

    directory: Path
    format: str | None = None
    errors: list[ValidationError] = field(default_factory=list)
    error_count: int = 0
    row_counts: dict[str, int] = field(default_factory=dict)
    max_errors: int = DEFAULT_MAX_ERRORS

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def omitted(self) -> int:
        """How many errors were counted but not kept."""
        return self.error_count - len(self.errors)

    def summary(self) -> str:
        if self.ok:
            counts = ", ".join(f"{n}: {number(c)}" for n, c in self.row_counts.items())
            return _("{directory} is a valid data set ({counts})").format(
                directory=self.directory, counts=counts
            )
        heading = ngettext(
            "{directory} is not a valid data set: {count} error",
            "{directory} is not a valid data set: {count} errors",
            self.error_count,
        )
        lines = [heading.format(directory=self.directory, count=number(self.error_count))]
        lines += [f"  {error.message}" for error in self.errors]
        if self.omitted:
            more = ngettext(
                "… and {count} more error", "… and {count} more errors", self.omitted
            ).format(count=number(self.omitted))
            lines.append(f"  {more}")
        return "\n".join(lines)


class InvalidDataset(Exception):
    """Raised instead of computing anything from a data set that fails validation."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(report.summary())
        self.report = report


class ErrorLog:
    """Collects errors up to a limit and counts every one."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.errors: list[ValidationError] = []
        self.count = 0

    def add(
        self,
        file: str,
        column: str | None,
        rule: str,
        what: str,
        row: int | None = None,
        line: int | None = None,
    ) -> None:
        """Record an error in ``file``: at a 1-based data ``row`` (with its CSV ``line``
        when known), or at a ``line`` alone, or in the whole file (neither)."""
        self.count += 1
        if len(self.errors) >= self.limit:
            return
        location = _location(row, line, column)
        if location:
            # Translators: {rule} is a rule identifier (csv_syntax, required),
            # kept as it is; {location} is like "data row 2 (line 3), column sex".
            message = _("{file}: {location}: {message} [rule: {rule}]").format(
                file=file, location=location, message=what, rule=rule
            )
        else:
            message = _("{file}: {message} [rule: {rule}]").format(
                file=file, message=what, rule=rule
            )
        self.errors.append(ValidationError(file, row, column, rule, message, what))

    def add_rows(
        self,
        loaded: LoadedTable,
        column: str | None,
        rule: str,
        mask: np.ndarray,
        describe: Callable[[int], str],
    ) -> None:
        """Record the rows where ``mask`` is true; ``describe(index)`` says what is wrong."""
        indices = np.flatnonzero(mask)
        room = max(self.limit - len(self.errors), 0)
        for index in indices[:room]:
            row = int(index) + 1
            line = row + 1 if loaded.format == "csv" else None
            self.add(loaded.path.name, column, rule, describe(int(index)), row=row, line=line)
        self.count += max(len(indices) - room, 0)


def _location(row: int | None, line: int | None, column: str | None) -> str:
    """Where in a file: the data row (and CSV line), or the line, and the column."""
    if row is not None and line is not None:
        if column:
            return _("data row {row} (line {line}), column {column}").format(
                row=row, line=line, column=column
            )
        return _("data row {row} (line {line})").format(row=row, line=line)
    if row is not None:
        if column:
            return _("row {row}, column {column}").format(row=row, column=column)
        return _("row {row}").format(row=row)
    if line is not None:
        if column:
            return _("line {line}, column {column}").format(line=line, column=column)
        return _("line {line}").format(line=line)
    return _("column {column}").format(column=column) if column else ""


def validate_dataset(path: Path | str, max_errors: int = DEFAULT_MAX_ERRORS) -> ValidationReport:
    """Validate the data set in a folder (all CSV or all Parquet).

    Tables are released as soon as they are checked (only key columns are kept for
    the foreign-key checks), so memory peaks at about the largest table. Parquet tables
    that DuckDB finds valid over the file are never read into memory at all.
    """
    report, _tables = load_and_validate(Path(path), max_errors, keep=False)
    return report


def load_and_validate(
    directory: Path, max_errors: int = DEFAULT_MAX_ERRORS, keep: bool = True
) -> tuple[ValidationReport, dict[str, pa.Table]]:
    """Read and validate every table; the typed tables come back only if all is valid."""
    report = ValidationReport(directory, max_errors=max_errors)
    log = ErrorLog(max_errors)
    files = _locate(directory, report, log)
    kept: dict[str, pa.Table] = {}
    keys: dict[tuple[str, str], KeySource] = {}
    referenced = {(k.ref_table, k.ref_column) for s in TABLES.values() for k in s.foreign_keys}
    # Parquet tables that need not be kept are first checked by DuckDB over the file;
    # only a table with something to report (or one DuckDB cannot vouch for) is read
    # into Arrow and checked below, which names the rows.
    sql = SqlChecks() if not keep and report.format == "parquet" and files else None
    try:
        for name in (n for n in TABLES if n in files):
            rows = sql.clean_rows(TABLES[name], files[name], keys) if sql else None
            if rows is not None:
                report.row_counts[name] = rows
                for table_name, column in referenced:
                    if table_name == name:
                        keys[(name, column)] = files[name]
                continue
            _load_and_check(TABLES[name], files[name], log, keys, referenced, report, kept, keep)
    finally:
        if sql is not None:
            sql.close()
    report.errors, report.error_count = log.errors, log.count
    return report, (kept if report.ok else {})


def _load_and_check(
    spec: TableSpec,
    path: Path,
    log: ErrorLog,
    keys: dict[tuple[str, str], KeySource],
    referenced: set[tuple[str, str]],
    report: ValidationReport,
    kept: dict[str, pa.Table],
    keep: bool,
) -> None:
    """Read one table into Arrow and check every rule, naming the rows that break one."""
    name = spec.name
    loaded = load_table(spec, path)
    _report_problems(loaded, log)
    if loaded.table is None:
        return
    if name == "diagnoses":
        loaded.table = _normalise_diagnoses(loaded.table)
    _check_table(loaded, log)
    _check_foreign_keys(loaded, keys, log)
    for table_name, column in referenced:
        if table_name == name:
            # The column itself (repeats do no harm to a lookup), not a copy of it.
            keys[(name, column)] = loaded.table.column(column)
    report.row_counts[name] = loaded.table.num_rows
    if keep:
        kept[name] = loaded.table


def _locate(directory: Path, report: ValidationReport, log: ErrorLog) -> dict[str, Path]:
    if not directory.is_dir():
        log.add(str(directory), None, "missing_directory", _("is not a folder"))
        return {}
    found = {name: path for name, path in find_files(directory).items() if name in TABLES}
    formats = sorted({file_format(path) for path in found.values()})
    if len(formats) > 1:
        names = ", ".join(path.name for path in found.values())
        log.add(
            directory.name,
            None,
            "mixed_formats",
            _("mixes CSV and Parquet ({files}); a data set is all one or the other").format(
                files=names
            ),
        )
        return {}
    report.format = formats[0] if formats else None
    for name, spec in TABLES.items():
        if name not in found and not spec.optional:
            expected = f"{name}.{report.format}" if report.format else f"{name}.csv|.parquet"
            log.add(expected, None, "missing_table", _("required table is missing"))
    return found


def _report_problems(loaded: LoadedTable, log: ErrorLog) -> None:
    for problem in loaded.problems:
        if problem.mask is None:
            log.add(
                loaded.path.name, problem.column, problem.rule, problem.message, line=problem.line
            )
            continue
        values = problem.values
        assert values is not None

        def describe(
            index: int, values: pa.ChunkedArray = values, template: str = problem.message
        ) -> str:
            return template.format(value=repr(values[index].as_py()))

        log.add_rows(loaded, problem.column, problem.rule, problem.mask, describe)


def _normalise_diagnoses(table: pa.Table) -> pa.Table:
    index = table.schema.get_field_index("code")
    return table.set_column(index, "code", normalise_codes(table.column("code")))


def _check_table(loaded: LoadedTable, log: ErrorLog) -> None:
    if loaded.table is None:
        return
    # A value that did not parse is null now: report it once, as a type error.
    unparsed = {p.column: p.mask for p in loaded.problems if p.rule == "type"}
    for check in rules.table_checks(loaded.spec):
        for finding in check(loaded.spec, loaded.table):
            mask = finding.mask
            if finding.column in unparsed:
                failed = unparsed[finding.column]
                if failed is None:
                    continue
                mask = mask & ~failed
            log.add_rows(loaded, finding.column, finding.rule, mask, finding.describe)


def _check_foreign_keys(
    loaded: LoadedTable, keys: dict[tuple[str, str], KeySource], log: ErrorLog
) -> None:
    assert loaded.table is not None
    for key in loaded.spec.foreign_keys:
        known = keys.get((key.ref_table, key.ref_column))
        if known is None:  # the referenced table is missing or unreadable: reported already
            continue
        if isinstance(known, Path):  # a Parquet table that DuckDB found valid
            column = pq.read_table(known, columns=[key.ref_column]).column(0)
            spec = TABLES[key.ref_table].column(key.ref_column)
            known = convert(column, key.ref_column, spec.type, [])
            keys[(key.ref_table, key.ref_column)] = known
        finding = rules.foreign_key(loaded.table, key, known)
        if finding is not None:
            log.add_rows(loaded, finding.column, finding.rule, finding.mask, finding.describe)
