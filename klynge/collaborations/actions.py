"""The only writers of collaborations, organisations and partnerships, and of reference loads.

Each action runs in one transaction, checks across rows, writes, records an audit entry and
bumps the structure version (so cached rule findings are recomputed). Bad input raises
``ValidationError`` with a translated message and changes nothing. Views and the admin check
access first.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.audit.actions import created, record, with_reason
from klynge.audit.models import AuditEntry
from klynge.collaborations.loader import load
from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.collaborations.sources import read_reference_data
from klynge.core.periods import check_order, overlapping
from klynge.core.versions import bump_structure_version
from klynge.core.writes import apply_changes, dependents, locked, only_fields, validate_candidate
from klynge.reference.loader import LoadSummary
from klynge.reference.sources import ReferenceDataError

COLLABORATION_FIELDS = ("code", "name", "kind", "country", "valid_from", "valid_to",
                        "preparatory_until", "description", "confidence", "source")
ORGANISATION_FIELDS = ("name", "kind", "country", "municipality", "region", "website",
                       "confidence", "source")
PARTNERSHIP_FIELDS = ("collaboration", "organisation", "valid_from", "valid_to", "confidence",
                      "source")
SECRETARIAT_COLLABORATION_FIELDS = ("description",)


def do_load_reference(
    actor: Any, data_dir: Path | str | None = None, *, overwrite: bool = False
) -> LoadSummary:
    """Load the reference files (packaged, or those in ``data_dir``): all or nothing.

    Raises :class:`ReferenceDataError` with every problem found, before anything is
    written; a conflict with what is stored rolls the whole load back.
    """
    data = read_reference_data(data_dir)
    try:
        with transaction.atomic():
            summary = load(data, actor=actor, overwrite=overwrite)
            details: dict[str, Any] = dict(summary.totals())
            details["files"] = sorted(path.name for path in data.files.values())
            record(actor, AuditEntry.Verb.LOAD, details=details)
            bump_structure_version()
    except DatabaseError as exc:
        raise ReferenceDataError(
            [_("The data conflicts with what is stored; nothing was loaded (%(error)s).")
             % {"error": exc}]
        ) from exc
    return summary


# Collaborations -----------------------------------------------------------------------------

def check_collaboration(values: dict[str, Any], collaboration: Collaboration | None = None) -> None:
    """The checks of a new or changed collaboration, on its values after the change."""
    validate_candidate(Collaboration, collaboration, values, COLLABORATION_FIELDS)


def _merged(obj: Any, values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    current = {name: getattr(obj, name) for name in names} if obj is not None else {}
    return current | values


@transaction.atomic
def do_create_collaboration(actor: Any, reason: str = "", **values: Any) -> Collaboration:
    check_collaboration(values)
    collaboration = Collaboration.objects.create(**values)
    record(actor, AuditEntry.Verb.CREATE, collaboration, collaboration_code=collaboration.code,
           changes=created(collaboration, values), details=with_reason(reason))
    bump_structure_version()
    return collaboration


@transaction.atomic
def do_update_collaboration(actor: Any, collaboration: Collaboration, reason: str = "",
                            **values: Any) -> Collaboration:
    """Change some of the collaboration's fields (a secretariat: its description only)."""
    only_fields(values, COLLABORATION_FIELDS, "do_update_collaboration")
    collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    check_collaboration(values, collaboration)
    changes = apply_changes(collaboration, values)
    if changes:
        collaboration._change_reason = reason or None  # type: ignore[attr-defined]
        collaboration.save()
        record(actor, AuditEntry.Verb.UPDATE, collaboration, changes=changes,
               collaboration_code=collaboration.code, details=with_reason(reason))
        bump_structure_version()
    return collaboration


def refuse_delete_collaboration(collaboration: Collaboration) -> str | None:
    found = dependents(collaboration)
    if not found:
        return None
    return _("%(name)s cannot be deleted while it has %(dependents)s; end it instead "
             "(its last day).") % {"name": collaboration.name, "dependents": ", ".join(found)}


@transaction.atomic
def do_delete_collaboration(actor: Any, collaboration: Collaboration) -> None:
    refusal = refuse_delete_collaboration(collaboration)
    if refusal:
        raise ValidationError(refusal)
    record(actor, AuditEntry.Verb.DELETE, collaboration, collaboration_code=collaboration.code)
    collaboration.delete()
    bump_structure_version()


# Organisations ------------------------------------------------------------------------------

def check_organisation(values: dict[str, Any], organisation: Organisation | None = None) -> None:
    validate_candidate(Organisation, organisation, values, ORGANISATION_FIELDS)


