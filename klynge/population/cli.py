"""Command line of the population engine: ``klynge population validate|generate|indicators``.

``main(argv)`` returns the exit status: 0 success, 1 an invalid data set (or a failed
run), 2 bad arguments. Errors are printed as messages, never as tracebacks.

Messages come in the language of ``--language`` (every subcommand), else of the
environment variable ``KLYNGE_LANGUAGE``, else Danish; an unknown language is a usage
error. Rule identifiers, table and column names, indicator codes and file names are
never translated.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from klynge.population.argparse_messages import translated_argparse
from klynge.population.i18n import (
    LANGUAGES,
    UnknownLanguage,
    _,
    choose_language,
    default_language,
    ngettext,
    number,
    override,
)
from klynge.population.validate import InvalidDataset, ValidationReport, validate_dataset

PROG = "klynge population"
OUTPUT_SUFFIXES = (".csv", ".parquet")
ENGINES = ("duckdb", "pyspark", "postgres")


class UsageError(Exception):
    """Bad arguments, reported with exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    """The parser, its help texts in the active language."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--language",
        type=_language_code,
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("language of the messages: da, nb, nn or en (default: KLYNGE_LANGUAGE, else da)"),
    )
    parser = argparse.ArgumentParser(
        prog=PROG, parents=[common], description=_("Population data sets and indicators.")
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", parents=[common], help=_("check a data-set folder against the contract")
    )
    validate.add_argument("directory", type=Path, help=_("the data-set folder"))
    validate.add_argument(
        "--max-errors", type=int, default=50, help=_("errors to list (default 50)")
    )
    _add_generate(
        commands.add_parser("generate", parents=[common], help=_("write a synthetic data set"))
    )
    _add_indicators(
        commands.add_parser(
            "indicators", parents=[common], help=_("compute the indicators for a year")
        )
    )
    _add_audit(
        commands.add_parser(
            "audit",
            parents=[common],
            help=_("check that published indicator files reveal no count of 1-4"),
        )
    )
    return parser


def _add_audit(audit: argparse.ArgumentParser) -> None:
    audit.add_argument(
        "files",
        type=Path,
        nargs="+",
        help=_("indicator files (.csv or .parquet) of one data set and year, read together"),
    )
    audit.add_argument(
        "--mapping",
        type=Path,
        action="append",
        help=_("the mapping files used (default: the built-in one for the year)"),
    )


def _language_code(text: str) -> str:
    return text.strip().lower()


def _add_generate(generate: argparse.ArgumentParser) -> None:
    generate.add_argument("--persons", type=int, required=True, help=_("the number of persons"))
    generate.add_argument("--seed", type=int, default=1, help=_("the random seed (default 1)"))
    generate.add_argument("--out", type=Path, required=True, help=_("the folder to write to"))
    generate.add_argument(
        "--country", choices=("dk", "no"), default="dk", help=_("dk or no (default dk)")
    )
    generate.add_argument(
        "--format",
        choices=("parquet", "csv"),
        default="parquet",
        dest="fmt",
        help=_("parquet or csv (default parquet)"),
    )
    generate.add_argument(
        "--first-year", type=int, default=2019, help=_("the first year of data (default 2019)")
    )
    generate.add_argument(
        "--last-year", type=int, default=2025, help=_("the last year of data (default 2025)")
    )


def _add_indicators(indicators: argparse.ArgumentParser) -> None:
    indicators.add_argument("directory", type=Path, help=_("the data-set folder"))
    indicators.add_argument("--year", type=int, required=True, help=_("the year to compute"))
    indicators.add_argument("--out", type=Path, required=True, help=_("a .csv or .parquet file"))
    indicators.add_argument(
        "--engine", choices=ENGINES, default="duckdb", help=_("the engine (default duckdb)")
    )
    indicators.add_argument(
        "--mapping",
        type=Path,
        action="append",
        help=_(
            "municipality_code,collaboration_code CSV; give it again for each further "
            "grouping (clusters, councils), published and suppressed together"
        ),
    )
    indicators.add_argument(
        "--unsuppressed",
        action="store_true",
        help=_("skip disclosure control (only for entitled users)"),
    )
    indicators.add_argument("--postgres-url", help=_("PostgreSQL URL for --engine postgres"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    console = Console()
    try:
        language = choose_language(_language_option(argv))
    except UnknownLanguage as exc:
        with override(default_language()):
            _print_error(console, str(exc))
        return 2
    with override(language), translated_argparse():
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # argparse has printed its message
            return int(exc.code) if isinstance(exc.code, int) else 2
    with override(getattr(args, "language", language)):
        return _run(args, console)


def _language_option(argv: list[str]) -> str | None:
    """``--language``, read before the parser is built: its help texts and argparse's own
    messages are in that language. None when absent or malformed (the parser says so)."""
    prescan = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    prescan.add_argument("--language")
    try:
        known, _rest = prescan.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return known.language


def _run(args: argparse.Namespace, console: Console) -> int:
    handlers = {
        "validate": _validate,
        "generate": _generate,
        "indicators": _indicators,
        "audit": _audit,
    }
    try:
        return handlers[args.command](args, console)
    except UsageError as exc:
        _print_error(console, str(exc))
        return 2
    except InvalidDataset as exc:
        _print_errors(console, exc.report)
        return 1


def _print_error(console: Console, message: str) -> None:
    """``error: message``, the word for error in red."""
    # Translators: the text before {message} is shown in red.
    before, _placeholder, after = _("error: {message}").partition("{message}")
    console.print(Text.assemble((before, "red"), message, after), soft_wrap=True)


def _validate(args: argparse.Namespace, console: Console) -> int:
    began = time.perf_counter()
    report = validate_dataset(args.directory, max_errors=args.max_errors)
    if not report.ok:
        _print_errors(console, report)
        return 1
    title = _("{folder} is valid ({format})").format(folder=args.directory, format=report.format)
    console.print(_row_count_table(escape(title), report.row_counts))
    seconds = number(time.perf_counter() - began, 1)
    console.print(_("validated in {seconds} s").format(seconds=seconds))
    return 0


def _row_count_table(title: str, row_counts: dict[str, int]) -> Table:
    table = Table(title=title)
    table.add_column(_("table"))
    table.add_column(_("rows"), justify="right")
    for name, count in row_counts.items():
        table.add_row(name, number(count))
    return table


def _print_errors(console: Console, report: ValidationReport) -> None:
    title = _("{folder} is not a valid data set").format(folder=report.directory)
    table = Table(title=escape(title))
    for column in (_("file"), _("row"), _("column"), _("rule"), _("message")):
        table.add_column(column, overflow="fold")
    for error in report.errors:
        row = "" if error.row is None else str(error.row)
        table.add_row(
            escape(error.file),
            row,
            escape(error.column or ""),
            error.rule,
            escape(error.detail or error.message),
        )
    console.print(table)
    console.print(Text(_error_count(report), style="red"), soft_wrap=True)


def _error_count(report: ValidationReport) -> str:
    count, omitted = number(report.error_count), number(report.omitted)
    if report.omitted:
        text = ngettext(
            "{count} error ({omitted} not listed); rows are 1-based data rows (CSV line = row + 1)",
            "{count} errors ({omitted} not listed); rows are 1-based data rows "
            "(CSV line = row + 1)",
            report.error_count,
        )
        return text.format(count=count, omitted=omitted)
    text = ngettext(
        "{count} error; rows are 1-based data rows (CSV line = row + 1)",
        "{count} errors; rows are 1-based data rows (CSV line = row + 1)",
        report.error_count,
    )
    return text.format(count=count)


def _generate(args: argparse.Namespace, console: Console) -> int:
    from klynge.population.generate import generate

    if args.persons < 1:
        raise UsageError(_("--persons must be at least 1"))
    if args.first_year > args.last_year:
        raise UsageError(_("--first-year must not be after --last-year"))
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(_stage("persons"), total=args.persons)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=_stage(stage), completed=done, total=total)

        try:
            result = generate(
                args.persons,
                args.seed,
                args.out,
                country=args.country,
                fmt=args.fmt,
                first_year=args.first_year,
                last_year=args.last_year,
                progress=progress,
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    title = _("synthetic data set in {folder} ({format})").format(
        folder=result.out, format=args.fmt
    )
    console.print(_row_count_table(escape(title), result.row_counts))
    seconds = number(result.seconds, 1)
    console.print(_("generated in {seconds} s").format(seconds=seconds))
    return 0


def _stage(stage: str) -> str:
    """The progress bar's label for a stage of :func:`generate.generate`."""
    return escape(_("persons")) if stage == "persons" else escape(stage)


