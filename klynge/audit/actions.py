"""Writing to the audit trail. Called from every ``do_*`` action, inside its transaction.

No view writes an entry itself: views call actions, and actions call :func:`record`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from klynge.audit.models import AuditEntry

PERSONAL = {"personal": True}


def personal_fields(model: type[models.Model] | models.Model) -> frozenset[str]:
    """The fields of ``model`` that hold personal data (its ``PERSONAL_FIELDS``)."""
    return frozenset(getattr(model, "PERSONAL_FIELDS", ()))


def object_label(obj: models.Model) -> str:
    """How the trail names ``obj``: its text, or its kind and number if that is personal."""
    if getattr(obj, "PERSONAL_REPR", False):
        return f"{obj._meta.verbose_name} #{obj.pk}"
    return str(obj)[:255]


def jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    return str(value)


def field_changes(obj: models.Model | type[models.Model],
                  changes: Mapping[str, tuple[Any, Any]]) -> dict[str, Any]:
    """``{field: {"old": …, "new": …}}``; personal fields by name only."""
    personal = personal_fields(obj)
    return {
        name: dict(PERSONAL) if name in personal
        else {"old": jsonable(old), "new": jsonable(new)}
        for name, (old, new) in changes.items()
    }


def created(obj: models.Model, names: Iterable[str]) -> dict[str, tuple[Any, Any]]:
    """The changes of creating ``obj``: each of ``names`` from nothing to its value."""
    return {name: (None, getattr(obj, name)) for name in names}


def with_reason(reason: str = "", **more: Any) -> dict[str, Any]:
    """An entry's ``details``: the reason for a change, if any, and what else is given."""
    extra = {key: value for key, value in more.items() if value not in (None, "", {})}
    return ({"reason": reason} if reason else {}) | extra


def acting_user(actor: Any) -> Any:
    """The user account of ``actor``, for a row's "by" field: None for the system (``None``)
    or anyone signed out."""
    return actor if getattr(actor, "is_authenticated", False) else None


def record(
    actor: Any,
    verb: str,
    obj: models.Model | None = None,
    *,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    details: Mapping[str, Any] | None = None,
    collaboration_code: str = "",
) -> AuditEntry:
    """Record that ``actor`` (None: the system) did ``verb`` to ``obj`` (None: to nothing
    in particular), changing each field of ``changes`` from its old to its new value."""
    user = acting_user(actor)
    return AuditEntry.objects.create(
        actor=user,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=object_label(obj) if obj is not None else "",
        collaboration_code=collaboration_code,
        changes=field_changes(obj, changes) if obj is not None and changes else {},
        details=jsonable(dict(details or {})),
    )


def forget_object(obj: models.Model, label: str) -> int:
    """Name ``obj`` by ``label`` in every entry about it, and drop any value of a personal
    field (part of erasing a person); returns how many entries changed."""
    entries = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    personal = personal_fields(obj)
    count = 0
    for entry in entries:
        entry.object_repr = label
        entry.changes = {name: dict(PERSONAL) if name in personal else change
                         for name, change in entry.changes.items()}
        entry.save(update_fields=["object_repr", "changes"])
        count += 1
    return count