@transaction.atomic
def do_create_organisation(actor: Any, reason: str = "", **values: Any) -> Organisation:
    values["name"] = (values.get("name") or "").strip()
    check_organisation(values)
    organisation = Organisation.objects.create(**values)
    record(actor, AuditEntry.Verb.CREATE, organisation, changes=created(organisation, values),
           details=with_reason(reason))
    bump_structure_version()
    return organisation


@transaction.atomic
def do_update_organisation(actor: Any, organisation: Organisation, reason: str = "",
                           **values: Any) -> Organisation:
    only_fields(values, ORGANISATION_FIELDS, "do_update_organisation")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_organisation(values, organisation)
    changes = apply_changes(organisation, values)
    if changes:
        organisation._change_reason = reason or None  # type: ignore[attr-defined]
        organisation.save()
        record(actor, AuditEntry.Verb.UPDATE, organisation, changes=changes,
               details=with_reason(reason))
        bump_structure_version()
    return organisation


def refuse_delete_organisation(organisation: Organisation) -> str | None:
    found = dependents(organisation)
    if not found:
        return None
    return _("%(name)s cannot be deleted while %(dependents)s refer to it.") % {
        "name": organisation.name, "dependents": ", ".join(found)}


@transaction.atomic
def do_delete_organisation(actor: Any, organisation: Organisation) -> None:
    refusal = refuse_delete_organisation(organisation)
    if refusal:
        raise ValidationError(refusal)
    record(actor, AuditEntry.Verb.DELETE, organisation)
    organisation.delete()
    bump_structure_version()


# Partnerships -------------------------------------------------------------------------------

PARTNER_TWICE = gettext_lazy("%(organisation)s is already a partner of %(collaboration)s during "
                             "this period.")


def check_partnership(values: dict[str, Any], partnership: Partnership | None = None) -> None:
    """A partnership lies within its collaboration's period and does not overlap another of
    the same organisation in the same collaboration."""
    merged = _merged(partnership, values, PARTNERSHIP_FIELDS)
    collaboration, organisation = merged.get("collaboration"), merged.get("organisation")
    start, end = merged.get("valid_from"), merged.get("valid_to")
    check_order(start, end)
    if collaboration is None or organisation is None or start is None:
        return
    if start < collaboration.valid_from or (
        collaboration.valid_to is not None and (end is None or end > collaboration.valid_to)
    ):
        raise ValidationError({"valid_from": _(
            "A partnership must lie within the collaboration's period (%(period)s)."
        ) % {"period": _period_text(collaboration.valid_from, collaboration.valid_to)}})
    others = Partnership.objects.filter(
        overlapping(start, end), collaboration=collaboration, organisation=organisation)
    if partnership is not None:
        others = others.exclude(pk=partnership.pk)
    if others.exists():
        raise ValidationError(PARTNER_TWICE % {"organisation": organisation.name,
                                              "collaboration": collaboration.name})


def _period_text(start: dt.date, end: dt.date | None) -> str:
    return f"{start.isoformat()} – {end.isoformat() if end else '…'}"


@transaction.atomic
def do_add_partnership(actor: Any, reason: str = "", **values: Any) -> Partnership:
    check_partnership(values)
    partnership = Partnership.objects.create(**values)
    record(actor, AuditEntry.Verb.CREATE, partnership, changes=created(partnership, values),
           collaboration_code=partnership.collaboration.code, details=with_reason(reason))
    bump_structure_version()
    return partnership


@transaction.atomic
def do_update_partnership(actor: Any, partnership: Partnership, reason: str = "",
                          **values: Any) -> Partnership:
    only_fields(values, PARTNERSHIP_FIELDS, "do_update_partnership")
    partnership = (locked(Partnership).select_related("collaboration")
                   .get(pk=partnership.pk))
    check_partnership(values, partnership)
    changes = apply_changes(partnership, values)
    if changes:
        partnership._change_reason = reason or None  # type: ignore[attr-defined]
        partnership.save()
        record(actor, AuditEntry.Verb.UPDATE, partnership, changes=changes,
               collaboration_code=partnership.collaboration.code, details=with_reason(reason))
        bump_structure_version()
    return partnership


def do_end_partnership(actor: Any, partnership: Partnership, last_day: dt.date) -> Partnership:
    """End a partnership on ``last_day`` (the last day it holds)."""
    return do_update_partnership(actor, partnership, valid_to=last_day)


@transaction.atomic
def do_delete_partnership(actor: Any, partnership: Partnership) -> None:
    record(actor, AuditEntry.Verb.DELETE, partnership,
           collaboration_code=partnership.collaboration.code)
    partnership.delete()
    bump_structure_version()
