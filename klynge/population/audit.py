"""The disclosure audit: can a reader narrow a suppressed count down to 1–4?

As statistics offices audit their tables: take every fact that the published rows of a
data set and year show (one or several files: every indicator, every grouping), and for
each suppressed count find, by linear programming, the smallest and the largest value
consistent with all of them and with no count being negative. The count is protected
when that interval reaches 0 or at least 5 (``THRESHOLD``): then the rows do not tell a
reader that it is a small count. Checked are

- every fact of a measure that counts people or events that no row shows (a suppressed
  numerator, or a denominator hidden with its row), and every such fact that a row
  shows as 1–4 (a finding at once), and
- the complement (denominator − numerator) of every suppressed share.

Given the true values (``truth``, as disclosure control has them), only the quantities
that really are 1–4 are checked; the others are protected anyway, since the interval
holds their true value (0, or 5 and more). The rows' values (rates) add nothing a
reader could not compute from their numerator and denominator; the standardised rates
and inequality ratios are not linear in the counts and are left out (they follow the
suppression of their crude row).

To be fast: one point where many quantities of a measure are 0 at once (and one where
many are 5 and more) settles them together; each of the few left gets a small program
over the municipalities around it (its own and those sharing a collaboration with
them), every other unknown fixed at a point of the measure's equalities. That program
is a restriction of the whole one, so a quantity it shows able to be 0 (or 5 and more)
is protected; a quantity it does not settle gets the whole program (``exact``, as
:func:`audit` does), or, in disclosure control, is repaired in the small program until
it does settle there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from klynge.population.facts import Fact, Geography, RowFacts, sensitive_measures
from klynge.population.i18n import _
from klynge.population.lp import TOLERANCE, Block, Programs
from klynge.population.marts.spec import IndicatorSpec

THRESHOLD = 5
JOINT = 24  # settle quantities together while more than this many are left
Terms = tuple[tuple[Fact, int], ...]


class AuditError(ValueError):
    """Published rows the audit cannot read as one data set and year."""


class Quantity(NamedTuple):
    """A sum of facts with coefficients ±1 (one fact, or a share's complement)."""

    terms: Terms
    scale: int

    def describe(self) -> str:
        if len(self.terms) == 1:
            return self.terms[0][0].describe()
        return " − ".join(fact.describe() for fact, _sign in self.terms)


@dataclass(frozen=True)
class Finding:
    """A quantity a reader can narrow to ``low``–``high`` (published units), inside 1–4,
    and the shown facts that pin it."""

    quantity: Quantity
    low: float
    high: float
    binding: tuple[Fact, ...]
    local: bool = False  # the interval of a restricted program, not of the whole one


@dataclass
class AuditReport:
    """How many suppressed quantities were checked, and those not protected."""

    checked: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


class Model:
    """The facts of a set of long-form rows, and one block of unknowns per measure."""

    def __init__(self, rows: pd.DataFrame, mapping: pd.DataFrame, specs: list[IndicatorSpec]):
        self.rows = RowFacts.of(rows, specs)
        self.geography = Geography(rows, mapping)
        self.sensitive = sensitive_measures(specs)
        grouped: dict[str, set[Fact]] = defaultdict(set)
        for fact in self.rows.every_fact():
            grouped[fact.measure].add(fact)
        self.blocks = {m: Block(m, facts, self.geography) for m, facts in sorted(grouped.items())}

    def quantities(
        self, published: pd.DataFrame, truth: dict[Fact, float] | None = None
    ) -> list[Quantity]:
        """What must be protected in ``published`` (rows in the model's order)."""
        shown = self.rows.shown(published)
        found: set[Quantity] = set()
        for fact in self.rows.every_fact():
            if fact.measure not in self.sensitive:
                continue
            # a count shown as 1-4 is found at once; a hidden one is checked
            small = _small(shown if fact in shown else truth, ((fact, 1),), self._scale(fact))
            if small:
                found.add(Quantity(((fact, 1),), self._scale(fact)))
        hidden = published["numerator"].isna().to_numpy()
        for position in np.flatnonzero(self.rows.share & hidden):
            numerator = self.rows.numerator[position]
            denominator = self.rows.denominator[position]
            if numerator is None or denominator is None:
                continue
            terms: Terms = ((denominator, 1), (numerator, -1))
            if _small(truth, terms, self._scale(numerator)):
                found.add(Quantity(terms, self._scale(numerator)))
        return sorted(found)

    def _scale(self, fact: Fact) -> int:
        return self.rows.scale[fact.measure]

    def snapshot(
        self, published: pd.DataFrame, anchors: dict[str, np.ndarray | None] | None = None
    ) -> Snapshot:
        """The facts ``published`` shows, and each measure's equalities; ``anchors``:
        a point of each measure's equalities, if known (say one of the unsuppressed
        rows', which satisfies every subset of them)."""
        shown = self.rows.shown(published)
        self._check_geography(shown)
        per_measure: dict[str, list[tuple[Fact, float]]] = defaultdict(list)
        for fact, value in sorted(shown.items()):
            per_measure[fact.measure].append((fact, value))
        systems = {m: b.system(per_measure.get(m, [])) for m, b in self.blocks.items()}
        return Snapshot(shown, Programs(self.blocks, systems, anchors))

    def check(
        self,
        published: pd.DataFrame,
        truth: dict[Fact, float] | None = None,
        only: set[Quantity] | None = None,
        snapshot: Snapshot | None = None,
        exact: bool = True,
    ) -> AuditReport:
        """Audit ``published`` (same rows as the model, some suppressed); with ``only``,
        just those of its quantities. Not ``exact``: a finding's interval and binding
        facts may be those of a restricted program (narrower than the whole one's: a
        quantity found may be protected after all, one not found never is)."""
        snapshot = snapshot or self.snapshot(published)
        quantities = self.quantities(published, truth)
        if only is not None:
            quantities = [q for q in quantities if q in only]
        findings = assess(quantities, snapshot.shown, snapshot.programs, exact)
        return AuditReport(len(quantities), findings)

    def repairs(
        self, snapshot: Snapshot, findings: Sequence[Finding], cost: Callable[[Fact], Any]
    ) -> set[Fact]:
        """Shown facts to hide until no finding is left, as far as hiding them alone
        goes: for each finding in turn, the cheapest fact that binds its interval in the
        program around it, again until that interval reaches 0 or THRESHOLD (so that it
        reaches them in the whole program too)."""
        shown, programs = dict(snapshot.shown), snapshot.programs.copy()
        chosen: set[Fact] = set()
        for finding in sorted(findings, key=lambda f: f.quantity):
            quantity = finding.quantity
            current: Finding | None = finding
            # afresh if the facts hidden for the findings before may have settled it
            if not finding.local or {f.measure for f, _sign in quantity.terms} & {
                f.measure for f in chosen
            }:
                current = _one_by_one(quantity, _split(quantity, shown), programs, local=True)
            while current is not None:
                own = [f for f, _sign in quantity.terms if f in shown]
                if own and len(own) == len(quantity.terms):  # shown outright
                    candidates = own
                else:
                    candidates = list(current.binding) or _neighbours(quantity, shown)
                if not candidates:
                    raise RuntimeError(f"nothing to hide for {current.quantity.describe()}")
                fact = min(candidates, key=cost)
                chosen.add(fact)
                del shown[fact]
                programs.hide(fact)
                part = _split(quantity, shown)
                current = _one_by_one(quantity, part, programs, local=True)
        return chosen

    def _check_geography(self, shown: dict[Fact, float]) -> None:
        for fact, value in shown.items():
            if value != 0 and not self.geography.members(fact.level, fact.code):
                raise AuditError(
                    _("{level} {code} has no municipalities in the mapping").format(
                        level=fact.level, code=fact.code
                    )
                )


@dataclass
class Snapshot:
    """What one version of the rows shows: the facts, and each measure's programs."""

    shown: dict[Fact, float]
    programs: Programs


def _neighbours(quantity: Quantity, shown: dict[Fact, float]) -> list[Fact]:
    """Shown facts of the quantity's measures and geographies (should the linear
    program's dual values name none), else of its measures."""
    places = {(f.measure, f.level, f.code) for f, _sign in quantity.terms}
    near = [f for f in shown if (f.measure, f.level, f.code) in places]
    measures = {f.measure for f, _sign in quantity.terms}
    return near or [f for f in shown if f.measure in measures]


def _small(truth: dict[Fact, float] | None, terms: Terms, scale: int) -> bool:
    """Whether the quantity is 1–4 (below THRESHOLD, above 0); unknown truth: maybe."""
    if truth is None:
        return True
    value = sum(sign * truth.get(fact, 0.0) for fact, sign in terms)
    return TOLERANCE < value < THRESHOLD * scale - TOLERANCE


def assess(
    quantities: Sequence[Quantity],
    shown: dict[Fact, float],
    programs: Programs,
    exact: bool = True,
) -> list[Finding]:
    """The quantities whose interval neither reaches 0 nor reaches THRESHOLD: those of
    one measure first settled together, then each in the program around it, and (when
    ``exact``) in the whole program where that does not settle it."""
    parts = [_split(q, shown) for q in quantities]
    settled = np.zeros(len(quantities), dtype=bool)
    by_measure: dict[str, list[int]] = defaultdict(list)
    for i, (_constant, hidden) in enumerate(parts):
        if len(hidden) == 1:
            by_measure[next(iter(hidden))].append(i)
    for measure, members in sorted(by_measure.items()):
        settled[members] = _settle_together(
            [quantities[i] for i in members], [parts[i] for i in members], programs, measure
        )
    findings = []
    for i in np.flatnonzero(~settled).tolist():
        finding = _one_by_one(quantities[i], parts[i], programs, local=True)
        if finding is not None and exact:
            finding = _one_by_one(quantities[i], parts[i], programs, local=False)
        if finding is not None:
            findings.append(finding)
    return findings


def _split(quantity: Quantity, shown: dict[Fact, float]) -> tuple[float, dict[str, Terms]]:
    """The shown part (a constant) and the hidden terms, per measure."""
    constant = 0.0
    hidden: dict[str, list[tuple[Fact, int]]] = defaultdict(list)
    for fact, sign in quantity.terms:
        if fact in shown:
            constant += sign * shown[fact]
        else:
            hidden[fact.measure].append((fact, sign))
    return constant, {m: tuple(t) for m, t in sorted(hidden.items())}


def _settle_together(
    quantities: list[Quantity],
    parts: list[tuple[float, dict[str, Terms]]],
    programs: Programs,
    measure: str,
) -> np.ndarray:
    """Which quantities of one measure one point shows protected: at 0 where their sum
    is least, or at THRESHOLD or more where the sum of min(quantity, THRESHOLD) is
    greatest."""
    block, system = programs.blocks[measure], programs.systems[measure]
    forms = block.forms([next(iter(hidden.values())) for _c, hidden in parts])
    constants = np.array([c for c, _hidden in parts])
    caps = np.array([THRESHOLD * q.scale for q in quantities], dtype=float)
    positive = np.array([all(sign > 0 for _f, sign in q.terms) for q in quantities])
    settled = np.zeros(len(quantities), dtype=bool)
    while True:  # again on those left, which no longer compete with the settled ones
        before = int(settled.sum())
        low_side = np.flatnonzero(positive & ~settled)
        if len(low_side):
            low = system.joint_low(forms[low_side]) + constants[low_side]
            settled[low_side[low <= TOLERANCE]] = True
        rest = np.flatnonzero(~settled)
        if len(rest):
            high = system.joint_high(forms[rest], caps[rest] - constants[rest]) + constants[rest]
            settled[rest[high >= caps[rest] - TOLERANCE]] = True
        # few left: a small program around each of them is quicker than two more here
        if len(quantities) - int(settled.sum()) <= JOINT or int(settled.sum()) == before:
            return settled


def _one_by_one(
    quantity: Quantity, part: tuple[float, dict[str, Terms]], programs: Programs, local: bool
) -> Finding | None:
    """The quantity's interval, in the whole programs or (``local``) in those around
    it; a finding when it is inside 1–4."""
    constant, hidden = part
    low, high = constant, constant
    binding: set[Fact] = set()
    for measure, terms in hidden.items():
        extreme = programs.extreme(measure, terms, largest=False, local=local)
        low += extreme.value
        binding.update(extreme.binding)
    if low <= TOLERANCE:
        return None
    for measure, terms in hidden.items():
        extreme = programs.extreme(measure, terms, largest=True, local=local)
        high += extreme.value
        binding.update(extreme.binding)
    if high >= THRESHOLD * quantity.scale - TOLERANCE:
        return None
    scale = quantity.scale
    return Finding(quantity, low / scale, high / scale, tuple(sorted(binding)), local)


def audit(
    tables: Sequence[pa.Table], mapping: pa.Table, specs: list[IndicatorSpec]
) -> AuditReport:
    """Audit published output: one or more tables of the output contract from the same
    data set and year (for instance one per grouping), read together, with the mapping
    (every grouping's) that says which municipalities each collaboration adds up."""
    frames = [table.to_pandas() for table in tables]
    years = {int(y) for frame in frames for y in frame["year"].dropna().unique()}
    if len(years) > 1:
        raise AuditError(
            _("the files hold more than one year ({years}); audit one year at a time").format(
                years=", ".join(str(y) for y in sorted(years))
            )
        )
    rows = pd.concat(frames, ignore_index=True)
    model = Model(rows, mapping.to_pandas(), specs)
    return model.check(rows)


def read_published(files: Sequence[Path], mapping_files: Sequence[Path] | None) -> AuditReport:
    """Audit output files read together, with the indicators of the default code lists;
    the mapping is the files' rows together, else the built-in one for the year."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from klynge.population.codelists import CodeLists
    from klynge.population.output import OUTPUT_SCHEMA
    from klynge.population.pipeline import indicator_specs, mappings

    options = pcsv.ConvertOptions(column_types=OUTPUT_SCHEMA, strings_can_be_null=False)
    tables = [
        _conform(
            pq.read_table(path) if path.suffix.lower() == ".parquet"
            else pcsv.read_csv(path, convert_options=options),
            OUTPUT_SCHEMA,
        )
        for path in files
    ]
    years = sorted({y for t in tables for y in t.column("year").to_pylist() if y is not None})
    if not years:
        raise AuditError(_("the files hold no rows"))
    mapping = mappings(list(mapping_files) if mapping_files else None, years[0])
    return audit(tables, mapping, indicator_specs(CodeLists.defaults()))


OPTIONAL_COLUMNS = ("variance",)  # files written before it was added lack it


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """An output file's table with the contract's columns and types; an optional column
    it lacks is read as nulls (the audit never looks at it)."""
    for name in OPTIONAL_COLUMNS:
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(table.num_rows, schema.field(name).type))
    return table.select(schema.names).cast(schema)
