"""The only writers of geography facts outside a reference load: an administrator's corrections.

Each correction is one transaction: the checks of the model, the change with its reason in
the history (django-simple-history), an audit entry, and a new structure version. A reload
keeps a corrected fact unless told to overwrite corrections (``klynge.reference.loader``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from klynge.audit.actions import created, record
from klynge.audit.models import AuditEntry
from klynge.core.versions import bump_structure_version
from klynge.core.writes import apply_changes, dependents, validate_candidate

M = models.Model


def _fields(model: type[M]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if not f.primary_key]


def check_fact(model: type[M], values: dict[str, Any], fact: M | None = None) -> None:
    validate_candidate(model, fact, values, _fields(model))


@transaction.atomic
def do_create_fact(actor: Any, model: type[M], reason: str = "", **values: Any) -> M:
    check_fact(model, values)
    fact = model(**values)
    fact._change_reason = reason or None  # type: ignore[attr-defined]
    fact.save()
    record(actor, AuditEntry.Verb.CREATE, fact, changes=created(fact, values),
           details={"reason": reason} if reason else {})
    bump_structure_version()
    return fact


@transaction.atomic
def do_correct_fact(actor: Any, fact: M, reason: str = "", **values: Any) -> M:
    """Change some fields of a geography fact, keeping the earlier version in its history."""
    unknown = set(values) - set(_fields(type(fact)))
    if unknown:
        raise TypeError(f"do_correct_fact() got unexpected fields {sorted(unknown)}")
    fact = type(fact)._default_manager.select_for_update().get(pk=fact.pk)
    check_fact(type(fact), values, fact)
    changes = apply_changes(fact, values)
    if changes:
        fact._change_reason = reason or None  # type: ignore[attr-defined]
        fact.save()
        record(actor, AuditEntry.Verb.UPDATE, fact, changes=changes,
               details={"reason": reason} if reason else {})
        bump_structure_version()
    return fact


def refuse_delete_fact(fact: M) -> str | None:
    found = dependents(fact)
    if not found:
        return None
    return _("%(name)s cannot be deleted while %(dependents)s refer to it.") % {
        "name": str(fact), "dependents": ", ".join(found)}


@transaction.atomic
def do_delete_fact(actor: Any, fact: M) -> None:
    refusal = refuse_delete_fact(fact)
    if refusal:
        raise ValidationError(refusal)
    record(actor, AuditEntry.Verb.DELETE, fact)
    fact.delete()
    bump_structure_version()
