"""Danish rules: health clusters (sundhedsklynger, 2022-2026; ``dk_clusters``), preparatory
health councils (2026) and health councils (sundhedsråd, 2027-; ``dk_councils``).

What they share (the acts, their addresses, how a seat is recognised) is in ``dk_common``;
docs/governance-rules.md lists every rule with the paragraph it checks.
"""

from __future__ import annotations

from klynge.governance.rules.base import Rule
from klynge.governance.rules.dk_clusters import CLUSTER_RULES, ClusterCoChairs, ClusterMayors
from klynge.governance.rules.dk_councils import COUNCIL_RULES

DK_RULES: list[Rule] = [*CLUSTER_RULES, *COUNCIL_RULES]

__all__ = ["CLUSTER_RULES", "COUNCIL_RULES", "DK_RULES", "ClusterCoChairs", "ClusterMayors"]
