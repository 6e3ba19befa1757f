"""The inputs of matching, the exclusion reasons and the integer scoring formulas.

Everything here is plain Python with no Django: frozen dataclasses for referrals, volunteers
and a programme's rules, and the small functions that both the one-referral path
(``matching.rank``) and the vectorised path (``pairs.candidates``) use, so the two score a
pair identically. docs/volunteering.md, *Matching*, explains each criterion.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeAlias

Id: TypeAlias = int | str
"""A referral's or a volunteer's id; within one kind all ints or all strings (they are sorted)."""
Area: TypeAlias = Hashable
"""Where someone lives: a municipality code or anything the distance knows."""
Slot: TypeAlias = Hashable
"""An availability slot, e.g. ``(0, "morning")`` for Monday morning."""
Distance: TypeAlias = Callable[[Any, Any], "float | None"] | Mapping[Any, float]
"""Kilometres between two areas: a function of two areas (None: unknown), or a mapping from
pairs of areas, looked up both ways round."""

PARTS = ("language", "distance", "availability", "preferences", "load", "continuity")
"""The criteria of a score, in the order the breakdown lists them."""


class Reason(StrEnum):
    """Why a volunteer is excluded for a referral: codes the app translates."""

    INACTIVE = "inactive"
    AT_CAPACITY = "at_capacity"
    CERTIFICATE_MISSING = "certificate_missing"
    CERTIFICATE_EXPIRED = "certificate_expired"
    NO_COMMON_LANGUAGE = "no_common_language"
    DISTANCE_UNKNOWN = "distance_unknown"
    TOO_FAR = "too_far"
    NO_AVAILABILITY_OVERLAP = "no_availability_overlap"
    PREFERENCE_EXCLUDED = "preference_excluded"


@dataclass(frozen=True)
class Certificate:
    """A certificate of some kind (e.g. a police record), valid from ``issued`` up to the day
    before ``expires`` (half-open, like every period in Klynge); ``expires=None``: no end."""

    kind: str
    issued: dt.date
    expires: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return self.issued <= day and (self.expires is None or day < self.expires)


@dataclass(frozen=True)
class Preferences:
    """A referral's wishes about the volunteer.

    Hard (a volunteer who does not meet them is excluded, ``preference_excluded``):
    ``gender`` (only volunteers of this gender) and ``avoid`` (no volunteer with any of these
    traits, e.g. ``"dog"`` for an allergy). Soft: ``wished`` traits score points.
    """

    gender: str | None = None
    avoid: frozenset[str] = frozenset()
    wished: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Referral:
    """A person waiting for a volunteer. ``languages``: the first is the preferred one.
    ``urgency``: 0 (routine) upwards, an index into ``Weights.urgency_factors``."""

    id: Id
    person_key: str
    languages: tuple[str, ...]
    area: Area
    availability: frozenset[Slot]
    preferences: Preferences = field(default_factory=Preferences)
    urgency: int = 0
    family_key: str | None = None


@dataclass(frozen=True)
class Volunteer:
    """A volunteer. ``past_person_keys`` and ``past_family_keys``: whom they supported before."""

    id: Id
    languages: frozenset[str]
    area: Area
    availability: frozenset[Slot]
    gender: str | None
    max_load: int
    current_load: int
    certificates: tuple[Certificate, ...] = ()
    past_person_keys: frozenset[str] = frozenset()
    past_family_keys: frozenset[str] = frozenset()
    active: bool = True
    traits: frozenset[str] = frozenset()

    @property
    def capacity(self) -> int:
        """How many more referrals the volunteer can take (0 when inactive)."""
        return max(0, self.max_load - self.current_load) if self.active else 0


@dataclass(frozen=True)
class Weights:
    """The most points each criterion can give (integers; docs/volunteering.md).

    ``urgency_factors[u]`` multiplies the score of every pair of a referral with urgency
    ``u`` in the assignment (not in the ranking): more urgent referrals come first.
    """

    language: int = 100
    distance: int = 100
    availability: int = 100
    preferences: int = 100
    load: int = 50
    continuity: int = 200
    continuity_family: int = 100
    urgency_factors: tuple[int, ...] = (1, 2, 3)

    def __post_init__(self) -> None:
        if not self.urgency_factors or min(self.urgency_factors) < 1:
            raise ValueError("urgency_factors must be positive integers")

    def urgency_factor(self, urgency: int) -> int:
        if not 0 <= urgency < len(self.urgency_factors):
            raise ValueError(f"urgency {urgency} has no factor in {self.urgency_factors}")
        return self.urgency_factors[urgency]


@dataclass(frozen=True)
class Rules:
    """A programme's rules: certificates a volunteer must hold, the farthest distance."""

    required_certificates: frozenset[str] = frozenset()
    max_distance_km: float = 25.0
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self) -> None:
        if tenths(self.max_distance_km) < 1:
            raise ValueError("max_distance_km must be at least 0.1 km")

    @property
    def max_tenths(self) -> int:
        return tenths(self.max_distance_km)


