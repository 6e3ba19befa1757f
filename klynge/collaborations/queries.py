"""Questions asked of the collaborations, each answered by one call.

The mapping export is the one point where the platform's inclusive periods become the
population contract's half-open ones (``valid_to`` is the first day after): see
:func:`mapping_periods`, tested on the day of the reform.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from klynge.collaborations.models import Collaboration, Partnership
from klynge.core.periods import covering, to_half_open

POPULATION_KINDS = Collaboration.POPULATION_KINDS


def _normalise_code(code: str, country: str) -> str:
    """Danish codes are four digits, zero-padded: ``101`` is ``0101``."""
    code = code.strip()
    return code.zfill(4) if country == "DK" and code.isdigit() else code


def collaborations_for_municipality(
    code: str, on: dt.date, country: str = "DK"
) -> QuerySet[Collaboration]:
    """The collaborations municipality ``code`` of ``country`` belongs to on ``on``: both the
    collaboration and the municipality's partnership in it in force that day. Several are
    possible (København belonged to two clusters in 2022–2026; in 2026 a municipality is in
    its cluster and in its council's preparatory phase)."""
    member = Q(
        partnerships__organisation__municipality__code=_normalise_code(code, country),
        partnerships__organisation__municipality__country__code=country,
    )
    in_force = covering(on, "partnerships__valid_from", "partnerships__valid_to")
    return (
        Collaboration.objects.on(on)
        .filter(member & in_force)  # one filter(): the same partnership row
        .distinct()
        .order_by("code")
    )


def _responsible(on: dt.date, kinds: tuple[str, ...]) -> QuerySet[Collaboration]:
    """Collaborations carrying the population responsibility on ``on``: in force, of one of
    ``kinds``, and past any preparatory phase."""
    return (Collaboration.objects.on(on).filter(kind__in=kinds)
            .exclude(preparatory_until__gte=on))


def municipality_mapping(
    on: dt.date, kinds: tuple[str, ...] = POPULATION_KINDS
) -> list[tuple[str, str]]:
    """``(municipality_code, collaboration_code)`` pairs in force on ``on``, sorted; the
    table the population engine reads. A municipality may appear more than once."""
    pairs = (
        Partnership.objects.on(on)
        .filter(organisation__municipality__isnull=False,
                collaboration__in=_responsible(on, kinds))
        .values_list("organisation__municipality__code", "collaboration__code")
        .distinct()
    )
    return sorted(pairs)


@dataclass(frozen=True, order=True)
class MappingPeriod:
    """One row of the population engine's effective-dated mapping (half-open)."""

    municipality_code: str
    collaboration_code: str
    valid_from: dt.date
    valid_to: dt.date | None  # the first day after, as the population contract has it


def mapping_periods(kinds: tuple[str, ...] = POPULATION_KINDS) -> list[MappingPeriod]:
    """Every municipality → collaboration pairing over time, in the population contract's
    half-open periods: from the later of the partnership's start and the end of any
    preparatory phase, to the day after the earlier of the two last days."""
    rows = (Partnership.objects
            .filter(organisation__municipality__isnull=False, collaboration__kind__in=kinds)
            .select_related("organisation__municipality", "collaboration"))
    periods = set()
    for partnership in rows:
        collaboration = partnership.collaboration
        start = max(partnership.valid_from, collaboration.regular_from)
        ends = [d for d in (partnership.valid_to, collaboration.valid_to) if d is not None]
        last = min(ends) if ends else None
        if last is not None and last < start:
            continue
        periods.add(MappingPeriod(partnership.organisation.municipality.code,  # type: ignore[union-attr]
                                  collaboration.code, start, to_half_open(last)))
    return sorted(periods)
