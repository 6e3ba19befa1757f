"""The assignment of a whole waiting list: min-cost flow, its HiGHS check, and greedy.

Input is a ``Candidates`` graph (pairs.candidates makes one; ``Candidates.from_scores``
makes one from plain triples). ``assign`` maximises the total of the pairs' weights (score
times the referral's urgency factor) with each referral assigned at most once and each
volunteer at most their capacity; a referral may stay unassigned, and a pair of negative
weight is never chosen. Among assignments of equal total, it prefers the one in which
referrals get volunteers higher on their own list (equal scores ordered by volunteer id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow
from scipy.optimize import linprog
from scipy.sparse import coo_array

from klynge.volunteering.model import Id, Volunteer

Ints = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Candidates:
    """The candidate pairs, one array entry per pair, ordered by referral, then best first.

    ``referral`` and ``volunteer`` index ``referral_ids`` and ``volunteer_ids`` (each sorted);
    ``score`` is the match score (the sum of the parts), ``weight`` the score times the
    referral's urgency factor, ``position`` the pair's place in the referral's list (0 best).
    """

    referral_ids: tuple[Id, ...]
    volunteer_ids: tuple[Id, ...]
    referral: Ints
    volunteer: Ints
    score: Ints
    weight: Ints
    position: Ints

    def __len__(self) -> int:
        return len(self.referral)

    @classmethod
    def build(
        cls,
        referral_ids: Sequence[Id],
        volunteer_ids: Sequence[Id],
        referral: Ints,
        volunteer: Ints,
        score: Ints,
        factors: Ints,
    ) -> Candidates:
        """Candidates from index arrays (ids sorted); ``factors`` per referral index."""
        referral, volunteer, score = (
            np.asarray(a, dtype=np.int64) for a in (referral, volunteer, score)
        )
        pair_keys = referral * max(1, len(volunteer_ids)) + volunteer
        if len(np.unique(pair_keys)) != len(pair_keys):
            raise ValueError("a pair appears twice")
        order = np.lexsort((volunteer, -score, referral))
        referral, volunteer, score = referral[order], volunteer[order], score[order]
        starts = np.flatnonzero(np.r_[True, np.diff(referral) != 0])
        counts = np.diff(np.r_[starts, len(referral)])
        position = np.arange(len(referral), dtype=np.int64) - np.repeat(starts, counts)
        weight = score * np.asarray(factors, dtype=np.int64)[referral]
        return cls(
            tuple(referral_ids), tuple(volunteer_ids), referral, volunteer, score, weight, position
        )

    @classmethod
    def from_scores(
        cls, scores: Iterable[tuple[Id, Id, int]], factors: Mapping[Id, int] | None = None
    ) -> Candidates:
        """Candidates from ``(referral_id, volunteer_id, score)`` triples; ``factors``: urgency
        factor per referral id (1 when absent)."""
        triples = list(scores)
        referral_ids = sorted({r for r, _, _ in triples})
        volunteer_ids = sorted({v for _, v, _ in triples})
        r_at = {r: i for i, r in enumerate(referral_ids)}
        v_at = {v: i for i, v in enumerate(volunteer_ids)}
        return cls.build(
            referral_ids,
            volunteer_ids,
            np.array([r_at[r] for r, _, _ in triples], dtype=np.int64),
            np.array([v_at[v] for _, v, _ in triples], dtype=np.int64),
            np.array([s for _, _, s in triples], dtype=np.int64),
            np.array([(factors or {}).get(r, 1) for r in referral_ids], dtype=np.int64),
        )

    def triples(self) -> list[tuple[Id, Id, int]]:
        """``(referral_id, volunteer_id, weight)`` for every pair, in order."""
        return [
            (self.referral_ids[r], self.volunteer_ids[v], w)
            for r, v, w in zip(
                self.referral.tolist(), self.volunteer.tolist(), self.weight.tolist(), strict=True
            )
        ]


@dataclass(frozen=True)
class Assignment:
    """The pairs ``(referral_id, volunteer_id)`` by referral id, their total weight (the
    objective: scores times urgency factors) and the referrals left without a volunteer."""

    pairs: tuple[tuple[Id, Id], ...]
    total_score: int
    unassigned: tuple[Id, ...]


def capacities(volunteers: Iterable[Volunteer]) -> dict[Id, int]:
    """Each volunteer's capacity: max load minus current load, 0 when inactive."""
    return {v.id: v.capacity for v in volunteers}


def _capacity(candidates: Candidates, capacities: Mapping[Id, int]) -> Ints:
    return np.array(
        [max(0, capacities.get(v, 0)) for v in candidates.volunteer_ids], dtype=np.int64
    )


def _result(candidates: Candidates, chosen: Ints) -> Assignment:
    chosen = np.sort(chosen)  # pairs are ordered by referral
    c = candidates
    assigned = set(c.referral[chosen].tolist())
    return Assignment(
        pairs=tuple(
            (c.referral_ids[r], c.volunteer_ids[v])
            for r, v in zip(c.referral[chosen].tolist(), c.volunteer[chosen].tolist(), strict=True)
        ),
        total_score=int(c.weight[chosen].sum()),
        unassigned=tuple(r for i, r in enumerate(c.referral_ids) if i not in assigned),
    )


