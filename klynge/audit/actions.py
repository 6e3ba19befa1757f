"""Writing to the audit trail. Called from every ``do_*`` action, inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from klynge.audit.models import AuditEntry


def record(
    actor: Any,
    verb: str,
    obj: models.Model,
    *,
    changes: dict[str, Any] | None = None,
    collaboration_code: str = "",
) -> AuditEntry:
    """Record that ``actor`` did ``verb`` to ``obj``; ``actor`` may be None for the system."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        collaboration_code=collaboration_code,
        changes=_jsonable(changes or {}),
    )


def _jsonable(changes: dict[str, Any]) -> dict[str, Any]:
    return {key: value if isinstance(value, (int, float, bool, type(None))) else str(value)
            for key, value in changes.items()}
