"""The reform move: a Danish health cluster ends on 2026-12-31, and its open cases and
action items go to the health council (sundhedsråd) that succeeds it.

The successor is the council with the most member municipalities in common with the cluster
(their partnerships in the reference data: the cluster's on its last day, the council's on
the day after); where two councils share as many, both are listed. A cluster whose
municipalities go to more than one council is *split*: its cases are listed for a decision,
each going to one of the councils that share its municipalities.

The one writer is :func:`klynge.meetings.actions.do_take_over` (and, case by case,
``do_hand_over_case`` and ``do_hand_over_action_item``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.meetings.models import ActionItem

Kind = Collaboration.Kind


@dataclass
class Handover:
    cluster: Collaboration
    shared: list[tuple[Collaboration, int]] = field(default_factory=list)  # most first

    @property
    def councils(self) -> list[Collaboration]:
        """Every council sharing a municipality with the cluster."""
        return [council for council, _count in self.shared]

    @property
    def successors(self) -> list[Collaboration]:
        """The council(s) sharing the most municipalities (more than one on a tie)."""
        if not self.shared:
            return []
        most = self.shared[0][1]
        return [council for council, count in self.shared if count == most]

    @property
    def is_split(self) -> bool:
        return len(self.shared) > 1

    def receives(self, council: Collaboration) -> bool:
        return council.pk in {c.pk for c in self.councils}


def last_day(cluster: Collaboration) -> dt.date:
    return cluster.valid_to or timezone.localdate()


def _municipalities(collaboration_ids: list[int] | int, day: dt.date) -> QuerySet[Partnership]:
    ids = [collaboration_ids] if isinstance(collaboration_ids, int) else collaboration_ids
    return (Partnership.objects.on(day)
            .filter(collaboration_id__in=ids, organisation__kind=Organisation.Kind.MUNICIPALITY,
                    organisation__municipality__isnull=False))


def handover_of(cluster: Collaboration) -> Handover:
    """The councils sharing ``cluster``'s municipalities, most first (three queries)."""
    day = last_day(cluster)
    mine = set(_municipalities(cluster.pk, day).values_list("organisation__municipality_id",
                                                            flat=True))
    rows = (Partnership.objects.on(day + dt.timedelta(days=1))
            .filter(collaboration__kind=Kind.HEALTH_COUNCIL,
                    organisation__municipality_id__in=mine)
            .values_list("collaboration_id", "organisation__municipality_id").distinct())
    counts = Counter(collaboration_id for collaboration_id, _m in set(rows))
    councils = Collaboration.objects.in_bulk(list(counts))
    shared = sorted(((councils[pk], n) for pk, n in counts.items()),
                    key=lambda pair: (-pair[1], pair[0].name))
    return Handover(cluster, shared)


def clusters_for(council: Collaboration) -> list[Handover]:
    """The clusters that hand over to ``council``: those sharing a municipality with it."""
    day = timezone.localdate()
    municipalities = set(_municipalities(council.pk, max(day, council.regular_from))
                         .values_list("organisation__municipality_id", flat=True))
    if not municipalities:
        municipalities = set(
            Partnership.objects.filter(collaboration=council,
                                       organisation__municipality__isnull=False)
            .values_list("organisation__municipality_id", flat=True))
    clusters = (Collaboration.objects.filter(
        kind=Kind.HEALTH_CLUSTER,
        partnerships__organisation__municipality_id__in=municipalities).distinct()
        .order_by("name"))
    handovers = [handover_of(cluster) for cluster in clusters]
    return [handover for handover in handovers if handover.receives(council)]


def open_cases(cluster: Collaboration) -> QuerySet[Case]:
    return Case.objects.open().filter(collaboration=cluster).order_by("year", "serial")


def open_action_items(cluster: Collaboration) -> QuerySet[ActionItem]:
    return (ActionItem.objects.filter(collaboration=cluster, done_at__isnull=True)
            .select_related("owner", "case", "item__meeting__body").order_by("due_on", "pk"))
