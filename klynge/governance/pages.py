"""What the governance pages show, loaded in a fixed number of queries (no N+1).

Each ``*_context`` function takes an object the view already got through ``access`` and
returns the template context for it. Seats are split into past, current and upcoming on the
day shown, the same way on every page (``klynge.core.periods.split_in_time``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.cache import caches
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.core.periods import InTime, split_in_time
from klynge.core.versions import structure_version
from klynge.governance import access, findings
from klynge.governance.forms import (
    AddSeatForm,
    DateForm,
    EndSeatForm,
    FillSeatForm,
    GrantForm,
    NewBodyForm,
    ParticipationForm,
    PartnerForm,
)
from klynge.governance.models import Body, Participation, Person, RoleGrant, Seat
from klynge.governance.roles import roles_of
from klynge.reference.models import MunicipalityRegion

SECRETARIAT_GRANTS = [RoleGrant.Role.ANALYST]
ORGANISATION_GRANTS = [RoleGrant.Role.REFERRER]


@dataclass
class BodyNode:
    body: Body
    seats: list[Seat] = field(default_factory=list)
    children: list[BodyNode] = field(default_factory=list)


@dataclass
class MunicipalityRow:
    partnership: Partnership
    region_name: str


def seats_in_time(seats: list[Seat], day: dt.date) -> InTime[Seat]:
    return split_in_time(seats, day, lambda seat: (seat.term_start, seat.term_end))


def on_date(request: HttpRequest) -> tuple[dt.date, DateForm]:
    """The ``?date=`` to show, today when absent or bad (the form then carries the message)."""
    form = DateForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["date"]:
        return form.cleaned_data["date"], form
    return timezone.localdate(), form


def _tree(bodies: list[Body], seats: list[Seat]) -> list[BodyNode]:
    nodes = {body.pk: BodyNode(body) for body in bodies}
    for seat in seats:
        nodes[seat.body_id].seats.append(seat)
    roots: list[BodyNode] = []
    for node in nodes.values():
        parent = nodes.get(node.body.parent_id) if node.body.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def structure(collaboration: Collaboration, bodies: list[Body], date: dt.date,
              version: int) -> str:
    """The bodies and their members on ``date``, as HTML, drawn once for each structure
    version (every change to a body, seat or person bumps it, ``klynge.core.versions``),
    day, language and set of bodies the user may see: the collaboration page's biggest part,
    about 125 seats a collaboration at national scale."""
    if not bodies:
        return ""
    seen = hashlib.sha256(",".join(str(body.pk) for body in bodies).encode()).hexdigest()[:16]
    key = (f"structure:v{version}:{collaboration.pk}:{date.isoformat()}:"
           f"{get_language() or 'da'}:{seen}")
    html: str | None = caches["versioned"].get(key)
    if html is None:
        seats = list(Seat.objects.on(date).filter(body__in=bodies)
                     .select_related("person", "represents")
                     .order_by("body", "role", "person__name", "pk"))
        html = render_to_string("governance/_body_tree.html",
                                {"nodes": _tree(bodies, seats), "top": True})
        caches["versioned"].set(key, html, STRUCTURE_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (drawn by our template, escaped there)


STRUCTURE_CACHE_SECONDS = 24 * 3600


def _partners(collaboration: Collaboration, date: dt.date) -> list[Partnership]:
    links = MunicipalityRegion.objects.on(date).select_related("region")
    return list(
        collaboration.partnerships.on(date)
        .select_related("organisation__municipality")
        .prefetch_related(Prefetch("organisation__municipality__region_links", queryset=links,
                                   to_attr="links_on_date"))
        .order_by("organisation__kind", "organisation__name")
    )


def _group_by_kind(partnerships: list[Partnership]) -> list[tuple[str, list[Partnership]]]:
    groups: dict[str, list[Partnership]] = defaultdict(list)
    for partnership in partnerships:
        groups[partnership.organisation.get_kind_display()].append(partnership)
    return list(groups.items())


def _municipality_rows(partnerships: list[Partnership]) -> list[MunicipalityRow]:
    rows = []
    for partnership in partnerships:
        municipality = partnership.organisation.municipality
        if municipality is None:
            continue
        links = getattr(municipality, "links_on_date", [])
        rows.append(MunicipalityRow(partnership, links[0].region.name if links else ""))
    return sorted(rows, key=lambda row: row.partnership.organisation.name)


def _participants(collaboration: Collaboration, date: dt.date, user: Any) -> list[Participation]:
    rows = (Participation.objects.on(date).filter(collaboration=collaboration)
            .select_related("body__organisation__country").order_by("body__name"))
    return [row for row in rows if access.may_see_body(user, row.body)]


class Partners:
    """The partners and the municipalities on a day, read only when the page draws them: the
    page keeps both drawn in the cache under the structure version (the template's ``{% cache
    %}``), so most views read neither."""

    def __init__(self, collaboration: Collaboration, date: dt.date) -> None:
        self.collaboration, self.date = collaboration, date

    @cached_property
    def partnerships(self) -> list[Partnership]:
        return _partners(self.collaboration, self.date)

    @property
    def groups(self) -> list[tuple[str, list[Partnership]]]:
        return _group_by_kind(self.partnerships)

    @property
    def municipalities(self) -> list[MunicipalityRow]:
        return _municipality_rows(self.partnerships)


def collaboration_context(request: HttpRequest, collaboration: Collaboration,
                          **forms: Any) -> dict[str, Any]:
    user = request.user
    date, date_form = on_date(request)
    bodies = list(Body.objects.on(date)
                  .filter(pk__in=access.visible_bodies(user).filter(collaboration=collaboration))
                  .select_related("collaboration__country")  # for Body.kind_label
                  .order_by("kind", "name"))
    can_edit = access.can_edit_collaboration(user, collaboration)
    version = structure_version()
    raw = findings.check(collaboration, date, version)
    grants = (access.visible_grants(user).filter(collaboration=collaboration)
              .select_related("person").order_by("role", "person__name")) if can_edit else []
    return {
        "collaboration": collaboration,
        "date": date,
        "is_today": date == timezone.localdate(),
        "is_preparatory": collaboration.is_preparatory_on(date),
        "date_form": date_form,
        "partners": Partners(collaboration, date),
        "version": version,
        "participants": _participants(collaboration, date, user),
        "structure": structure(collaboration, bodies, date, version),
        "findings": findings.shown_findings(raw, {b.pk: b for b in bodies}),
        "can_edit": can_edit,
        "body_form": forms.get("body_form") or (
            NewBodyForm(owner=collaboration) if can_edit else None),
        "partner_form": forms.get("partner_form") or (
            PartnerForm(collaboration=collaboration) if can_edit else None),
        "grant_form": forms.get("grant_form") or (
            grant_form(request, SECRETARIAT_GRANTS) if can_edit else None),
        "grants": split_in_time(grants, date, lambda g: (g.valid_from, g.valid_to)),
    }


def people_for(user: Any, collaboration: Collaboration | None) -> QuerySet[Person]:
    """Whom ``user`` may seat or grant a role, those of ``collaboration`` first."""
    people = access.seatable_people(user)
    if collaboration is None:
        return people.order_by("name", "pk")
    here = Seat.objects.filter(person=OuterRef("pk"), body__collaboration=collaboration)
    return people.annotate(in_collaboration=Exists(here)).order_by("-in_collaboration",
                                                                   "name", "pk")


def _search(request: HttpRequest, data: Any) -> str:
    return "" if data is not None else request.GET.get("person_q", "")


def add_seat_form(request: HttpRequest, body: Body, data: Any = None) -> AddSeatForm:
    """The add-seat form; ``?person_q=`` narrows the people offered (the no-JS search)."""
    return AddSeatForm(data, people=people_for(request.user, body.collaboration),
                       partners=partners_for_seats(body), search=_search(request, data))


def fill_seat_form(request: HttpRequest, seat: Seat, data: Any = None) -> FillSeatForm:
    return FillSeatForm(data, seat=seat, people=people_for(request.user, seat.body.collaboration),
                        search=_search(request, data))


def grant_form(request: HttpRequest, roles: list[RoleGrant.Role], data: Any = None
               ) -> GrantForm:
    return GrantForm(data, roles=roles, people=people_for(request.user, None),
                     search=_search(request, data))


def partners_for_seats(body: Body) -> QuerySet[Organisation]:
    """What a seat in ``body`` may represent: a partner, or the body's own organisation."""
    if body.organisation_id is not None:
        return Organisation.objects.filter(pk=body.organisation_id)
    return Organisation.objects.filter(partnerships__collaboration=body.collaboration_id
                                       ).distinct().order_by("name")


