"""The linear programs of the disclosure audit: one block of unknowns per cube measure.

A :class:`Block` holds the unknowns of one measure (see :mod:`klynge.population.facts`
for what they are and why the model is exact): per municipality, the counts of each
age class and, per age group of each dimension (sex, education), of each of its
categories. Its equalities are the structural ones (the classes of an age group add up
to the sum of its categories) and one per fact that some row shows.
:meth:`System.extreme` finds the smallest and largest value of a linear form of the
unknowns consistent with them (HiGHS: one model per system, solved again from the last
basis for each new objective, which is what most questions cost), and which shown facts
bind it (the equalities with a non-zero dual value): hiding one of those is
what can widen the interval.

One program over a whole measure (thousands of unknowns) takes tens of milliseconds.
Most questions need less: :meth:`System.restrict` keeps the unknowns of a few
municipalities and fixes every other at a point of the system (:meth:`System.point`).
That is a restriction of the program, so a value it reaches is one the whole program
reaches too: when it shows a count able to be 0 (or 5 or more), the count is protected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import highspy
import numpy as np
from highspy._core import _Highs  # highspy.Highs without its banner and callbacks
from scipy import sparse

from klynge.population.facts import CATEGORIES, OPEN, Fact, Geography

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Extreme:
    """The smallest or largest value of a form (±inf when unbounded), and the shown facts
    whose equalities bind it."""

    value: float
    binding: tuple[Fact, ...]
    point: np.ndarray | None = None  # where the extreme is reached (None: unbounded)


class Block:
    """The unknowns of one measure and the structural equalities among them."""

    def __init__(self, measure: str, facts: Iterable[Fact], geography: Geography) -> None:
        facts = sorted(facts)
        self.measure = measure
        self.geography = geography
        self.classes = _intervals(facts)
        split = [f for f in facts if f.dim]
        self.dims = sorted({f.dim for f in split})
        # each dimension its own age groups: the sexes of the pyramid's age5 cells need
        # not split the educations, which the rows only show over wide ages
        self.groups = {dim: _intervals([f for f in split if f.dim == dim]) for dim in self.dims}
        self.categories = {
            dim: sorted(set(CATEGORIES[dim]) | {f.category for f in split if f.dim == dim})
            for dim in self.dims
        }
        self.base: dict[str, int] = {}
        width = len(self.classes)
        for dim in self.dims:
            self.base[dim] = width
            width += len(self.groups[dim]) * len(self.categories[dim])
        self.width = width
        self.size = width * len(geography.municipalities)
        self._local = lru_cache(maxsize=None)(self._local_terms)
        self.structure = self._structure()
        self.facts = facts
        self.row = {fact: i for i, fact in enumerate(facts)}
        self.matrix = self._facts_matrix()

    def _local_terms(self, low: int, high: int, dim: str, category: str) -> tuple[int, ...]:
        """Positions, within one municipality, of the unknowns that make up a fact."""
        if not dim:
            return tuple(i for i, (a, b) in enumerate(self.classes) if a >= low and b <= high)
        column = self.categories[dim].index(category)
        per_group = len(self.categories[dim])
        return tuple(
            self.base[dim] + g * per_group + column
            for g, (a, b) in enumerate(self.groups[dim])
            if a >= low and b <= high
        )

    def terms(self, fact: Fact) -> np.ndarray:
        """The positions of the unknowns whose sum is ``fact``."""
        local = np.asarray(
            self._local(fact.low, fact.high, fact.dim, fact.category), dtype=np.int64
        )
        members = np.asarray(self.geography.members(fact.level, fact.code), dtype=np.int64)
        return (members[:, None] * self.width + local[None, :]).ravel()

    def _structure(self) -> sparse.csr_matrix:
        """Per municipality, dimension and its age group: the classes minus the
        categories = 0."""
        rows, columns, values = [], [], []
        row = 0
        for m in range(len(self.geography.municipalities)):
            start = m * self.width
            for dim in self.dims:
                for g, (a, b) in enumerate(self.groups[dim]):
                    classes = [i for i, (x, y) in enumerate(self.classes) if x >= a and y <= b]
                    per_group = len(self.categories[dim])
                    first = self.base[dim] + g * per_group
                    parts = [(start + i, 1.0) for i in classes]
                    parts += [(start + first + k, -1.0) for k in range(per_group)]
                    for column, value in parts:
                        rows.append(row)
                        columns.append(column)
                        values.append(value)
                    row += 1
        return sparse.csr_matrix((values, (rows, columns)), shape=(row, self.size))

    def _facts_matrix(self) -> sparse.csr_matrix:
        """One row per fact of the block (in ``facts``' order): the unknowns it adds."""
        terms = [self.terms(fact) for fact in self.facts]
        lengths = np.fromiter((len(t) for t in terms), dtype=np.int64, count=len(terms))
        columns = np.concatenate(terms) if terms else np.zeros(0, dtype=np.int64)
        rows = np.repeat(np.arange(len(terms)), lengths)
        values = np.ones(len(columns))
        return sparse.csr_matrix((values, (rows, columns)), shape=(len(terms), self.size))

    def system(self, shown: Sequence[tuple[Fact, float]]) -> System:
        """The equalities when ``shown`` (facts of this measure, with values) are known."""
        index = np.fromiter((self.row[f] for f, _ in shown), dtype=np.int64, count=len(shown))
        matrix = sparse.vstack([self.structure, self.matrix[index]], format="csr")
        values = np.fromiter((v for _, v in shown), dtype=float, count=len(shown))
        target = np.concatenate([np.zeros(self.structure.shape[0]), values])
        return System(matrix, target, self.structure.shape[0], [f for f, _ in shown])

    def forms(self, sums: Sequence[Iterable[tuple[Fact, int]]]) -> sparse.csr_matrix:
        """One row per sum of facts with coefficients: its coefficients on the unknowns."""
        rows, columns, values = [], [], []
        for i, terms in enumerate(sums):
            for fact, coefficient in terms:
                rows.append(i)
                columns.append(self.row[fact])
                values.append(float(coefficient))
        pick = sparse.csr_matrix((values, (rows, columns)), shape=(len(sums), len(self.facts)))
        return sparse.csr_matrix(pick @ self.matrix)

    def columns(self, municipalities: Iterable[int]) -> np.ndarray:
        """The positions of every unknown of ``municipalities``."""
        starts = np.asarray(sorted(municipalities), dtype=np.int64) * self.width
        return (starts[:, None] + np.arange(self.width)[None, :]).ravel()

    def form(self, terms: Iterable[tuple[Fact, int]]) -> np.ndarray:
        """The dense coefficient vector of a sum of facts with coefficients."""
        return np.asarray(self.forms([tuple(terms)]).toarray()).ravel()


def _intervals(facts: list[Fact]) -> list[tuple[int, int]]:
    """The age intervals between every two limits of ``facts`` (and 0 and OPEN)."""
    ordered = sorted({0, OPEN + 1} | {f.low for f in facts} | {f.high + 1 for f in facts})
    return [(a, b - 1) for a, b in zip(ordered[:-1], ordered[1:], strict=True)]


class Solver:
    """One HiGHS model of ``matrix`` x = ``target``, x ≥ 0, solved for one objective after
    another: each solve starts from the basis of the one before (same equalities, a new
    objective), so most take a few simplex iterations instead of a solve from scratch."""

    def __init__(
        self,
        matrix: sparse.spmatrix,
        target: np.ndarray,
        below: np.ndarray | None = None,
        caps: np.ndarray | None = None,
    ) -> None:
        """``below``: the rows are ``target`` ≥ … ≥ ``below`` (default: equalities);
        ``caps``: upper bounds of the unknowns (default: none, each unknown ≥ 0); an
        unknown with a finite cap is free below, one whose cap is ``inf`` stays ≥ 0."""
        rows, columns = matrix.shape
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = columns, rows
        lp.col_cost_ = np.zeros(columns)
        lp.col_lower_ = np.zeros(columns)
        lp.col_upper_ = np.full(columns, highspy.kHighsInf)
        if caps is not None:
            lp.col_upper_ = np.asarray(caps, dtype=float)
            lp.col_lower_ = np.where(np.isfinite(caps), -highspy.kHighsInf, 0.0)
        lp.row_upper_ = np.asarray(target, dtype=float)
        lp.row_lower_ = lp.row_upper_ if below is None else np.asarray(below, dtype=float)
        by_column = sparse.csc_matrix(matrix)  # no copy when it is one already
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = by_column.indptr
        lp.a_matrix_.index_ = by_column.indices
        lp.a_matrix_.value_ = by_column.data.astype(float)
        self.highs = _Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.passModel(lp)
        self.positions = np.arange(columns, dtype=np.int32)

    def minimise(self, objective: np.ndarray) -> tuple[str, float, np.ndarray, np.ndarray]:
        """``optimal``, ``unbounded`` or ``failed``; the least value of ``objective`` · x,
        the x reaching it, and the equalities' dual values."""
        highs = self.highs
        highs.changeColsCost(len(self.positions), self.positions, objective.astype(float))
        highs.run()
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnbounded:
            return "unbounded", -np.inf, np.zeros(0), np.zeros(0)
        if status != highspy.HighsModelStatus.kOptimal:
            return "failed", np.nan, np.zeros(0), np.zeros(0)
        solution = highs.getSolution()
        value = float(highs.getInfo().objective_function_value)
        return "optimal", value, np.asarray(solution.col_value), np.asarray(solution.row_dual)


@dataclass
class System:
    """``matrix`` x = ``target``, x ≥ 0; rows from ``first_fact`` on are ``facts``."""

    matrix: sparse.csr_matrix
    target: np.ndarray
    first_fact: int
    facts: list[Fact]
    _by_column: sparse.csc_matrix | None = field(default=None, repr=False)
    _solver: Solver | None = field(default=None, repr=False)

    @property
    def by_column(self) -> sparse.csc_matrix:
        """``matrix`` by columns (made once: :meth:`restrict` and the solver need it)."""
        if self._by_column is None:
            self._by_column = self.matrix.tocsc()
        return self._by_column

    @property
    def solver(self) -> Solver:
        if self._solver is None:
            self._solver = Solver(self.by_column, self.target)
        return self._solver

    def without(self, fact: Fact) -> System:
        """The same equalities less the one of ``fact``."""
        drop = self.first_fact + self.facts.index(fact)
        keep = np.delete(np.arange(self.matrix.shape[0]), drop)
        facts = self.facts[: drop - self.first_fact] + self.facts[drop - self.first_fact + 1 :]
        return System(self.matrix[keep], self.target[keep], self.first_fact, facts)

    def point(self) -> np.ndarray | None:
        """Some point of the system (None: no point, or the solver failed)."""
        status, _value, x, _duals = self.solver.minimise(np.zeros(self.matrix.shape[1]))
        return x if status == "optimal" else None

    def restrict(self, columns: np.ndarray, anchor: np.ndarray) -> System:
        """The equalities of the unknowns ``columns`` (sorted positions), every other
        unknown fixed at ``anchor`` (a point of this system); the rows that hold none of
        ``columns`` are left out (``anchor`` satisfies them)."""
        inside = self.by_column[:, columns].tocsr()
        fixed = anchor.copy()
        fixed[columns] = 0.0
        target = self.target - self.matrix @ fixed
        rows = np.flatnonzero(np.diff(inside.indptr))
        first = int(np.searchsorted(rows, self.first_fact))
        facts = [self.facts[r - self.first_fact] for r in rows[first:].tolist()]
        return System(inside[rows], target[rows], first, facts)

    def extreme(self, form: np.ndarray, largest: bool, strict: bool = True) -> Extreme | None:
        """The smallest (or largest) value of ``form`` · x; None when the solver fails
        and not ``strict`` (else an error)."""
        status, value, x, duals = self.solver.minimise(-form if largest else form)
        if status == "unbounded":
            return Extreme(np.inf if largest else -np.inf, ())
        if status != "optimal":
            if not strict:
                return None
            raise RuntimeError("disclosure audit: the linear program failed")
        shown = duals[self.first_fact :]
        binding = tuple(f for f, d in zip(self.facts, shown, strict=True) if abs(d) > 1e-9)
        return Extreme(-value if largest else value, binding, x)

    def joint_low(self, forms: sparse.csr_matrix) -> np.ndarray:
        """The forms' values at one point minimising their sum (each ≥ its minimum)."""
        objective = np.asarray(forms.sum(axis=0)).ravel()
        status, _value, x, _duals = self.solver.minimise(objective)
        if status != "optimal":
            return np.full(forms.shape[0], np.inf)
        return np.asarray(forms @ x).ravel()

    def joint_high(self, forms: sparse.csr_matrix, caps: np.ndarray) -> np.ndarray:
        """The forms' values at one point maximising the sum of min(form, cap)."""
        # unknowns x ≥ 0 and, per form, y ≤ its cap (free below) with y − form · x ≤ 0
        count, size = forms.shape
        equal = sparse.hstack([self.matrix, sparse.csr_matrix((self.matrix.shape[0], count))])
        upper = sparse.hstack([-forms, sparse.identity(count)])
        matrix = sparse.vstack([equal, upper], format="csc")
        target = np.concatenate([self.target, np.zeros(count)])
        below = np.concatenate([self.target, np.full(count, -highspy.kHighsInf)])
        caps = np.concatenate([np.full(size, np.inf), np.asarray(caps, dtype=float)])
        solver = Solver(matrix, target, below, caps)
        objective = np.concatenate([np.zeros(size), -np.ones(count)])
        status, _value, x, _duals = solver.minimise(objective)
        if status != "optimal":
            return np.full(count, -np.inf)
        return np.asarray(forms @ x[:size]).ravel()


class Programs:
    """Every measure's block and equalities, and a point of each (found when first
    needed) at which :meth:`extreme` fixes the unknowns outside a neighbourhood."""

    def __init__(
        self,
        blocks: dict[str, Block],
        systems: dict[str, System],
        anchors: dict[str, np.ndarray | None] | None = None,
    ) -> None:
        self.blocks = blocks
        self.systems = dict(systems)
        self.anchors = {} if anchors is None else anchors
        self._restricted: dict[tuple[str, tuple[int, ...]], tuple[System, np.ndarray]] = {}

    def copy(self) -> Programs:
        """The same programs, to hide facts in without changing these (points shared:
        a point of a system is one of the system less any equality)."""
        return Programs(self.blocks, self.systems, self.anchors)

    def hide(self, fact: Fact) -> None:
        """Drop the equality of a shown fact."""
        self.systems[fact.measure] = self.systems[fact.measure].without(fact)
        self._restricted = {k: v for k, v in self._restricted.items() if k[0] != fact.measure}

    def anchor(self, measure: str) -> np.ndarray | None:
        if measure not in self.anchors:
            self.anchors[measure] = self.systems[measure].point()
        return self.anchors[measure]

    def extreme(
        self, measure: str, terms: Sequence[tuple[Fact, int]], largest: bool, local: bool
    ) -> Extreme:
        """The extreme of a sum of facts of one measure: over the whole measure, or
        (``local``) over the municipalities around the facts' places, the rest fixed;
        the whole measure too when that fails or the neighbourhood is everywhere."""
        block, system = self.blocks[measure], self.systems[measure]
        form = block.form(terms)
        if local:
            places = block.geography.around((f.level, f.code) for f, _sign in terms)
            anchor = self.anchor(measure) if places else None
            if places and anchor is not None:
                restricted, columns = self._restrict(measure, places, anchor)
                found = restricted.extreme(form[columns], largest, strict=False)
                if found is not None:
                    return found
        found = system.extreme(form, largest)
        assert found is not None  # strict: raises instead
        return found

    def _restrict(
        self, measure: str, places: tuple[int, ...], anchor: np.ndarray
    ) -> tuple[System, np.ndarray]:
        key = (measure, places)
        if key not in self._restricted:
            columns = self.blocks[measure].columns(places)
            self._restricted[key] = (self.systems[measure].restrict(columns, anchor), columns)
        return self._restricted[key]
