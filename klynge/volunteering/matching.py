"""Matching referrals with volunteers: the public interface, and one referral at a time.

``rank`` lists the volunteers eligible for one referral, best first, each score broken down
by criterion; ``exclusions`` says, for every other volunteer, why not. For a whole waiting
list, ``candidates`` (pairs.py, vectorised) keeps the best pairs per referral and ``assign``
(assignment.py) finds the assignment of greatest total score within every volunteer's
capacity, which ``check_with_highs`` confirms and ``greedy`` is the baseline for.
No Django here: docs/volunteering.md, *Matching*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from klynge.volunteering.assignment import (
    Assignment,
    Candidates,
    assign,
    capacities,
    check_with_highs,
    greedy,
)
from klynge.volunteering.model import (
    PARTS,
    UNKNOWN,
    Area,
    Certificate,
    Distance,
    Id,
    Preferences,
    Ranked,
    Reason,
    Referral,
    Rules,
    Volunteer,
    Weights,
    availability_part,
    continuity_part,
    distance_in_tenths,
    distance_part,
    language_part,
    load_part,
    preferences_part,
    volunteer_reasons,
)
from klynge.volunteering.pairs import candidates

__all__ = [
    "PARTS",
    "Assignment",
    "Candidates",
    "Certificate",
    "Preferences",
    "Ranked",
    "Reason",
    "Referral",
    "Rules",
    "Volunteer",
    "Weights",
    "assign",
    "candidates",
    "capacities",
    "check_with_highs",
    "evaluate",
    "exclusions",
    "greedy",
    "rank",
]


def evaluate(
    referral: Referral, volunteer: Volunteer, rules: Rules, on_date: dt.date, d_tenths: int
) -> tuple[tuple[Reason, ...], dict[str, int]]:
    """The reasons that exclude ``volunteer`` for ``referral`` (empty when eligible) and,
    when eligible, the points of each criterion. ``d_tenths``: the distance between their
    areas in tenths of a kilometre (``model.UNKNOWN`` when unknown)."""
    reasons = list(volunteer_reasons(volunteer, rules, on_date))
    common = set(referral.languages) & volunteer.languages
    if not common:
        reasons.append(Reason.NO_COMMON_LANGUAGE)
    if d_tenths == UNKNOWN:
        reasons.append(Reason.DISTANCE_UNKNOWN)
    elif d_tenths > rules.max_tenths:
        reasons.append(Reason.TOO_FAR)
    overlap = len(referral.availability & volunteer.availability)
    if not overlap:
        reasons.append(Reason.NO_AVAILABILITY_OVERLAP)
    wishes = referral.preferences
    if (wishes.gender is not None and volunteer.gender != wishes.gender) or (
        wishes.avoid & volunteer.traits
    ):
        reasons.append(Reason.PREFERENCE_EXCLUDED)
    if reasons:
        return tuple(reasons), {}
    w = rules.weights
    parts = {
        "language": language_part(w, referral.languages[0] in volunteer.languages),
        "distance": distance_part(w, d_tenths, rules.max_tenths),
        "availability": availability_part(w, overlap, len(referral.availability)),
        "preferences": preferences_part(
            w, len(wishes.wished & volunteer.traits), len(wishes.wished)
        ),
        "load": load_part(w, volunteer.current_load, volunteer.max_load),
        "continuity": continuity_part(
            w,
            referral.person_key in volunteer.past_person_keys,
            referral.family_key is not None and referral.family_key in volunteer.past_family_keys,
        ),
    }
    return (), parts


def _evaluations(
    referral: Referral,
    volunteers: Iterable[Volunteer],
    rules: Rules,
    on_date: dt.date,
    distance: Distance,
) -> Iterable[tuple[Volunteer, tuple[Reason, ...], dict[str, int]]]:
    between = distance_in_tenths(distance)
    known: dict[Area, int] = {}
    for volunteer in volunteers:
        if volunteer.area not in known:
            known[volunteer.area] = between(referral.area, volunteer.area)
        reasons, parts = evaluate(referral, volunteer, rules, on_date, known[volunteer.area])
        yield volunteer, reasons, parts


def rank(
    referral: Referral,
    volunteers: Iterable[Volunteer],
    rules: Rules,
    on_date: dt.date,
    distance: Distance,
    limit: int | None = None,
) -> list[Ranked]:
    """The eligible volunteers for ``referral``, highest total first, equal totals by
    volunteer id; at most ``limit`` of them."""
    ranked = [
        Ranked(volunteer.id, sum(parts.values()), parts)
        for volunteer, reasons, parts in _evaluations(
            referral, volunteers, rules, on_date, distance
        )
        if not reasons
    ]
    ranked.sort(key=_ranking_key)
    return ranked if limit is None else ranked[:limit]


def _ranking_key(ranked: Ranked) -> tuple[int, Id]:
    return -ranked.total, ranked.volunteer_id


def exclusions(
    referral: Referral,
    volunteers: Iterable[Volunteer],
    rules: Rules,
    on_date: dt.date,
    distance: Distance,
) -> dict[Id, tuple[Reason, ...]]:
    """Every volunteer who may not be matched with ``referral``, with all the reasons, in
    the order of ``Reason``. An eligible volunteer is absent."""
    return {
        volunteer.id: reasons
        for volunteer, reasons, _parts in _evaluations(
            referral, volunteers, rules, on_date, distance
        )
        if reasons
    }
