"""The bodies the reference files name (Alrek helseklynge's groups and panels), written in the
reference load's transaction (``klynge.collaborations.loader.reference_loading``).

The same writer as the rest of the load: idempotent, and a body an administrator corrected
is kept unless the load overwrites corrections.
"""

from __future__ import annotations

from typing import Any

from klynge.collaborations.models import Collaboration
from klynge.collaborations.sources import ReferenceData
from klynge.governance.models import Body
from klynge.reference.loader import Writer


def load_reference_bodies(sender: Any, writer: Writer, data: ReferenceData, **kwargs: Any) -> None:
    codes = {row.collaboration_code for row in data.bodies}
    collaborations = {c.code: c for c in Collaboration.objects.filter(code__in=codes)}
    for row in data.bodies:
        writer.upsert(Body, {"collaboration": collaborations[row.collaboration_code],
                             "name": row.name}, {
            "kind": row.kind, "valid_from": row.valid_from, "valid_to": row.valid_to,
            "confidence": row.confidence, "source": row.source,
        })
