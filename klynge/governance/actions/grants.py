"""Role grants: roles that do not come from a seat; the only writers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klynge.audit.actions import acting_user, created
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Collaboration, Organisation
from klynge.core.periods import check_order, overlapping
from klynge.core.writes import apply_changes, locked, only_fields
from klynge.governance.actions.common import save_with_reason, written
from klynge.governance.lifecycle import after_role_ends
from klynge.governance.models import Person, RoleGrant

GRANT_FIELDS = ("person", "role", "scope", "collaboration", "organisation", "programme_id",
                "valid_from", "valid_to", "reason")
PROGRAMME_MODEL = ("volunteering", "Programme")


def programme_exists(programme_id: int) -> bool | None:
    """Whether the programme exists; None while the volunteering app is not installed."""
    try:
        model = apps.get_model(*PROGRAMME_MODEL)
    except LookupError:
        return None
    return bool(model._default_manager.filter(pk=programme_id).exists())


def _check_scope(role: str, collaboration: Collaboration | None,
                 organisation: Organisation | None, programme_id: int | None) -> str:
    """The scope ``role`` is granted in, checked against what was given; returns it."""
    scope = RoleGrant.SCOPES.get(role)  # type: ignore[call-overload]
    if scope is None:
        raise ValidationError({"role": _("Unknown role.")})
    given = {RoleGrant.Scope.COLLABORATION: collaboration,
             RoleGrant.Scope.ORGANISATION: organisation,
             RoleGrant.Scope.PROGRAMME: programme_id}
    if given[scope] is None or any(v is not None for k, v in given.items() if k != scope):
        raise ValidationError(_("A %(role)s is granted in one %(scope)s, and nothing else.")
                              % {"role": RoleGrant.Role(role).label,
                                 "scope": RoleGrant.Scope(scope).label})
    if scope == RoleGrant.Scope.PROGRAMME:
        exists = programme_exists(int(programme_id))  # type: ignore[arg-type]
        if exists is None:
            raise ValidationError({"programme_id": _(
                "Programmes are kept by the volunteering part of Klynge, which is not "
                "installed here, so programme roles cannot be granted yet.")})
        if not exists:
            raise ValidationError({"programme_id": _("There is no such programme.")})
    return str(scope)


def check_grant(values: dict[str, Any], grant: RoleGrant | None = None) -> None:
    current = {name: getattr(grant, name) for name in GRANT_FIELDS} if grant else {}
    merged = current | values
    person: Person | None = merged.get("person")
    start, end = merged.get("valid_from"), merged.get("valid_to")
    check_order(start, end)
    _check_scope(merged.get("role", ""), merged.get("collaboration"),
                 merged.get("organisation"), merged.get("programme_id"))
    if person is None or start is None:
        return
    if person.erased:
        raise ValidationError({"person": _("An erased person cannot be given a role.")})
    same = RoleGrant.objects.filter(
        overlapping(start, end), person=person, role=merged["role"],
        collaboration=merged.get("collaboration"), organisation=merged.get("organisation"),
        programme_id=merged.get("programme_id"))
    if grant is not None:
        same = same.exclude(pk=grant.pk)
    if same.exists():
        raise ValidationError(_("%(person)s already has this role here during this period.")
                              % {"person": person.name})


def _code(grant: RoleGrant) -> str:
    return grant.collaboration.code if grant.collaboration_id else ""  # type: ignore[union-attr]


@transaction.atomic
def do_grant_role(actor: Any, person: Person, role: str, *,
                  collaboration: Collaboration | None = None,
                  organisation: Organisation | None = None, programme_id: int | None = None,
                  valid_from: dt.date, valid_to: dt.date | None = None,
                  reason: str = "") -> RoleGrant:
    """Grant ``person`` the ``role`` in its scope for a period; the grant records who gave it."""
    values: dict[str, Any] = {
        "person": person, "role": role, "collaboration": collaboration,
        "organisation": organisation, "programme_id": programme_id,
        "valid_from": valid_from, "valid_to": valid_to, "reason": reason.strip(),
    }
    check_grant(values)
    scope = RoleGrant.SCOPES[role]  # type: ignore[index]
    user = acting_user(actor)
    grant = RoleGrant(scope=scope, granted_by=user, **values)
    save_with_reason(grant, reason)
    written(actor, AuditEntry.Verb.GRANT, grant, code=_code(grant), reason=reason,
            changes=created(grant, [n for n, v in values.items() if v not in (None, "")]))
    from klynge.governance.actions.people import invite_if_new

    invite_if_new(actor, person)
    return grant


@transaction.atomic
def do_update_grant(actor: Any, grant: RoleGrant, reason: str = "", **values: Any) -> RoleGrant:
    only_fields(values, GRANT_FIELDS, "do_update_grant")
    grant = locked(RoleGrant).select_related("person").get(pk=grant.pk)
    if "role" in values:
        values["scope"] = RoleGrant.SCOPES.get(values["role"], grant.scope)  # type: ignore[call-overload]
    check_grant(values, grant)
    old_end = grant.valid_to
    changes = apply_changes(grant, values)
    if changes:
        save_with_reason(grant, reason)
        written(actor, AuditEntry.Verb.UPDATE, grant, code=_code(grant), changes=changes,
                reason=reason)
        if grant.valid_to != old_end:
            after_role_ends(grant.person, grant.valid_to)
    return grant


def do_end_grant(actor: Any, grant: RoleGrant, last_day: dt.date) -> RoleGrant:
    """End a grant on ``last_day`` (the last day the role holds)."""
    return do_update_grant(actor, grant, valid_to=last_day)


@transaction.atomic
def do_delete_grant(actor: Any, grant: RoleGrant) -> None:
    """Delete a grant made by mistake (a grant that was used is ended, not deleted)."""
    written(actor, AuditEntry.Verb.DELETE, grant, code=_code(grant))
    person = grant.person
    grant.delete()
    after_role_ends(person, None)