@dataclass(frozen=True)
class Ranked:
    """One eligible volunteer for a referral: the total and its parts (keys of ``PARTS``)."""

    volunteer_id: Id
    total: int
    parts: dict[str, int]


UNKNOWN = -1
"""``tenths`` of a distance nobody knows."""


def tenths(km: float | None) -> int:
    """A distance in whole tenths of a kilometre, so that scoring is integer arithmetic;
    ``UNKNOWN`` for None or NaN, and a very large number for infinity."""
    if km is None or math.isnan(km):
        return UNKNOWN
    if km < 0:
        raise ValueError(f"negative distance {km}")
    if math.isinf(km):
        return 2**40
    return round(km * 10)


def distance_in_tenths(distance: Distance) -> Callable[[Area, Area], int]:
    """The caller's distance as a function of two areas giving ``tenths`` (a mapping is
    looked up both ways round; an area is 0 km from itself unless the mapping says other)."""
    if isinstance(distance, Mapping):
        table = distance

        def look_up(a: Area, b: Area) -> int:
            if (a, b) in table:
                return tenths(table[a, b])
            if (b, a) in table:
                return tenths(table[b, a])
            return 0 if a == b else UNKNOWN

        return look_up
    function = distance
    return lambda a, b: tenths(function(a, b))


def certificate_reasons(
    volunteer: Volunteer, required: frozenset[str], on: dt.date
) -> tuple[Reason, ...]:
    """``certificate_expired`` if some required kind has only certificates that expired on or
    before ``on``, ``certificate_missing`` if some has none valid otherwise (none at all, or
    issued later); each reason at most once."""
    reasons: set[Reason] = set()
    for kind in required:
        held = [c for c in volunteer.certificates if c.kind == kind]
        if any(c.valid_on(on) for c in held):
            continue
        expired = any(c.expires is not None and c.expires <= on for c in held)
        reasons.add(Reason.CERTIFICATE_EXPIRED if expired else Reason.CERTIFICATE_MISSING)
    return tuple(r for r in Reason if r in reasons)


def volunteer_reasons(volunteer: Volunteer, rules: Rules, on: dt.date) -> tuple[Reason, ...]:
    """The reasons that exclude a volunteer whatever the referral."""
    reasons: list[Reason] = []
    if not volunteer.active:
        reasons.append(Reason.INACTIVE)
    if volunteer.current_load >= volunteer.max_load:
        reasons.append(Reason.AT_CAPACITY)
    reasons.extend(certificate_reasons(volunteer, rules.required_certificates, on))
    return tuple(reasons)


# The formulas below are the whole of the scoring; pairs.py applies the same ones to arrays.


def language_part(w: Weights, speaks_preferred: bool) -> int:
    return w.language if speaks_preferred else w.language // 2


def distance_part(w: Weights, d_tenths: int, max_tenths: int) -> int:
    return w.distance * (max_tenths - d_tenths) // max_tenths


def availability_part(w: Weights, overlap: int, wanted: int) -> int:
    return w.availability * overlap // wanted


def preferences_part(w: Weights, met: int, wished: int) -> int:
    return w.preferences * met // wished if wished else 0


def load_part(w: Weights, current: int, maximum: int) -> int:
    return w.load * (maximum - current) // maximum


def continuity_part(w: Weights, same_person: bool, same_family: bool) -> int:
    if same_person:
        return w.continuity
    return w.continuity_family if same_family else 0
