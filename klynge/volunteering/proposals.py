"""The assignment of a coordinator's waiting list, from the app's rows: the proposal the
assignment page shows, and the check of the pairs the coordinator confirms.

The **waiting list** is every referral waiting for a volunteer: accepted and not yet
matched, or on the waiting list for want of a place (confirming a pair for one of those
accepts it first, which needs a free place). The candidate pairs are those the matching core
finds eligible (``pairs.candidates``, at most ``PER_REFERRAL`` per referral), less those the
volunteer's own wish rules out; ``matching.assign`` (min-cost flow) gives the proposal,
``matching.check_with_highs`` confirms its total and ``matching.greedy`` is shown beside it.

A volunteer covers municipalities, so their area for the vectorised core is the set of them,
and the distance is 0 km to a patient in one of them and unknown elsewhere (as in
``inputs``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from klynge.volunteering import inputs, matching
from klynge.volunteering.models import Programme, Referral, VolunteerProfile

PER_REFERRAL = 30
WAITING = (Referral.State.ACCEPTED, Referral.State.WAITING)


@dataclass(frozen=True)
class Option:
    volunteer: VolunteerProfile
    score: int


@dataclass(frozen=True)
class Row:
    referral: Referral
    options: tuple[Option, ...]
    proposed: int | None  # a volunteer profile id

    @property
    def proposed_option(self) -> Option | None:
        return next((o for o in self.options if o.volunteer.pk == self.proposed), None)


@dataclass(frozen=True)
class Proposal:
    rows: tuple[Row, ...]
    total: int
    greedy_total: int
    checked_total: int
    capacities: dict[Any, int]

    @property
    def assigned(self) -> int:
        return sum(1 for row in self.rows if row.proposed is not None)


def waiting_list(programme: Programme) -> list[Referral]:
    """The referrals waiting for a volunteer, most urgent and longest waiting first."""
    return list(Referral.objects.filter(programme=programme, state__in=WAITING)
                .select_related("area", "programme")
                .order_by("-urgency", "submitted_at", "pk"))


def _covered(a: object, b: object) -> float | None:
    return 0.0 if isinstance(b, frozenset) and a in b else None


def _volunteer(profile: VolunteerProfile) -> matching.Volunteer:
    areas = frozenset(area.pk for area in profile.areas.all())
    return replace(inputs.core_volunteer(profile, None), area=areas or inputs.ELSEWHERE)


def candidates(programme: Programme, referrals: list[Referral],
               profiles: list[VolunteerProfile], on: dt.date) -> matching.Candidates:
    """The eligible pairs, with the volunteers' own wishes applied."""
    rules = inputs.rules_for(programme)
    found = matching.candidates([inputs.core_referral(r) for r in referrals],
                                [_volunteer(p) for p in profiles], rules, on, _covered,
                                per_referral=PER_REFERRAL)
    referral_by_id: dict[Any, Referral] = {r.pk: r for r in referrals}
    profile_by_id: dict[Any, VolunteerProfile] = {p.pk: p for p in profiles}
    keep = np.array([
        not inputs.unwished(referral_by_id[found.referral_ids[r]],
                            profile_by_id[found.volunteer_ids[v]])
        for r, v in zip(found.referral.tolist(), found.volunteer.tolist(), strict=True)],
        dtype=bool)
    factors = np.array([rules.weights.urgency_factor(referral_by_id[rid].urgency)
                        for rid in found.referral_ids], dtype=np.int64)
    return matching.Candidates.build(found.referral_ids, found.volunteer_ids,
                                     found.referral[keep], found.volunteer[keep],
                                     found.score[keep], factors)


def propose(programme: Programme, on: dt.date) -> Proposal:
    """The proposal for the programme's waiting list on ``on``."""
    referrals = waiting_list(programme)
    profiles = inputs.profiles_for(programme, on)
    cands = candidates(programme, referrals, profiles, on)
    capacities: dict[Any, int] = {p.pk: _volunteer(p).capacity for p in profiles}
    best = matching.assign(cands, capacities)
    proposed = {int(r): int(v) for r, v in best.pairs}
    profile_by_id = {p.pk: p for p in profiles}
    options: dict[int, list[Option]] = {r.pk: [] for r in referrals}
    for r, v, score in zip(cands.referral.tolist(), cands.volunteer.tolist(),
                           cands.score.tolist(), strict=True):
        options[int(cands.referral_ids[r])].append(
            Option(profile_by_id[int(cands.volunteer_ids[v])], int(score)))
    rows = tuple(Row(r, tuple(options[r.pk]), proposed.get(r.pk)) for r in referrals)
    return Proposal(rows=rows, total=best.total_score,
                    greedy_total=matching.greedy(cands, capacities).total_score,
                    checked_total=matching.check_with_highs(cands, capacities),
                    capacities=capacities)


def refused_choices(proposal: Proposal, chosen: dict[int, int | None]) -> list[str]:
    """What is wrong with the coordinator's choices (referral id → volunteer id or None),
    as codes the page words: ``gone:<referral>``, ``ineligible:<referral>``,
    ``over:<volunteer>``. Empty: they may be confirmed."""
    rows = {row.referral.pk: row for row in proposal.rows}
    problems = [f"gone:{pk}" for pk in chosen if pk not in rows]
    for pk, volunteer in chosen.items():
        row = rows.get(pk)
        if row and volunteer is not None and volunteer not in {o.volunteer.pk
                                                              for o in row.options}:
            problems.append(f"ineligible:{pk}")
    load = Counter(v for v in chosen.values() if v is not None)
    problems += [f"over:{v}" for v, n in sorted(load.items())
                 if n > proposal.capacities.get(v, 0)]
    return problems
