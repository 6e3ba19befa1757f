"""Bodies and their participation in collaborations: the only writers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import created
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Collaboration, Organisation
from klynge.core.periods import check_order, overlapping
from klynge.core.writes import apply_changes, locked, only_fields, validate_candidate
from klynge.governance.actions.common import (
    collaboration_code,
    save_with_reason,
    written,
)
from klynge.governance.models import Body, Participation

BODY_FIELDS = ("name", "kind", "mandate", "parent", "confidential", "valid_from", "valid_to",
               "confidence", "source")
PAGE_BODY_FIELDS = ("name", "kind", "mandate", "parent", "confidential", "valid_to")
NEW_BODY_FIELDS = ("collaboration", "organisation", *BODY_FIELDS)


def _check_parent(body: Body, parent: Body | None) -> None:
    if parent is None:
        return
    if (parent.collaboration_id, parent.organisation_id) != (body.collaboration_id,
                                                              body.organisation_id):
        raise ValidationError(
            {"parent": _("A body can only report to a body of the same collaboration.")}
        )
    ancestor: Body | None = parent
    seen: set[int] = set()
    while ancestor is not None and ancestor.pk not in seen:
        if body.pk is not None and ancestor.pk == body.pk:
            raise ValidationError(
                {"parent": _("A body cannot report to itself or to a body below it.")}
            )
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


def check_body(values: dict[str, Any], body: Body | None = None) -> None:
    """The checks of a new body, or of ``body`` after ``values`` are applied."""
    if "name" in values and not (values["name"] or "").strip():
        raise ValidationError({"name": _("A body needs a name.")})
    candidate = validate_candidate(Body, body, values, NEW_BODY_FIELDS, exclude=["parent"])
    assert isinstance(candidate, Body)
    _check_parent(candidate, candidate.parent if candidate.parent_id else None)
    owner = candidate.collaboration or candidate.organisation
    start, end = candidate.valid_from, candidate.valid_to
    if isinstance(owner, Collaboration) and start and start < owner.valid_from:
        raise ValidationError({"valid_from": _(
            "A body cannot start before its collaboration (%(date)s)."
        ) % {"date": owner.valid_from.isoformat()}})
    if body is not None and end is not None:
        later = body.seats.filter(term_start__gt=end).count()
        if later:
            raise ValidationError({"valid_to": _(
                "%(count)d seats start after this end date; end or move them first."
            ) % {"count": later}})


@transaction.atomic
def do_create_body(
    actor: Any,
    collaboration: Collaboration | None = None,
    *,
    organisation: Organisation | None = None,
    name: str,
    kind: str,
    mandate: str = "",
    parent: Body | None = None,
    confidential: bool = False,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    reason: str = "",
    **extra: Any,
) -> Body:
    """A new body of ``collaboration`` or of ``organisation``."""
    only_fields(extra, ("confidence", "source"), "do_create_body")
    values = {
        "collaboration": collaboration, "organisation": organisation, "name": name.strip(),
        "kind": kind, "mandate": mandate, "parent": parent, "confidential": confidential,
        "valid_from": valid_from or timezone.localdate(), "valid_to": valid_to, **extra,
    }
    check_body(values)
    body = Body(**values)
    save_with_reason(body, reason)
    written(actor, AuditEntry.Verb.CREATE, body, code=collaboration_code(body), reason=reason,
            changes=created(body, [n for n in values if values[n] not in (None, "")]))
    return body


@transaction.atomic
def do_update_body(actor: Any, body: Body, reason: str = "", **values: Any) -> Body:
    """Change some of ``BODY_FIELDS``; an end date closes the body."""
    only_fields(values, BODY_FIELDS, "do_update_body")
    body = (locked(Body)
            .select_related("collaboration", "organisation").get(pk=body.pk))
    check_body(values, body)
    changes = apply_changes(body, values)
    if changes:
        save_with_reason(body, reason)
        written(actor, AuditEntry.Verb.UPDATE, body, code=collaboration_code(body),
                changes=changes, reason=reason)
    return body


def refuse_delete_body(body: Body) -> str | None:
    seats = body.seats.count()
    children = body.children.count()
    if not seats and not children:
        return None
    return _("%(body)s has %(seats)d seats and %(children)d bodies below it; give it an end "
             "date instead, so its history stays.") % {"body": body.name, "seats": seats,
                                                         "children": children}


@transaction.atomic
def do_delete_body(actor: Any, body: Body) -> None:
    refusal = refuse_delete_body(body)
    if refusal:
        raise ValidationError(refusal)
    written(actor, AuditEntry.Verb.DELETE, body, code=collaboration_code(body))
    body.delete()


# Participation ------------------------------------------------------------------------------

PARTICIPATION_FIELDS = ("body", "collaboration", "valid_from", "valid_to")


def check_participation(values: dict[str, Any], participation: Participation | None = None
                        ) -> None:
    current = ({name: getattr(participation, name) for name in PARTICIPATION_FIELDS}
               if participation else {})
    merged = current | values
    body, collaboration = merged.get("body"), merged.get("collaboration")
    start, end = merged.get("valid_from"), merged.get("valid_to")
    check_order(start, end)
    if body is None or collaboration is None or start is None:
        return
    if body.organisation_id is None:
        raise ValidationError({"body": _("Only an organisation's body takes part in "
                                         "collaborations; %(body)s is a collaboration's own.")
                               % {"body": body.name}})
    others = Participation.objects.filter(overlapping(start, end), body=body,
                                          collaboration=collaboration)
    if participation is not None:
        others = others.exclude(pk=participation.pk)
    if others.exists():
        raise ValidationError(_("%(body)s already takes part in %(collaboration)s during this "
                                "period.") % {"body": body.name,
                                              "collaboration": collaboration.name})


@transaction.atomic
def do_add_participation(actor: Any, body: Body, collaboration: Collaboration, *,
                         valid_from: dt.date, valid_to: dt.date | None = None,
                         reason: str = "") -> Participation:
    values = {"body": body, "collaboration": collaboration, "valid_from": valid_from,
              "valid_to": valid_to}
    check_participation(values)
    participation = Participation(**values)
    save_with_reason(participation, reason)
    written(actor, AuditEntry.Verb.CREATE, participation, code=collaboration.code,
            changes=created(participation, values), reason=reason)
    return participation


@transaction.atomic
def do_update_participation(actor: Any, participation: Participation, reason: str = "",
                            **values: Any) -> Participation:
    only_fields(values, PARTICIPATION_FIELDS, "do_update_participation")
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    check_participation(values, participation)
    changes = apply_changes(participation, values)
    if changes:
        save_with_reason(participation, reason)
        written(actor, AuditEntry.Verb.UPDATE, participation,
                code=participation.collaboration.code, changes=changes, reason=reason)
    return participation


@transaction.atomic
def do_delete_participation(actor: Any, participation: Participation) -> None:
    written(actor, AuditEntry.Verb.DELETE, participation, code=participation.collaboration.code)
    participation.delete()