def _check_indicator_arguments(args: argparse.Namespace) -> None:
    if not args.directory.is_dir():
        raise UsageError(_("{folder} is not a folder").format(folder=args.directory))
    if args.out.suffix.lower() not in OUTPUT_SUFFIXES:
        if args.out.suffix:
            message = _("--out must end in .csv or .parquet, not {suffix}")
            raise UsageError(message.format(suffix=repr(args.out.suffix)))
        raise UsageError(
            _("--out must end in .csv or .parquet; {file} has no suffix").format(file=args.out.name)
        )
    _check_mappings(args.mapping)
    if args.engine == "postgres" and not args.postgres_url:
        raise UsageError(_("--engine postgres needs --postgres-url"))


def _indicators(args: argparse.Namespace, console: Console) -> int:
    _check_indicator_arguments(args)
    from klynge.population.geography import MappingError

    try:
        from klynge.population.pipeline import run_indicators  # imported late: the engine
    except ImportError as exc:
        message = _("the indicator engine is not available ({error})").format(error=exc)
        _print_error(console, message)
        return 1

    audits: list[tuple[int, int]] = []
    began = time.perf_counter()
    with console.status(_("computing indicators…")) as status:
        try:
            result = run_indicators(
                args.directory,
                args.year,
                args.out,
                engine=args.engine,
                mapping=args.mapping,
                unsuppressed=args.unsuppressed,
                postgres_url=args.postgres_url,
                progress=lambda message: status.update(escape(message)),
                on_audit=lambda report, rounds: audits.append((report.checked, rounds)),
            )
        except (MappingError, ValueError, FileNotFoundError) as exc:
            raise UsageError(str(exc)) from None
    _print_indicator_summary(console, result, time.perf_counter() - began, args)
    for checked, rounds in audits:
        text = ngettext(
            "disclosure audit: {count} count of 1-4 hidden, none can be narrowed to 1-4 "
            "by combining the published rows ({rounds} rounds)",
            "disclosure audit: {count} counts of 1-4 hidden, none can be narrowed to 1-4 "
            "by combining the published rows ({rounds} rounds)",
            checked,
        )
        console.print(text.format(count=number(checked), rounds=rounds))
    return 0


