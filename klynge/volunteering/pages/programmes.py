"""What the programme pages show: a collaboration's programmes with the places and rooms free
today, one programme in words, the choices of the programme form, and the statistics with
their downloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.governance.models import Body
from klynge.meetings.documents.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Column,
    to_csv,
    to_xlsx,
)
from klynge.reference.models import Municipality
from klynge.volunteering import access
from klynge.volunteering.actions import refuse_delete_programme
from klynge.volunteering.actions.referrals import HOLDS_A_PLACE
from klynge.volunteering.models import (
    Booking,
    Certificate,
    DiagnosisGroup,
    Programme,
    Referral,
    SocialSituation,
    VolunteerProfile,
)
from klynge.volunteering.statistics import Hours, MonthFigures, programme_statistics

DOWNLOADS = ("csv", "xlsx")


@dataclass
class ProgrammeRow:
    programme: Programme
    criteria: list[tuple[str, str]]
    capacity: str
    free: int | None  # places or rooms free today; None: no limit


# In words ------------------------------------------------------------------------------------

def _names(values: Iterable[Any]) -> str:
    return ", ".join(str(value) for value in values)


def criteria(programme: Programme) -> list[tuple[str, str]]:
    """Who the programme is for, criterion by criterion (``areas`` prefetched); empty: for
    everybody."""
    found: list[tuple[str, str]] = []
    low, high = programme.min_age, programme.max_age
    if low is not None and high is not None:
        found.append((_("Age"), _("%(low)d to %(high)d") % {"low": low, "high": high}))
    elif low is not None:
        found.append((_("Age"), _("%(low)d and over") % {"low": low}))
    elif high is not None:
        found.append((_("Age"), _("up to %(high)d") % {"high": high}))
    areas = sorted(programme.areas.all(), key=lambda area: area.name)
    if areas:
        found.append((_("Living in"), _names(area.name for area in areas)))
    if programme.diagnosis_groups:
        found.append((_("Diagnosis groups"), _names(
            DiagnosisGroup(code).label for code in programme.diagnosis_groups)))
    if programme.social_situations:
        found.append((_("Social situations"), _names(
            SocialSituation(code).label for code in programme.social_situations)))
    if programme.languages:
        found.append((_("Languages"), _names(programme.languages)))
    return found


def capacity(programme: Programme) -> str:
    if programme.rooms is not None:
        return _("%(rooms)d rooms, stays of up to %(days)d days") % {
            "rooms": programme.rooms, "days": programme.max_stay_days or 0}
    if programme.places is not None:
        return _("%(places)d places") % {"places": programme.places}
    return _("No set number of places")


def certificates(programme: Programme) -> list[str]:
    """The certificates a volunteer must hold, in words."""
    found = []
    for kind in programme.required_certificates:
        if kind == Certificate.Kind.COURSE and programme.required_course:
            found.append(_("the course %(course)s") % {"course": programme.required_course})
        else:
            found.append(str(Certificate.Kind(kind).label))
    return found


def free_today(programmes: list[Programme], day: dt.date) -> dict[int, int | None]:
    """The places (or rooms, for a stay) free on ``day`` of each programme (two queries)."""
    ids = [programme.pk for programme in programmes]
    taken = dict(Referral.objects.filter(programme_id__in=ids, state__in=HOLDS_A_PLACE)
                 .values_list("programme_id").annotate(n=Count("pk")).order_by())
    booked = dict(Booking.objects.filter(referral__programme_id__in=ids,
                                         cancelled_at__isnull=True, starts_on__lte=day,
                                         ends_on__gte=day)
                  .values_list("referral__programme_id")
                  .annotate(n=Count("room", distinct=True)).order_by())
    free: dict[int, int | None] = {}
    for programme in programmes:
        if programme.rooms is not None:
            free[programme.pk] = max(programme.rooms - booked.get(programme.pk, 0), 0)
        elif programme.places is not None:
            free[programme.pk] = max(programme.places - taken.get(programme.pk, 0), 0)
        else:
            free[programme.pk] = None
    return free


# The pages -----------------------------------------------------------------------------------

def list_context(request: HttpRequest, collaboration: Collaboration) -> dict[str, Any]:
    """The collaboration's programmes, active first (five queries, whatever their number)."""
    today = timezone.localdate()
    programmes = list(access.visible_programmes(request.user)
                      .filter(collaboration=collaboration)
                      .select_related("organisation").prefetch_related("areas")
                      .order_by("-active", "name", "pk"))
    free = free_today(programmes, today)
    rows = [ProgrammeRow(programme, criteria(programme), capacity(programme),
                         free[programme.pk]) for programme in programmes]
    may_create = access.organisations_for_new_programme(
        request.user, collaboration.pk, today).exists()
    return {"collaboration": collaboration, "rows": rows, "may_create": may_create}


