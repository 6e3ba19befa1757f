"""What the volunteer pages show: a programme's volunteers with their load, their
certificates' status and, for anyone the matching leaves out whatever the referral, why; one
volunteer's profile; the choices of the volunteer form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from klynge.governance.models import Person, RoleGrant
from klynge.reference.models import Municipality
from klynge.volunteering import access, inputs
from klynge.volunteering.forms.programmes import CertificateForm
from klynge.volunteering.jobs import REMIND_DAYS_BEFORE
from klynge.volunteering.model import Reason, volunteer_reasons
from klynge.volunteering.models import Certificate, PartOfDay, Programme, VolunteerProfile
from klynge.volunteering.pages.programmes import municipalities

VALID, SOON, EXPIRED = "valid", "soon", "expired"


@dataclass
class CertificateRow:
    certificate: Certificate
    label: str
    status: str  # VALID, SOON or EXPIRED
    status_text: str
    required: bool


@dataclass
class VolunteerRow:
    volunteer: VolunteerProfile
    areas: list[str]
    availability: list[str]
    load: int
    granted: bool
    certificates: list[CertificateRow] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why the matching leaves them out


def certificate_row(certificate: Certificate, programme: Programme,
                    today: dt.date) -> CertificateRow:
    expires = certificate.expires
    if expires is not None and expires <= today:
        status, text = EXPIRED, _("expired on %(date)s") % {"date": expires.isoformat()}
    elif expires is not None and (expires - today).days <= REMIND_DAYS_BEFORE:
        status, text = SOON, _("expires soon, on %(date)s") % {"date": expires.isoformat()}
    elif expires is not None:
        status, text = VALID, _("valid, expires on %(date)s") % {"date": expires.isoformat()}
    else:
        status, text = VALID, _("valid, does not expire")
    label = (certificate.course_name if certificate.kind == Certificate.Kind.COURSE
             else str(certificate.get_kind_display()))
    return CertificateRow(certificate, label, status, text,
                          inputs.is_required(certificate, programme))


def availability_words(slots: list[str]) -> list[str]:
    """The slots by weekday: "Mon: morning, evening"."""
    by_day: dict[int, list[str]] = {}
    for slot in slots:
        day, part = slot.split("-", 1)
        by_day.setdefault(int(day), []).append(str(PartOfDay(part).label))
    return [f"{WEEKDAYS_ABBR[day]}: {', '.join(parts)}" for day, parts in sorted(by_day.items())]


def reasons(profile: VolunteerProfile, programme: Programme, today: dt.date) -> list[str]:
    """Why the matching leaves the volunteer out of every referral today, in words
    (``profile`` from ``inputs.profiles_for``)."""
    core = inputs.core_volunteer(profile, None)
    codes = [str(code) for code in volunteer_reasons(core, inputs.rules_for(programme), today)]
    sentences = inputs.explain(codes, profile, programme, today)
    if Reason.INACTIVE in codes and profile.active:
        sentences.append(_("they hold no volunteer role in the programme today"))
    return sentences


def volunteer_row(profile: VolunteerProfile, programme: Programme,
                  today: dt.date) -> VolunteerRow:
    certificates = sorted(profile.certificates.all(), key=lambda c: (c.kind, c.issued, c.pk))
    return VolunteerRow(
        volunteer=profile,
        areas=sorted(area.name for area in profile.areas.all()),
        availability=availability_words(profile.availability),
        load=getattr(profile, "load", 0), granted=getattr(profile, "granted", False),
        certificates=[certificate_row(c, programme, today) for c in certificates],
        reasons=reasons(profile, programme, today))


def volunteers_context(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    """The programme's volunteers, by name (``inputs.profiles_for``: four queries)."""
    today = timezone.localdate()
    rows = [volunteer_row(profile, programme, today)
            for profile in inputs.profiles_for(programme, today)]
    rows.sort(key=lambda row: (row.volunteer.person.name.lower(), row.volunteer.pk))
    return {"programme": programme, "collaboration": programme.collaboration, "rows": rows,
            "left_out": sum(1 for row in rows if row.reasons),
            "soon_days": REMIND_DAYS_BEFORE}


def volunteer_context(request: HttpRequest, volunteer: VolunteerProfile,
                      certificate_form: CertificateForm | None = None) -> dict[str, Any]:
    """One profile (seen through ``actions.do_view_volunteer``), with what matching sees."""
    programme = (Programme.objects.select_related("collaboration", "organisation")
                 .get(pk=volunteer.programme_id))
    today = timezone.localdate()
    profile = inputs.profiles_for(programme, today, ids=[volunteer.pk])[0]
    may_keep = access.may_keep_volunteers(request.user, programme.pk)
    if may_keep and certificate_form is None:
        certificate_form = CertificateForm()
    return {"volunteer": profile, "programme": programme,
            "collaboration": programme.collaboration,
            "row": volunteer_row(profile, programme, today), "may_keep": may_keep,
            "certificate_form": certificate_form if may_keep else None,
            "is_self": profile.person.user_id == getattr(request.user, "pk", None),
            "soon_days": REMIND_DAYS_BEFORE}


def volunteer_candidates(programme: Programme) -> QuerySet[Person]:
    """Who may be added as a volunteer: people of the programme's organisation and people
    granted the volunteer role in the programme today, not erased, not volunteering in it
    yet."""
    granted = RoleGrant.objects.on(timezone.localdate()).filter(
        role=RoleGrant.Role.VOLUNTEER, programme_id=programme.pk).values("person_id")
    return (Person.objects.filter(erased=False)
            .filter(Q(organisation_id=programme.organisation_id) | Q(pk__in=granted))
            .exclude(volunteering__programme=programme).order_by("name", "pk"))


def volunteer_areas(programme: Programme, chosen: list[Municipality] | None = None
                    ) -> QuerySet[Municipality]:
    """The municipalities a volunteer may cover: the programme's, when it names any (and
    those already chosen); otherwise those of the collaboration's country."""
    chosen = chosen or []
    if programme.areas.exists():
        return Municipality.objects.filter(
            Q(pk__in=programme.areas.values("pk")) | Q(pk__in=[m.pk for m in chosen])
        ).order_by("name")
    return municipalities(programme.collaboration, chosen)