def body_context(
    request: HttpRequest,
    body: Body,
    *,
    seat_form: AddSeatForm | None = None,
    end_form: EndSeatForm | None = None,
    fill_form: FillSeatForm | None = None,
    participation_form: ParticipationForm | None = None,
) -> dict[str, Any]:
    user = request.user
    date, date_form = on_date(request)
    owner = body.collaboration or body.organisation
    siblings = Body.objects.filter(collaboration=body.collaboration_id,
                                   organisation=body.organisation_id)
    bodies = {b.pk: b for b in siblings if access.may_see_body(user, b)}
    seats = list(Seat.objects.filter(body=body).select_related("person", "represents")
                 .order_by("role", "term_start", "person__name"))
    can_edit = access.can_edit_body(user, body)
    if can_edit and seat_form is None:
        seat_form = add_seat_form(request, body)
    raw = findings.check(body.collaboration, date) if body.collaboration is not None else []
    participations = (list(body.participations.select_related("collaboration")
                           .order_by("-valid_from")) if body.organisation_id else [])
    return {
        "body": body,
        "owner": owner,
        "collaboration": body.collaboration,
        "date": date,
        "is_today": date == timezone.localdate(),
        "date_form": date_form,
        "parent": bodies.get(body.parent_id) if body.parent_id else None,
        "children": [b for b in bodies.values() if b.parent_id == body.pk and b.is_valid_on(date)],
        "seats": seats_in_time(seats, date),
        "findings": findings.shown_findings(raw, bodies, body=body),
        "can_edit": can_edit,
        "seat_form": seat_form if can_edit else None,
        "end_form": end_form,
        "fill_form": fill_form,
        "participations": split_in_time(participations, date,
                                        lambda p: (p.valid_from, p.valid_to)),
        "participation_form": participation_form or (
            ParticipationForm(organisation=body.organisation)
            if can_edit and body.organisation is not None else None),
    }