def assign(candidates: Candidates, capacities: Mapping[Id, int]) -> Assignment:
    """The assignment of greatest total weight, by min-cost flow (OR-Tools).

    Network: source → referral (capacity 1) → volunteer (capacity 1, cost −profit) → sink
    (the volunteer's capacity), and source → sink directly, so no referral must be assigned.
    profit = weight × scale + bonus, where bonus = the longest list's length − position ≥ 1
    and scale exceeds any sum of bonuses: the total weight comes first, the bonus only
    breaks ties.
    A pair of negative weight, or with a volunteer without capacity, is left out.
    """
    c = candidates
    cap = _capacity(c, capacities)
    keep = np.flatnonzero((c.weight >= 0) & (cap[c.volunteer] > 0))
    if not len(keep):
        return _result(c, keep)
    spread = int(c.position.max()) + 2
    scale = len(c.referral_ids) * spread + 1
    nodes = 2 + len(c.referral_ids) + len(c.volunteer_ids)
    # OR-Tools multiplies costs by the number of nodes + 1; Python ints cannot overflow.
    if (int(c.weight[keep].max()) * scale + spread) * (nodes + 1) >= 2**62:
        raise ValueError("scores too large for exact min-cost flow")
    profit = c.weight[keep] * scale + (spread - 1 - c.position[keep])
    flow = SimpleMinCostFlow()
    arcs = _network(flow, c.referral[keep], c.volunteer[keep], profit, cap)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    return _result(c, keep[np.asarray(flow.flows(arcs)) > 0])


def _network(
    flow: SimpleMinCostFlow, referral: Ints, volunteer: Ints, profit: Ints, cap: Ints
) -> NDArray[np.int32]:
    """Adds the arcs and the supplies: node 0 is the source, 1 the sink, then the referrals,
    then the volunteers (by index). Returns the arcs of the pairs, in order."""
    used_r, used_v = np.unique(referral), np.unique(volunteer)
    first_volunteer = 2 + int(referral.max()) + 1
    ones, zeros = np.ones(len(used_r), np.int64), np.zeros(len(used_r), np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.zeros(len(used_r), np.int32), (2 + used_r).astype(np.int32), ones, zeros
    )
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        (2 + referral).astype(np.int32),
        (first_volunteer + volunteer).astype(np.int32),
        np.ones(len(referral), np.int64),
        -profit,
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        (first_volunteer + used_v).astype(np.int32),
        np.ones(len(used_v), np.int32),
        cap[used_v],
        np.zeros(len(used_v), np.int64),
    )
    flow.add_arc_with_capacity_and_unit_cost(0, 1, len(used_r), 0)
    flow.set_nodes_supplies(np.array([0, 1], np.int32), np.array([len(used_r), -len(used_r)]))
    return np.asarray(arcs, dtype=np.int32)


def greedy(candidates: Candidates, capacities: Mapping[Id, int]) -> Assignment:
    """The baseline: best pair first (highest weight, then referral id, then volunteer id),
    taken while its referral is unassigned and its volunteer has capacity left."""
    c = candidates
    left = _capacity(c, capacities).tolist()
    taken = [False] * len(c.referral_ids)
    chosen: list[int] = []
    order = np.lexsort((c.volunteer, c.referral, -c.weight))
    referral, volunteer, weight = c.referral.tolist(), c.volunteer.tolist(), c.weight.tolist()
    for i in order.tolist():
        if weight[i] < 0:
            break
        r, v = referral[i], volunteer[i]
        if taken[r] or left[v] <= 0:
            continue
        taken[r] = True
        left[v] -= 1
        chosen.append(i)
    return _result(c, np.array(chosen, dtype=np.int64))


def check_with_highs(candidates: Candidates, capacities: Mapping[Id, int]) -> int:
    """The optimum total weight on the same graph, by HiGHS (SciPy's ``linprog``): the
    linear programme with 0 ≤ x ≤ 1 per pair, at most 1 per referral and the capacity per
    volunteer. Its matrix is totally unimodular, so the optimum is an integer."""
    c = candidates
    n = len(c)
    if not n:
        return 0
    rows = np.concatenate([c.referral, len(c.referral_ids) + c.volunteer])
    columns = np.concatenate([np.arange(n), np.arange(n)])
    matrix = coo_array(
        (np.ones(2 * n), (rows, columns)), shape=(len(c.referral_ids) + len(c.volunteer_ids), n)
    ).tocsr()
    bounds = np.concatenate([np.ones(len(c.referral_ids)), _capacity(c, capacities)])
    result = linprog(
        -c.weight.astype(float), A_ub=matrix, b_ub=bounds, bounds=(0, 1), method="highs"
    )
    if result.status != 0:
        raise RuntimeError(f"HiGHS: {result.message}")
    x = np.asarray(result.x)
    chosen = np.rint(x)
    if np.abs(x - chosen).max() > 1e-6:
        raise RuntimeError("HiGHS found a fractional optimum")
    optimum = int(c.weight[chosen == 1].sum())
    if abs(optimum + float(result.fun)) > 1e-6 * max(1.0, abs(optimum)):
        raise RuntimeError(f"HiGHS optimum {-result.fun} is not {optimum}")
    return optimum
