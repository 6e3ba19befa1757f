"""Volunteers and their certificates: kept by the programme's coordinators (and
administrators). Adding a volunteer grants them the ``volunteer`` role in the programme when
they do not hold it yet (an account invitation follows, as for every role)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import acting_user, created, record
from klynge.core.periods import not_ended
from klynge.core.writes import apply_changes, locked, only_fields
from klynge.governance.actions import do_grant_role
from klynge.governance.models import Person, RoleGrant
from klynge.volunteering import access, checks
from klynge.volunteering.actions.common import code, refuse_unless
from klynge.volunteering.models import Certificate, Gender, Programme, VolunteerProfile

VOLUNTEER_FIELDS = ("areas", "languages", "skills", "availability", "gender",
                    "supports_gender", "max_load", "note", "active")
CERTIFICATE_FIELDS = ("kind", "course_name", "issued", "expires")


def check_new_volunteer(programme: Programme, person: Person) -> None:
    if person.erased:
        raise ValidationError({"person": _("An erased person cannot volunteer.")})
    if VolunteerProfile.objects.filter(person=person, programme=programme).exists():
        raise ValidationError({"person": _("%(person)s already volunteers in %(programme)s.")
                               % {"person": person.name, "programme": programme.name}})


def check_volunteer(values: dict[str, Any]) -> dict[str, Any]:
    """The profile's values given, checked and tidied."""
    clean: dict[str, Any] = {}
    if "languages" in values:
        clean["languages"] = checks.languages("languages", values["languages"], required=True)
    if "skills" in values:
        clean["skills"] = checks.traits("skills", values["skills"])
    if "availability" in values:
        clean["availability"] = checks.slots("availability", values["availability"])
    for name in ("gender", "supports_gender"):
        if name in values:
            clean[name] = checks.choice(name, values[name], Gender)
    if "max_load" in values:
        clean["max_load"] = checks.whole("max_load", values["max_load"], low=1, high=20,
                                         blank=False)
    if "note" in values:
        clean["note"] = checks.text(values, "note", limit=300)
    if "active" in values:
        clean["active"] = bool(values["active"])
    if "areas" in values:
        clean["areas"] = list(values["areas"] or [])
    return clean


def _holds_grant(person: Person, programme: Programme, day: dt.date) -> bool:
    return RoleGrant.objects.filter(not_ended(day), person=person, programme_id=programme.pk,
                                    role=RoleGrant.Role.VOLUNTEER, valid_from__lte=day).exists()


@transaction.atomic
def do_add_volunteer(actor: Any, programme: Programme, person: Person,
                     **values: Any) -> VolunteerProfile:
    """``person`` volunteers in ``programme`` (``VOLUNTEER_FIELDS``: languages are needed)."""
    only_fields(values, VOLUNTEER_FIELDS, "do_add_volunteer")
    refuse_unless(access.may_keep_volunteers(actor, programme.pk))
    check_new_volunteer(programme, person)
    clean = check_volunteer({"languages": [], **values})
    areas = clean.pop("areas", [])
    volunteer = VolunteerProfile.objects.create(person=person, programme=programme, **clean)
    volunteer.areas.set(areas)
    changes = created(volunteer, ["person", "programme", *clean])
    changes["areas"] = (None, sorted(a.pk for a in areas))
    record(actor, "create", volunteer, changes=changes, collaboration_code=code(programme))
    today = timezone.localdate()
    if not _holds_grant(person, programme, today):
        do_grant_role(actor, person, RoleGrant.Role.VOLUNTEER, programme_id=programme.pk,
                      valid_from=today, reason=_("Volunteer in %(programme)s")
                      % {"programme": programme.name})
    return volunteer


@transaction.atomic
def do_update_volunteer(actor: Any, volunteer: VolunteerProfile,
                        **values: Any) -> VolunteerProfile:
    only_fields(values, VOLUNTEER_FIELDS, "do_update_volunteer")
    volunteer = (locked(VolunteerProfile).select_related("programme__collaboration")
                 .get(pk=volunteer.pk))
    refuse_unless(access.may_keep_volunteers(actor, volunteer.programme_id))
    clean = check_volunteer(values)
    areas = clean.pop("areas", None)
    changes = apply_changes(volunteer, clean)
    if changes:
        volunteer.save()
    if areas is not None:
        old = sorted(volunteer.areas.values_list("pk", flat=True))
        if old != sorted(a.pk for a in areas):
            volunteer.areas.set(areas)
            changes["areas"] = (old, sorted(a.pk for a in areas))
    if changes:
        record(actor, "update", volunteer, changes=changes,
               collaboration_code=code(volunteer.programme))
    return volunteer


def check_certificate(values: dict[str, Any]) -> dict[str, Any]:
    kind = checks.choice("kind", values.get("kind"), Certificate.Kind, blank=False)
    course = checks.text(values, "course_name", limit=150)
    if kind == Certificate.Kind.COURSE and not course:
        raise ValidationError({"course_name": _("Name the course.")})
    if kind != Certificate.Kind.COURSE and course:
        raise ValidationError({"course_name": _("Only a course has a name.")})
    issued, expires = values.get("issued"), values.get("expires")
    if issued is None:
        raise ValidationError({"issued": _("Give the day it was issued.")})
    if issued > timezone.localdate():
        raise ValidationError({"issued": _("A certificate cannot be issued in the future.")})
    if expires is not None and expires <= issued:
        raise ValidationError({"expires": _("A certificate expires after it is issued.")})
    return {"kind": kind, "course_name": course, "issued": issued, "expires": expires}


@transaction.atomic
def do_add_certificate(actor: Any, volunteer: VolunteerProfile, **values: Any) -> Certificate:
    """Record a certificate the coordinator has seen (``kind``, ``course_name`` for a course,
    ``issued``, ``expires``: the first day it is no longer valid)."""
    only_fields(values, CERTIFICATE_FIELDS, "do_add_certificate")
    volunteer = VolunteerProfile.objects.select_related("programme__collaboration").get(
        pk=volunteer.pk)
    refuse_unless(access.may_keep_volunteers(actor, volunteer.programme_id))
    clean = check_certificate(values)
    certificate = Certificate.objects.create(volunteer=volunteer, added_by=acting_user(actor),
                                             **clean)
    record(actor, "create", certificate,
           changes=created(certificate, ["volunteer", *CERTIFICATE_FIELDS]),
           collaboration_code=code(volunteer.programme))
    return certificate


@transaction.atomic
def do_delete_certificate(actor: Any, certificate: Certificate) -> None:
    """Remove a certificate recorded by mistake."""
    certificate = Certificate.objects.select_related(
        "volunteer__programme__collaboration").get(pk=certificate.pk)
    refuse_unless(access.may_keep_volunteers(actor, certificate.volunteer.programme_id))
    record(actor, "delete", certificate,
           collaboration_code=code(certificate.volunteer.programme))
    certificate.delete()