def programme_context(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    user = request.user
    may_delete = access.may_create_programme(user, programme.organisation)
    referring = list(programme.referring_organisations.order_by("name"))
    return {
        "programme": programme, "collaboration": programme.collaboration,
        "criteria": criteria(programme), "capacity": capacity(programme),
        "free": free_today([programme], timezone.localdate())[programme.pk],
        "referring": referring,
        "referring_roles": [Programme.ReferringRole(role).label
                            for role in programme.referring_roles],
        "certificates": certificates(programme),
        "may_change": access.may_change_programme(user, programme),
        "may_keep_volunteers": access.may_keep_volunteers(user, programme.pk),
        "may_see_statistics": access.may_see_statistics(user, programme),
        "may_refer": access.may_refer(user, programme),
        "coordinates": access.coordinates(user, programme.pk),
        "may_delete": may_delete,
        "delete_refusal": refuse_delete_programme(programme) if may_delete else None,
        "own_profile": own_profile(user, programme),
    }


def own_profile(user: Any, programme: Programme) -> VolunteerProfile | None:
    """The user's own volunteer profile in the programme, if they have one."""
    if not getattr(user, "pk", None):
        return None
    return VolunteerProfile.objects.filter(programme=programme, person__user_id=user.pk).first()


# The form's choices --------------------------------------------------------------------------

def partners(collaboration: Collaboration, chosen: Iterable[Organisation] = ()
             ) -> QuerySet[Organisation]:
    """The organisations that may be named to refer: the collaboration's partners today,
    and those already named."""
    today = timezone.localdate()
    return Organisation.objects.filter(
        Q(pk__in=Partnership.objects.on(today).filter(collaboration=collaboration)
          .values("organisation_id")) | Q(pk__in=[o.pk for o in chosen])).order_by("name")


def municipalities(collaboration: Collaboration, chosen: Iterable[Municipality] = ()
                   ) -> QuerySet[Municipality]:
    """The municipalities of the collaboration's country in force today, and those already
    chosen."""
    today = timezone.localdate()
    return Municipality.objects.filter(
        Q(pk__in=Municipality.objects.on(today).filter(country_id=collaboration.country_id)
          .values("pk")) | Q(pk__in=[m.pk for m in chosen])).order_by("name")


def teams(organisations: QuerySet[Organisation] | list[Organisation],
          current: Body | None = None) -> QuerySet[Body]:
    """The programme teams of the organisations in force today (and the current one)."""
    today = timezone.localdate()
    in_force = Body.objects.on(today).filter(organisation__in=organisations,
                                             kind=Body.Kind.PROGRAMME_TEAM).values("pk")
    extra = [current.pk] if current is not None else []
    return Body.objects.filter(Q(pk__in=in_force) | Q(pk__in=extra)).order_by("name")


# Statistics ----------------------------------------------------------------------------------

def _month_label(month: str) -> dt.date:
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, 1)


MONTH_COLUMNS: tuple[Column, ...] = (
    Column(gettext_lazy("Month"), lambda m: m.month, 9),
    Column(gettext_lazy("Referrals received"), lambda m: m.referrals, 12),
    Column(gettext_lazy("Median days from referral to match"),
           lambda m: m.median_waiting_days, 16),
    Column(gettext_lazy("Matches made"), lambda m: m.matches, 12),
    Column(gettext_lazy("Referrals completed"), lambda m: m.completed, 12),
)
HOURS_COLUMNS: tuple[Column, ...] = (
    Column(gettext_lazy("Programme"), lambda row: row[0].name, 30),
    Column(gettext_lazy("Volunteer hours"), lambda row: row[1].hours, 12),
    Column(gettext_lazy("Volunteers who logged them"), lambda row: row[1].volunteers, 14),
)
TABLES = {"months": MONTH_COLUMNS, "hours": HOURS_COLUMNS}


def statistics_context(programme: Programme) -> dict[str, Any]:
    figures = programme_statistics(programme)
    return {"programme": programme, "collaboration": programme.collaboration,
            "months": [(_month_label(m.month), m) for m in figures.months],
            "hours": figures.volunteer_hours}


def _rows(programme: Programme, table: str) -> list[MonthFigures] | list[tuple[Programme, Hours]]:
    figures = programme_statistics(programme)
    if table == "months":
        return figures.months
    return [(programme, figures.volunteer_hours)]


def download(programme: Programme, table: str, fmt: str) -> HttpResponse:
    """A table of the statistics page as CSV or XLSX; a suppressed figure is an empty
    cell, never zero. LookupError for a table or format the page does not have."""
    if table not in TABLES or fmt not in DOWNLOADS:
        raise LookupError(table)
    columns, rows = TABLES[table], _rows(programme, table)
    if fmt == "xlsx":
        title = _("Months") if table == "months" else _("Volunteer hours")
        response = HttpResponse(to_xlsx(columns, rows, title), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(to_csv(columns, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="volunteering-{programme.pk}-{table}.{fmt}"')
    return response
