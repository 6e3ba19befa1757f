"""What the governance pages show, loaded in a fixed number of queries (no N+1).

Each ``*_context`` function takes an object the view already got through ``access`` and
returns the template context for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from klynge.governance import access, findings
from klynge.governance.forms import AddSeatForm, DateForm, EndSeatForm, NewBodyForm
from klynge.governance.models import Body, Collaboration, Organisation, Partnership, Person, Seat
from klynge.reference.models import MunicipalityRegion


@dataclass
class BodyNode:
    body: Body
    seats: list[Seat] = field(default_factory=list)
    children: list[BodyNode] = field(default_factory=list)


@dataclass
class MunicipalityRow:
    partnership: Partnership
    region_name: str


def on_date(request: HttpRequest) -> tuple[dt.date, DateForm]:
    """The ``?date=`` to show, today when absent or bad (the form then carries the message)."""
    form = DateForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["date"]:
        return form.cleaned_data["date"], form
    return timezone.localdate(), form


def _seats(bodies: QuerySet[Body] | list[Body]) -> QuerySet[Seat]:
    return Seat.objects.filter(body__in=bodies).select_related("person", "represents")


def _visible_bodies_of(user: Any, collaboration: Collaboration, date: dt.date) -> list[Body]:
    visible = access.visible_bodies(user).filter(collaboration=collaboration)
    return list(Body.objects.on(date).filter(pk__in=visible).order_by("kind", "name"))


def _tree(bodies: list[Body], seats: list[Seat]) -> list[BodyNode]:
    nodes = {body.pk: BodyNode(body) for body in bodies}
    for seat in seats:
        nodes[seat.body_id].seats.append(seat)
    roots: list[BodyNode] = []
    for node in nodes.values():
        parent = nodes.get(node.body.parent_id) if node.body.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


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


def collaboration_context(request: HttpRequest, collaboration: Collaboration) -> dict[str, Any]:
    user = request.user
    date, date_form = on_date(request)
    bodies = _visible_bodies_of(user, collaboration, date)
    seats = list(Seat.objects.on(date).filter(body__in=bodies)
                 .select_related("person", "represents").order_by("body", "role", "person__name"))
    partnerships = _partners(collaboration, date)
    can_edit = access.can_edit_collaboration(user, collaboration)
    raw = findings.check(collaboration, date)
    return {
        "collaboration": collaboration,
        "date": date,
        "is_today": date == timezone.localdate(),
        "date_form": date_form,
        "partner_groups": _group_by_kind(partnerships),
        "municipalities": _municipality_rows(partnerships),
        "tree": _tree(bodies, seats),
        "findings": findings.shown_findings(raw, {b.pk: b for b in bodies}),
        "can_edit": can_edit,
        "body_form": NewBodyForm(collaboration=collaboration) if can_edit else None,
    }


def _partners_for_form(collaboration: Collaboration) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnerships__collaboration=collaboration).distinct()


def add_seat_form(request: HttpRequest, body: Body, data: Any = None) -> AddSeatForm:
    """The add-seat form; ``?person_q=`` narrows the people offered (the no-JS search)."""
    here = Seat.objects.filter(person=OuterRef("pk"), body__collaboration=body.collaboration)
    people: QuerySet[Person] = (access.visible_people(request.user)
                                .annotate(in_collaboration=Exists(here))
                                .order_by("-in_collaboration", "name", "pk"))
    search = "" if data is not None else request.GET.get("person_q", "")
    return AddSeatForm(data, people=people, partners=_partners_for_form(body.collaboration),
                       search=search)


def body_context(
    request: HttpRequest,
    body: Body,
    *,
    seat_form: AddSeatForm | None = None,
    end_form: EndSeatForm | None = None,
) -> dict[str, Any]:
    user = request.user
    date, date_form = on_date(request)
    collaboration = body.collaboration
    bodies = {b.pk: b for b in access.visible_bodies(user).filter(collaboration=collaboration)}
    seats = list(_seats([body]).order_by("role", "term_start", "person__name"))
    past = [s for s in seats if s.term_end is not None and s.term_end < date]
    can_edit = access.can_edit_collaboration(user, collaboration)
    if can_edit and seat_form is None:
        seat_form = add_seat_form(request, body)
    raw = findings.check(collaboration, date)
    return {
        "body": body,
        "collaboration": collaboration,
        "date": date,
        "is_today": date == timezone.localdate(),
        "date_form": date_form,
        "parent": bodies.get(body.parent_id) if body.parent_id else None,
        "children": [b for b in bodies.values() if b.parent_id == body.pk and b.is_valid_on(date)],
        "current_seats": [s for s in seats if s not in past],
        "past_seats": past,
        "findings": findings.shown_findings(raw, bodies, body=body),
        "can_edit": can_edit,
        "seat_form": seat_form if can_edit else None,
        "end_form": end_form,
    }


def organisation_context(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    seats = (access.visible_seats(request.user).filter(represents=organisation)
             .select_related("person", "body__collaboration")
             .order_by("body__collaboration__name", "body__name", "-term_start"))
    partnerships = organisation.partnerships.select_related("collaboration").order_by(
        "collaboration__name", "valid_from")
    return {"organisation": organisation, "partnerships": list(partnerships),
            "seats": list(seats), "today": timezone.localdate()}


def person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    today = timezone.localdate()
    seats = list(access.visible_seats(request.user).filter(person=person)
                 .select_related("body__collaboration", "represents")
                 .order_by("-term_start"))
    past = [s for s in seats if s.term_end is not None and s.term_end < today]
    return {
        "person": person,
        "current_seats": [s for s in seats if s not in past],
        "past_seats": past,
        "show_contact": access.can_see_contact_details(request.user, person),
    }