def organisation_context(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    seats = (access.visible_seats(user).filter(represents=organisation)
             .select_related("person", "body__collaboration", "body__organisation")
             .order_by("body__collaboration__name", "body__name", "-term_start"))
    partnerships = organisation.partnerships.select_related("collaboration").order_by(
        "collaboration__name", "valid_from")
    bodies = [b for b in organisation.bodies.order_by("kind", "name")
              if access.may_see_body(user, b)]
    can_edit = access.can_edit_organisation(user, organisation)
    grants = (access.visible_grants(user).filter(organisation=organisation)
              .select_related("person").order_by("role", "person__name")) if can_edit else []
    return {
        "organisation": organisation, "partnerships": list(partnerships),
        "seats": seats_in_time(list(seats), today), "today": today, "bodies": bodies,
        "can_edit": can_edit,
        "body_form": NewBodyForm(owner=organisation) if can_edit else None,
        "grants": split_in_time(grants, today, lambda g: (g.valid_from, g.valid_to)),
        "grant_form": grant_form(request, ORGANISATION_GRANTS) if can_edit else None,
    }


def person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    today = timezone.localdate()
    user = request.user
    seats = list(access.visible_seats(user).filter(person=person)
                 .select_related("body__collaboration", "body__organisation", "represents")
                 .order_by("-term_start"))
    grants = list(access.visible_grants(user).filter(person=person)
                  .select_related("collaboration", "organisation").order_by("-valid_from"))
    roles = roles_of(user)
    return {
        "person": person,
        "seats": seats_in_time(seats, today),
        "grants": split_in_time(grants, today, lambda g: (g.valid_from, g.valid_to)),
        "show_contact": access.can_see_contact_details(user, person),
        "can_edit": access.can_edit_person(user, person),
        "can_reinvite": (access.can_edit_person(user, person) and person.user is not None
                         and person.user.is_active and not person.user.has_usable_password()),
        "is_admin": roles.is_admin,
    }
