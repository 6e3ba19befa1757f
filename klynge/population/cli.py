"""Command line of the population engine: ``klynge population validate|generate|indicators``.

``main(argv)`` returns the exit status: 0 success, 1 an invalid data set (or a failed
run), 2 bad arguments. Errors are printed as messages, never as tracebacks.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from klynge.population.validate import InvalidDataset, ValidationReport, validate_dataset

PROG = "klynge population"
OUTPUT_SUFFIXES = (".csv", ".parquet")
ENGINES = ("duckdb", "pyspark", "postgres")


class UsageError(Exception):
    """Bad arguments, reported with exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Population data sets and indicators.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check a data-set folder against the contract")
    validate.add_argument("directory", type=Path)
    validate.add_argument("--max-errors", type=int, default=50, help="errors to list (default 50)")

    generate = commands.add_parser("generate", help="write a synthetic data set")
    generate.add_argument("--persons", type=int, required=True)
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("--out", type=Path, required=True)
    generate.add_argument("--country", choices=("dk", "no"), default="dk")
    generate.add_argument("--format", choices=("parquet", "csv"), default="parquet", dest="fmt")
    generate.add_argument("--first-year", type=int, default=2019)
    generate.add_argument("--last-year", type=int, default=2025)

    indicators = commands.add_parser("indicators", help="compute the indicators for a year")
    indicators.add_argument("directory", type=Path)
    indicators.add_argument("--year", type=int, required=True)
    indicators.add_argument("--out", type=Path, required=True, help="a .csv or .parquet file")
    indicators.add_argument("--engine", choices=ENGINES, default="duckdb")
    indicators.add_argument("--mapping", type=Path, help="municipality_code,collaboration_code CSV")
    indicators.add_argument(
        "--unsuppressed",
        action="store_true",
        help="skip disclosure control (only for entitled users)",
    )
    indicators.add_argument("--postgres-url", help="PostgreSQL URL for --engine postgres")
    return parser


def main(argv: list[str] | None = None) -> int:
    console = Console()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return int(exc.code) if isinstance(exc.code, int) else 2
    handlers = {"validate": _validate, "generate": _generate, "indicators": _indicators}
    try:
        return handlers[args.command](args, console)
    except UsageError as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        return 2
    except InvalidDataset as exc:
        _print_errors(console, exc.report)
        return 1


def _validate(args: argparse.Namespace, console: Console) -> int:
    began = time.perf_counter()
    report = validate_dataset(args.directory, max_errors=args.max_errors)
    if not report.ok:
        _print_errors(console, report)
        return 1
    table = Table(title=f"{args.directory} is valid ({report.format})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in report.row_counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    console.print(f"validated in {time.perf_counter() - began:.1f} s")
    return 0


def _print_errors(console: Console, report: ValidationReport) -> None:
    table = Table(title=f"{report.directory} is not a valid data set")
    for column in ("file", "row", "column", "rule", "message"):
        table.add_column(column, overflow="fold")
    for error in report.errors:
        row = "" if error.row is None else str(error.row)
        table.add_row(
            error.file, row, error.column or "", error.rule, error.detail or error.message
        )
    console.print(table)
    more = f" ({report.omitted:,} not listed)" if report.omitted else ""
    console.print(
        f"[red]{report.error_count:,} error(s){more}[/red]; rows are 1-based data rows "
        "(CSV line = row + 1)"
    )


def _generate(args: argparse.Namespace, console: Console) -> int:
    from klynge.population.generate import generate

    if args.persons < 1:
        raise UsageError("--persons must be at least 1")
    if args.first_year > args.last_year:
        raise UsageError("--first-year must not be after --last-year")
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("persons", total=args.persons)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

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
    table = Table(title=f"synthetic data set in {result.out} ({args.fmt})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in result.row_counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    console.print(f"generated in {result.seconds:.1f} s")
    return 0


def _indicators(args: argparse.Namespace, console: Console) -> int:
    if not args.directory.is_dir():
        raise UsageError(f"{args.directory} is not a folder")
    if args.out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UsageError(f"--out must end in .csv or .parquet, not {args.out.suffix or '(none)'!r}")
    if args.mapping is not None and not args.mapping.is_file():
        raise UsageError(f"mapping file {args.mapping} does not exist")
    if args.engine == "postgres" and not args.postgres_url:
        raise UsageError("--engine postgres needs --postgres-url")
    from klynge.population.geography import MappingError

    try:
        from klynge.population.pipeline import run_indicators  # imported late: the engine
    except ImportError as exc:
        console.print(
            f"[red]error:[/red] the indicator engine is not available ({exc})", soft_wrap=True
        )
        return 1

    began = time.perf_counter()
    with console.status("computing indicators…") as status:
        try:
            result = run_indicators(
                args.directory,
                args.year,
                args.out,
                engine=args.engine,
                mapping=args.mapping,
                unsuppressed=args.unsuppressed,
                postgres_url=args.postgres_url,
                progress=lambda message: status.update(message),
            )
        except (MappingError, ValueError, FileNotFoundError) as exc:
            raise UsageError(str(exc)) from None
    _print_indicator_summary(console, result, time.perf_counter() - began, args)
    return 0


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
    table = Table(title=f"indicators {args.year}, country totals → {args.out} ({args.engine})")
    for name in ("indicator", "numerator", "denominator", "value", "rows", "suppressed"):
        table.add_column(name, justify="left" if name == "indicator" else "right")
    for indicator in sorted(counts):
        total = totals.get(indicator, {})
        table.add_row(
            indicator,
            _number(total.get("numerator")),
            _number(total.get("denominator")),
            _number(total.get("value")),
            f"{counts[indicator]:,}",
            f"{suppressed[indicator]:,}",
        )
    console.print(table)
    marker = " [yellow]UNSUPPRESSED[/yellow]" if args.unsuppressed else ""
    console.print(f"{len(rows):,} rows in {seconds:.1f} s{marker}")


def _number(value: float | int | None) -> str:
    """Counts as integers, rates to two decimals (display only), suppressed or absent as –."""
    if value is None:
        return "–"
    if float(value).is_integer() and abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}"
