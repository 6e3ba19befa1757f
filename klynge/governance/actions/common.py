"""What the governance actions share: the audit code of an object, reasons, the version bump."""

from __future__ import annotations

from typing import Any

from django.db import models

from klynge.audit.actions import record, with_reason
from klynge.core.versions import bump_structure_version
from klynge.governance.models import Body


def collaboration_code(body: Body | None) -> str:
    """The collaboration an audit entry about ``body`` (or its seats) belongs to."""
    if body is None or body.collaboration_id is None:
        return ""
    return body.collaboration.code  # type: ignore[union-attr]


def written(actor: Any, verb: str, obj: models.Model, *, code: str = "",
            changes: dict[str, tuple[Any, Any]] | None = None, reason: str = "",
            **more: Any) -> None:
    """Audit a write and bump the structure version; call inside the action's transaction."""
    record(actor, verb, obj, changes=changes, collaboration_code=code,
           details=with_reason(reason, **more))
    bump_structure_version()


def save_with_reason(obj: models.Model, reason: str, **kwargs: Any) -> None:
    """Save ``obj``, keeping ``reason`` in its history."""
    obj._change_reason = reason or None  # type: ignore[attr-defined]
    obj.save(**kwargs)
