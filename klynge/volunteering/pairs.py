"""Candidate pairs for a whole waiting list, vectorised.

The same eligibility and scoring as ``matching.evaluate``, on arrays: languages,
availability slots and traits become bit sets (numpy ``uint64`` words), distances a matrix
between the areas in tenths of a kilometre. Referrals are taken area by area: only the
volunteers of areas within the programme's distance, and only those free to take someone
(active, below their load, with valid certificates), are scored, block by block, and each
referral keeps its best ``per_referral`` (highest score, then lowest volunteer id).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from klynge.volunteering.assignment import Candidates, Ints
from klynge.volunteering.model import (
    UNKNOWN,
    Distance,
    Referral,
    Rules,
    Volunteer,
    Weights,
    continuity_part,
    distance_in_tenths,
    load_part,
    volunteer_reasons,
)

Bits = NDArray[np.uint64]
BLOCK = 1 << 21
"""At most this many pairs are scored at once (a few arrays of this many int64: ~16 MiB each)."""
LOWEST = np.iinfo(np.int64).min
Person = TypeVar("Person", Referral, Volunteer)


def vocabulary(*groups: Iterable[Iterable[Hashable]]) -> dict[Hashable, int]:
    """A bit number for every item of every row of the groups, in order of appearance."""
    bits: dict[Hashable, int] = {}
    for rows in groups:
        for items in rows:
            for item in items:
                bits.setdefault(item, len(bits))
    return bits


def bitsets(rows: Sequence[Iterable[Hashable]], vocabulary: dict[Hashable, int]) -> Bits:
    """One row of ``uint64`` words per row of items, bit ``vocabulary[item]`` set for each
    item; all bit sets of one vocabulary have the same number of words."""
    masks = []
    for items in rows:
        mask = 0
        for item in items:
            mask |= 1 << vocabulary[item]
        masks.append(mask)
    words = max(1, (len(vocabulary) + 63) // 64)
    out = np.zeros((len(rows), words), dtype=np.uint64)
    for word in range(words):
        out[:, word] = [(m >> (64 * word)) & (2**64 - 1) for m in masks]
    return out


def _any_common(a: Bits, b: Bits) -> NDArray[np.bool_]:
    """``(len(a), len(b))``: whether the bit sets share a bit."""
    common = np.zeros((len(a), len(b)), dtype=bool)
    for word in range(a.shape[1]):
        common |= (a[:, word, None] & b[None, :, word]) != 0
    return common


def _count_common(a: Bits, b: Bits) -> Ints:
    """``(len(a), len(b))``: how many bits the bit sets share."""
    count = np.zeros((len(a), len(b)), dtype=np.int64)
    for word in range(a.shape[1]):
        count += np.bitwise_count(a[:, word, None] & b[None, :, word])
    return count


@dataclass
class _Side:
    """The referrals' or volunteers' features as arrays (bit sets and codes). For referrals,
    ``traits`` are the wished ones and ``gender`` the one required (-1: any)."""

    languages: Bits
    slots: Bits
    traits: Bits
    gender: Ints
    area: Ints


@dataclass
class _RefExtra:
    first_word: Ints  # the word and bit of the preferred language
    first_bit: Bits
    slot_count: Ints
    wished_count: Ints
    avoid: Bits
    factor: Ints


def _encode(
    referrals: Sequence[Referral], volunteers: Sequence[Volunteer], weights: Weights
) -> tuple[_Side, _RefExtra, _Side, list[Hashable], list[Hashable]]:
    languages = vocabulary([r.languages for r in referrals], [v.languages for v in volunteers])
    slots = vocabulary([r.availability for r in referrals], [v.availability for v in volunteers])
    traits = vocabulary(
        [r.preferences.wished | r.preferences.avoid for r in referrals],
        [v.traits for v in volunteers],
    )
    genders: dict[str | None, int] = {}
    r_areas: dict[Hashable, int] = {}
    v_areas: dict[Hashable, int] = {}
    first = [languages[r.languages[0]] if r.languages else -1 for r in referrals]
    refs = _Side(
        bitsets([r.languages for r in referrals], languages),
        bitsets([r.availability for r in referrals], slots),
        bitsets([r.preferences.wished for r in referrals], traits),
        np.array([_code(genders, r.preferences.gender) for r in referrals], dtype=np.int64),
        np.array([r_areas.setdefault(r.area, len(r_areas)) for r in referrals], dtype=np.int64),
    )
    extra = _RefExtra(
        np.array([max(f, 0) // 64 for f in first], dtype=np.int64),
        np.array([0 if f < 0 else 1 << (f % 64) for f in first], dtype=np.uint64),
        np.array([len(r.availability) for r in referrals], dtype=np.int64),
        np.array([len(r.preferences.wished) for r in referrals], dtype=np.int64),
        bitsets([r.preferences.avoid for r in referrals], traits),
        np.array([weights.urgency_factor(r.urgency) for r in referrals], dtype=np.int64),
    )
    vols = _Side(
        bitsets([v.languages for v in volunteers], languages),
        bitsets([v.availability for v in volunteers], slots),
        bitsets([v.traits for v in volunteers], traits),
        np.array([genders.setdefault(v.gender, len(genders)) for v in volunteers], np.int64),
        np.array([v_areas.setdefault(v.area, len(v_areas)) for v in volunteers], np.int64),
    )
    return refs, extra, vols, list(r_areas), list(v_areas)


def _code(genders: dict[str | None, int], gender: str | None) -> int:
    """A referral's required gender as the volunteers' code; -1: none required."""
    return -1 if gender is None else genders.setdefault(gender, len(genders))


def _continuity(
    referrals: Sequence[Referral], volunteers: Sequence[Volunteer], free: NDArray[np.bool_]
) -> dict[int, list[tuple[int, bool]]]:
    """Per referral index: ``(volunteer index, same person?)`` for every free volunteer who
    supported the person (True) or only the family (False) before."""
    persons: dict[str, list[int]] = defaultdict(list)
    families: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(volunteers):
        if free[i]:
            for key in v.past_person_keys:
                persons[key].append(i)
            for key in v.past_family_keys:
                families[key].append(i)
    found: dict[int, list[tuple[int, bool]]] = {}
    for i, r in enumerate(referrals):
        same = persons.get(r.person_key, [])
        family = families.get(r.family_key, []) if r.family_key is not None else []
        links = [(v, True) for v in same] + [(v, False) for v in family if v not in same]
        if links:
            found[i] = links
    return found


def candidates(
    referrals: Iterable[Referral],
    volunteers: Iterable[Volunteer],
    rules: Rules,
    on_date: dt.date,
    distance: Distance,
    per_referral: int = 30,
) -> Candidates:
    """The eligible pairs of the waiting list, at most ``per_referral`` per referral: those
    of highest score, equal scores by volunteer id (each referral's list is what ``rank``
    gives, cut there). Weights are scores times the referral's urgency factor."""
    if per_referral < 1:
        raise ValueError("per_referral must be at least 1")
    refs, vols = _sorted(referrals), _sorted(volunteers)
    w, top = rules.weights, rules.max_tenths
    r, extra, v, r_areas, v_areas = _encode(refs, vols, w)
    free = np.array([not volunteer_reasons(x, rules, on_date) for x in vols], dtype=bool)
    load = np.array(
        [load_part(w, x.current_load, x.max_load) if free[i] else 0 for i, x in enumerate(vols)],
        dtype=np.int64,
    )
    between = distance_in_tenths(distance)
    matrix = np.array([[between(a, b) for b in v_areas] for a in r_areas], dtype=np.int64).reshape(
        len(r_areas), len(v_areas)
    )
    by_area = _groups(v.area, len(v_areas), np.flatnonzero(free))
    links = _continuity(refs, vols, free)
    found: list[tuple[Ints, Ints, Ints]] = []
    for a, rows in enumerate(_groups(r.area, len(r_areas), np.arange(len(refs)))):
        near = np.flatnonzero((matrix[a] != UNKNOWN) & (matrix[a] <= top))
        cols = np.sort(np.concatenate([by_area[j] for j in near] or [np.zeros(0, np.int64)]))
        if not len(rows) or not len(cols):
            continue
        base = w.distance * (top - matrix[a, v.area[cols]]) // top + load[cols]
        step = max(1, BLOCK // len(cols))
        for start in range(0, len(rows), step):
            block = _Block(rows[start : start + step], cols, base)
            found.append(_score(block, r, extra, v, w, links, per_referral))
    referral, volunteer, score = (
        np.concatenate([f[i] for f in found] or [np.zeros(0, np.int64)]) for i in range(3)
    )
    return Candidates.build(
        [x.id for x in refs], [x.id for x in vols], referral, volunteer, score, extra.factor
    )


def _sorted(items: Iterable[Person]) -> list[Person]:
    ordered = sorted(items, key=lambda x: x.id)
    if any(a.id == b.id for a, b in zip(ordered, ordered[1:], strict=False)):
        raise ValueError("ids must be unique")
    return ordered


def _groups(codes: Ints, count: int, members: Ints) -> list[Ints]:
    """For each code 0..count-1, the members (ascending) whose code it is."""
    order = members[np.argsort(codes[members], kind="stable")]
    bounds = np.searchsorted(codes[order], np.arange(count + 1))
    return [order[bounds[i] : bounds[i + 1]] for i in range(count)]


@dataclass
class _Block:
    rows: Ints  # referral indices
    cols: Ints  # volunteer indices, ascending
    base: Ints  # per column: the distance and load parts


def _score(
    b: _Block,
    r: _Side,
    extra: _RefExtra,
    v: _Side,
    w: Weights,
    links: dict[int, list[tuple[int, bool]]],
    keep: int,
) -> tuple[Ints, Ints, Ints]:
    """The best ``keep`` eligible pairs per row of the block: referral, volunteer, score."""
    rows, cols = b.rows, b.cols
    overlap = _count_common(r.slots[rows], v.slots[cols])
    ok = _any_common(r.languages[rows], v.languages[cols]) & (overlap > 0)
    wanted = r.gender[rows][:, None]
    ok &= (wanted < 0) | (wanted == v.gender[cols][None, :])
    ok &= ~_any_common(extra.avoid[rows], v.traits[cols])
    if not ok.any():
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    speaks = (v.languages[cols].T[extra.first_word[rows]] & extra.first_bit[rows][:, None]) != 0
    score = np.where(speaks, w.language, w.language // 2).astype(np.int64)
    score += w.availability * overlap // np.maximum(extra.slot_count[rows], 1)[:, None]
    wished = extra.wished_count[rows][:, None]
    met = _count_common(r.traits[rows], v.traits[cols])
    score += np.where(wished > 0, w.preferences * met // np.maximum(wished, 1), 0)
    score += b.base[None, :]
    for i, row in enumerate(rows.tolist()):
        for volunteer, same_person in links.get(row, ()):
            at = int(np.searchsorted(cols, volunteer))
            if at < len(cols) and cols[at] == volunteer:
                score[i, at] += continuity_part(w, same_person, not same_person)
    return _best(score, ok, rows, cols, keep)


def _best(
    score: Ints, ok: NDArray[np.bool_], rows: Ints, cols: Ints, keep: int
) -> tuple[Ints, Ints, Ints]:
    """Per row, the ``keep`` eligible columns of highest score, lowest column first on ties."""
    width = len(cols)
    key = np.where(ok, score * width + (width - 1 - np.arange(width))[None, :], LOWEST)
    keep = min(keep, width)
    if keep < width:
        index = np.argpartition(key, width - keep, axis=1)[:, width - keep :]
    else:
        index = np.broadcast_to(np.arange(width), key.shape)
    index = np.take_along_axis(index, np.argsort(np.take_along_axis(key, index, 1), 1), 1)
    valid = np.take_along_axis(key, index, 1) != LOWEST
    return (
        np.broadcast_to(rows[:, None], index.shape)[valid],
        cols[index][valid],
        np.take_along_axis(score, index, 1)[valid],
    )
