"""Programmes: created by an organisation's secretary or an administrator, changed also by
the programme's coordinators."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.core.writes import apply_changes, locked, only_fields
from klynge.governance.models import Body, RoleGrant
from klynge.volunteering import access, checks
from klynge.volunteering.actions.common import code, refuse_unless
from klynge.volunteering.models import (
    Certificate,
    DiagnosisGroup,
    Programme,
    SocialSituation,
)

RUNNING_KINDS = (Organisation.Kind.VOLUNTARY, Organisation.Kind.PATIENT)
MANY = ("areas", "referring_organisations")
PROGRAMME_FIELDS = (
    "organisation", "collaboration", "team", "kind", "name", "purpose", "volunteer_task",
    "duration_weeks", "min_age", "max_age", "areas", "diagnosis_groups", "social_situations",
    "languages", "places", "rooms", "max_stay_days", "referring_organisations",
    "referring_roles", "required_certificates", "required_course", "retention_days", "active",
)


def _current(programme: Programme | None) -> dict[str, Any]:
    if programme is None:
        return {"referring_roles": [Programme.ReferringRole.REFERRER], "active": True,
                "retention_days": Programme._meta.get_field("retention_days").default}
    values = {name: getattr(programme, name) for name in PROGRAMME_FIELDS if name not in MANY}
    return values | {name: list(getattr(programme, name).all()) for name in MANY}


def _is_partner(collaboration: Collaboration, organisation: Organisation) -> bool:
    return Partnership.objects.on(timezone.localdate()).filter(
        collaboration=collaboration, organisation=organisation).exists()


def _check_owner(values: dict[str, Any]) -> None:
    organisation: Organisation | None = values.get("organisation")
    collaboration: Collaboration | None = values.get("collaboration")
    if organisation is None or collaboration is None:
        raise ValidationError(_("A programme belongs to an organisation and a collaboration."))
    if organisation.kind not in RUNNING_KINDS:
        raise ValidationError({"organisation": _(
            "A programme is run by a voluntary or patient organisation.")})
    if not _is_partner(collaboration, organisation):
        raise ValidationError({"organisation": _("%(organisation)s is not a partner of "
                                                 "%(collaboration)s.") % {
            "organisation": organisation.name, "collaboration": collaboration.name}})
    team: Body | None = values.get("team")
    if team is not None and (team.organisation_id != organisation.pk
                             or team.kind != Body.Kind.PROGRAMME_TEAM):
        raise ValidationError({"team": _("Choose a programme team of %(organisation)s.")
                               % {"organisation": organisation.name}})
    for referring in values.get("referring_organisations") or []:
        if not _is_partner(collaboration, referring):
            raise ValidationError({"referring_organisations": _(
                "%(organisation)s is not a partner of %(collaboration)s, so it cannot refer.")
                % {"organisation": referring.name, "collaboration": collaboration.name}})


def _check_capacity(values: dict[str, Any]) -> dict[str, Any]:
    places = checks.whole("places", values.get("places"), low=1)
    rooms = checks.whole("rooms", values.get("rooms"), low=1)
    longest = checks.whole("max_stay_days", values.get("max_stay_days"), low=1)
    if values.get("kind") == Programme.Kind.RECOVERY_STAY:
        if rooms is None or longest is None:
            raise ValidationError({"rooms": _("A recovery stay has rooms and a longest stay "
                                              "in days.")})
        if places is not None:
            raise ValidationError({"places": _("A recovery stay counts rooms, not places.")})
    elif rooms is not None or longest is not None:
        raise ValidationError({"rooms": _("Only a recovery stay has rooms.")})
    return {"places": places, "rooms": rooms, "max_stay_days": longest}


def _check_criteria(values: dict[str, Any]) -> dict[str, Any]:
    low = checks.whole("min_age", values.get("min_age"), high=120)
    high = checks.whole("max_age", values.get("max_age"), high=120)
    if low is not None and high is not None and low > high:
        raise ValidationError({"max_age": _("The highest age cannot be below the lowest.")})
    return {
        "min_age": low, "max_age": high,
        "diagnosis_groups": checks.codes("diagnosis_groups", values.get("diagnosis_groups"),
                                         DiagnosisGroup),
        "social_situations": checks.codes("social_situations",
                                          values.get("social_situations"), SocialSituation),
        "languages": checks.languages("languages", values.get("languages")),
    }


def _check_rules(values: dict[str, Any]) -> dict[str, Any]:
    roles = checks.codes("referring_roles", values.get("referring_roles"),
                         Programme.ReferringRole)
    if not roles:
        raise ValidationError({"referring_roles": _("Choose who may refer.")})
    required = checks.codes("required_certificates", values.get("required_certificates"),
                            Certificate.Kind)
    course = checks.text(values, "required_course", limit=150)
    if course and Certificate.Kind.COURSE not in required:
        raise ValidationError({"required_course": _("Require a course to name one.")})
    return {
        "referring_roles": roles, "required_certificates": required, "required_course": course,
        "retention_days": checks.whole("retention_days", values.get("retention_days"), low=30,
                                       high=3650, blank=False),
        "duration_weeks": checks.whole("duration_weeks", values.get("duration_weeks"), low=1),
    }


def check_programme(values: dict[str, Any], programme: Programme | None = None
                    ) -> dict[str, Any]:
    """The programme's values, checked and tidied (those given, merged with the current)."""
    merged = _current(programme) | values
    if merged.get("kind") not in Programme.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of programme.")})
    name = checks.text(merged, "name", required=_("A programme needs a name."), limit=150)
    _check_owner(merged)
    return merged | {"name": name, "purpose": checks.text(merged, "purpose"),
                     "volunteer_task": checks.text(merged, "volunteer_task"),
                     "active": bool(merged.get("active"))
                     } | _check_capacity(merged) | _check_criteria(merged) | _check_rules(merged)


