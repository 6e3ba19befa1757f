"""Questions asked of the reference data, each answered by one call."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from klynge.governance.models import Collaboration, Partnership

# The collaborations that carry a shared population responsibility: those the
# population engine's mapping covers (innovation clusters do not).
POPULATION_KINDS = (
    Collaboration.Kind.HEALTH_CLUSTER,
    Collaboration.Kind.HEALTH_COUNCIL,
    Collaboration.Kind.HEALTH_COMMUNITY,
)


def _normalise_code(code: str, country: str) -> str:
    """Danish codes are four digits, zero-padded: ``101`` is ``0101``."""
    code = code.strip()
    return code.zfill(4) if country == "DK" and code.isdigit() else code


def collaborations_for_municipality(
    code: str, on: dt.date, country: str = "DK"
) -> QuerySet[Collaboration]:
    """The collaborations municipality ``code`` of ``country`` belongs to on ``on``: both the
    collaboration and the municipality's partnership in it in force that day. Several are
    possible (København belonged to two clusters in 2022–2026)."""
    in_force = Q(partnerships__valid_from__lte=on) & (
        Q(partnerships__valid_to__isnull=True) | Q(partnerships__valid_to__gte=on)
    )
    member = Q(
        partnerships__organisation__municipality__code=_normalise_code(code, country),
        partnerships__organisation__municipality__country__code=country,
    )
    return (
        Collaboration.objects.on(on)
        .filter(member & in_force)  # one filter(): the same partnership row
        .distinct()
        .order_by("code")
    )


def municipality_mapping(
    on: dt.date, kinds: tuple[str, ...] = POPULATION_KINDS
) -> list[tuple[str, str]]:
    """``(municipality_code, collaboration_code)`` pairs in force on ``on``, sorted; the
    table the population engine reads. A municipality may appear more than once."""
    pairs = (
        Partnership.objects.on(on)
        .filter(
            organisation__municipality__isnull=False,
            collaboration__in=Collaboration.objects.on(on).filter(kind__in=kinds),
        )
        .values_list("organisation__municipality__code", "collaboration__code")
        .distinct()
    )
    return sorted(pairs)