def _check_mappings(paths: list[Path] | None) -> None:
    for path in paths or []:
        if not path.is_file():
            raise UsageError(_("mapping file {file} does not exist").format(file=path))


def _audit(args: argparse.Namespace, console: Console) -> int:
    """Audit published files together: exit 0 when no count of 1-4 can be narrowed to
    1-4, else 1 with a table of those that can."""
    from klynge.population.audit import AuditError, read_published

    _check_mappings(args.mapping)
    for path in args.files:
        if not path.is_file():
            raise UsageError(_("{file} does not exist").format(file=path))
    try:
        report = read_published(args.files, args.mapping)
    except (AuditError, ValueError, OSError) as exc:
        raise UsageError(str(exc)) from None
    if report.ok:
        text = ngettext(
            "{count} suppressed or small count checked: none can be narrowed to 1-4",
            "{count} suppressed or small counts checked: none can be narrowed to 1-4",
            report.checked,
        )
        console.print(text.format(count=number(report.checked)))
        return 0
    table = Table(title=escape(_("counts a reader can narrow to 1-4")))
    for column in (_("count"), _("at least"), _("at most")):
        table.add_column(column, overflow="fold")
    for finding in report.findings:
        table.add_row(
            escape(finding.quantity.describe()), number(finding.low, 2), number(finding.high, 2)
        )
    console.print(table)
    text = ngettext(
        "{count} of {checked} counts can be narrowed to 1-4",
        "{count} of {checked} counts can be narrowed to 1-4",
        len(report.findings),
    )
    console.print(
        Text(text.format(count=number(len(report.findings)), checked=number(report.checked)),
             style="red"),
        soft_wrap=True,
    )
    return 1


def _print_indicator_summary(
    console: Console, result: pa.Table, seconds: float, args: argparse.Namespace
) -> None:
    """The country's total for each indicator, and how many rows each level got."""
    rows = result.to_pylist()
    totals = {
        r["indicator"]: r for r in rows if r["level"] == "country" and r["group_by"] == "total"
    }
    counts = Counter(r["indicator"] for r in rows)
    suppressed = Counter(r["indicator"] for r in rows if r["suppressed"])
    title = _("indicators {year}, country totals → {file} ({engine})").format(
        year=args.year, file=args.out, engine=args.engine
    )
    table = Table(title=escape(title))
    # The first four are the output file's columns: never translated.
    for name in ("indicator", "numerator", "denominator", "value"):
        table.add_column(name, justify="left" if name == "indicator" else "right")
    table.add_column(_("rows"), justify="right")
    table.add_column(_("suppressed rows"), justify="right")
    for indicator in sorted(counts):
        total = totals.get(indicator, {})
        table.add_row(
            indicator,
            _number(total.get("numerator")),
            _number(total.get("denominator")),
            _number(total.get("value")),
            number(counts[indicator]),
            number(suppressed[indicator]),
        )
    console.print(table)
    line = ngettext("{rows} row in {seconds} s", "{rows} rows in {seconds} s", len(rows))
    console.print(line.format(rows=number(len(rows)), seconds=number(seconds, 1)))
    if args.unsuppressed:
        warning = _("UNSUPPRESSED: no disclosure control was applied; do not publish these rows")
        console.print(Text(warning, style="yellow"), soft_wrap=True)


def _number(value: float | int | None) -> str:
    """Counts as integers, rates to two decimals (display only), suppressed or absent as –."""
    if value is None:
        return "–"
    if float(value).is_integer() and abs(value) >= 100:
        return number(value)
    return number(value, 2)