def _many(programme: Programme, clean: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for name in MANY:
        if name not in clean:
            continue
        manager = getattr(programme, name)
        old = sorted(manager.values_list("pk", flat=True))
        new = sorted(obj.pk for obj in clean[name])
        if old != new:
            manager.set(clean[name])
            changes[name] = (old or None, new)
    return changes


@transaction.atomic
def do_create_programme(actor: Any, **values: Any) -> Programme:
    """A new programme of ``organisation`` in ``collaboration`` (``PROGRAMME_FIELDS``)."""
    only_fields(values, PROGRAMME_FIELDS, "do_create_programme")
    organisation = values.get("organisation")
    refuse_unless(organisation is not None and access.may_create_programme(actor, organisation))
    clean = check_programme(values)
    programme = Programme.objects.create(**{k: v for k, v in clean.items() if k not in MANY})
    changes = {name: (None, value) for name, value in clean.items()
               if name not in MANY and value not in (None, "", [])}
    changes |= _many(programme, clean)
    record(actor, "create", programme, changes=changes, collaboration_code=code(programme))
    return programme


@transaction.atomic
def do_update_programme(actor: Any, programme: Programme, reason: str = "",
                        **values: Any) -> Programme:
    """Change a programme; its organisation and collaboration stay."""
    only_fields(values, PROGRAMME_FIELDS, "do_update_programme")
    programme = locked(Programme).select_related("collaboration").get(pk=programme.pk)
    refuse_unless(access.may_change_programme(actor, programme))
    for name in ("organisation", "collaboration"):
        if name in values and values[name] != getattr(programme, name):
            raise ValidationError({name: _("A programme's organisation and collaboration "
                                           "cannot change.")})
    clean = check_programme(values, programme)
    given = {k: v for k, v in clean.items() if k in values and k not in MANY}
    changes = apply_changes(programme, given)
    if changes:
        programme._change_reason = reason or None  # type: ignore[attr-defined]
        programme.save()
    changes |= _many(programme, {k: v for k, v in clean.items() if k in values})
    if changes:
        record(actor, "update", programme, changes=changes, collaboration_code=code(programme),
               details={"reason": reason} if reason else None)
    return programme


def refuse_delete_programme(programme: Programme) -> str | None:
    """Why the programme may not be deleted (it has been used), or None."""
    used = (programme.referrals.exists() or programme.volunteers.exists()
            or RoleGrant.objects.filter(programme_id=programme.pk).exists())
    return _("The programme has referrals, volunteers or roles; make it inactive "
             "instead.") if used else None


@transaction.atomic
def do_delete_programme(actor: Any, programme: Programme) -> None:
    """Delete a programme made by mistake (one that was used is made inactive instead)."""
    programme = locked(Programme).select_related("collaboration").get(pk=programme.pk)
    refuse_unless(access.may_create_programme(actor, programme.organisation))
    refusal = refuse_delete_programme(programme)
    if refusal:
        raise ValidationError(refusal)
    record(actor, "delete", programme, collaboration_code=code(programme))
    programme.delete()
