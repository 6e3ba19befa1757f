"""One run of the indicators, specified whole: :class:`RunSpec` in, :class:`RunOutcome` out.

A run specification names everything a run's numbers depend on: the data set's folder, the
year, the engine, the mapping files (none: the built-in mapping), the code lists, and whether
the published (suppressed) table is made. :func:`execute` validates the data set, computes
the indicators and, unless told not to, applies disclosure control; it returns both tables,
kept apart, with the data set's fingerprint, the code lists' versions and the time taken, so
that a caller (the platform's ``insights`` app, the command line) can store the run as it
ran. It writes no file.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from klynge.population.codelists import CodeList, CodeLists
from klynge.population.i18n import _

Progress = Callable[[str], None]
ENGINES = ("duckdb", "postgres", "pyspark")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class RunSpec:
    dataset: Path
    year: int
    engine: str = "duckdb"
    mappings: tuple[Path, ...] = ()  # none: the built-in mapping
    codelists: CodeLists | None = None  # none: the packaged defaults
    disclosure: bool = True  # make the published (suppressed) table too

    def described(self) -> dict[str, Any]:
        """The specification as JSON-ready values, with the code lists' versions."""
        return {
            "dataset": str(self.dataset),
            "year": self.year,
            "engine": self.engine,
            "mappings": [str(path) for path in self.mappings],
            "codelists": codelist_versions(self.codelists or CodeLists.defaults()),
            "disclosure": self.disclosure,
        }


@dataclass
class RunOutcome:
    spec: RunSpec
    unsuppressed: pa.Table
    published: pa.Table | None  # None when the spec asks for no disclosure control
    fingerprint: str
    codelists: dict[str, str]
    seconds: float
    audit: Any = None  # the disclosure audit's report (``AuditReport``), with disclosure
    rounds: int = 0  # how many rounds of secondary suppression the audit needed


def codelist_version(codelist: CodeList) -> str:
    """A short digest of a code list's groups and codes: equal lists, equal versions."""
    text = json.dumps(codelist.groups, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def codelist_versions(codelists: CodeLists) -> dict[str, str]:
    return {name: codelist_version(getattr(codelists, name))
            for name in ("preventable", "chronic", "cancer")}


def fingerprint(directory: Path) -> str:
    """A digest of the data set's files: their names and contents, in name order. Any change
    to a file, or a file added or removed, changes it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(directory).iterdir() if p.is_file()):
        if path.name.startswith("."):
            continue
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def execute(spec: RunSpec, progress: Progress | None = None, *, spark_session: Any = None,
            postgres_url: str | None = None) -> RunOutcome:
    """Validate, compute and protect as ``spec`` says. Raises ``InvalidDataset`` before
    computing anything for a data set that breaks the contract, ``YearNotCovered`` for a
    year without residents, and ``EngineError`` for an unknown engine."""
    from klynge.population import disclosure
    from klynge.population.dataset import open_dataset
    from klynge.population.engines import EngineError, connect
    from klynge.population.pipeline import compute_indicators, indicator_specs, mappings

    if spec.engine not in ENGINES:
        raise EngineError(_("unknown engine {engine}; choose one of {engines}").format(
            engine=repr(spec.engine), engines=", ".join(ENGINES)))
    report = progress or (lambda message: None)
    began = time.perf_counter()
    codelists = spec.codelists or CodeLists.defaults()
    links = mappings(list(spec.mappings) or None, spec.year)
    con = connect(spec.engine, spark_session=spark_session, postgres_url=postgres_url)
    # Of the files as they are validated and read (a missing folder is validation's to say).
    digest = fingerprint(spec.dataset) if Path(spec.dataset).is_dir() else ""
    report(_("validating the data set and loading it into {engine}").format(
        engine=spec.engine))
    tables = open_dataset(con, spec.dataset)
    computed = compute_indicators(tables, spec.year, links, codelists=codelists,
                                  progress=report)
    outcome = RunOutcome(spec, computed, None, digest, codelist_versions(codelists), 0.0)
    if spec.disclosure:
        report(_("applying disclosure control"))
        protection = disclosure.protect(computed, links, indicator_specs(codelists))
        outcome.published = protection.table
        outcome.audit, outcome.rounds = protection.report, protection.rounds
    outcome.seconds = time.perf_counter() - began
    return outcome


def years_covered(directory: Path) -> tuple[int, int] | None:
    """The years a run may ask for, of a valid data set: those on whose 1 January someone
    lives somewhere (the residence table), up to the year of the latest date the table
    holds (the extract's end; a residence without an end counts up to there). ``None``
    when nobody lives anywhere on any 1 January."""
    import pyarrow.compute as pc

    from klynge.population.contract import TABLES
    from klynge.population.parsing import find_files, load_table

    path = find_files(Path(directory)).get("residence")
    if path is None:
        return None
    loaded = load_table(TABLES["residence"], path)
    if loaded.table is None or loaded.table.num_rows == 0:
        return None
    starts, ends = loaded.table.column("valid_from"), loaded.table.column("valid_to")
    latest = max(value for value in (pc.max(starts).as_py(), pc.max(ends).as_py()) if value)
    first_start = pc.min(starts).as_py()
    first = first_start.year + (0 if (first_start.month, first_start.day) == (1, 1) else 1)
    if first > latest.year:
        return None
    return first, latest.year
