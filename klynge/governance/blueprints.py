"""Structure templates ("start from the law"): for each kind of collaboration and day, the
bodies the law requires and the seats it names, as vacancies a secretariat then fills.

``blueprint_for(collaboration, on)`` chooses the template by kind, country, date and phase,
the way the rules are chosen (docs/governance-rules.md, *Structure templates*).
``plan_structure(collaboration, on)`` compares it with what is recorded and says what is
missing; it only reads. ``klynge.governance.actions.structure`` writes what is missing.

A body of the template is there when a body of the same kind is in force on the day; a
seat is there when a seat of that body, held or vacant, in force on the day or later,
stands for the same organisation and constituency (and, where the law names it, capacity).
The bodies' names are the names the law gives them, in the law's language: they are data,
like the names a secretariat types, not text of the platform.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.core.periods import not_ended
from klynge.governance.models import Body, Seat
from klynge.governance.rules.base import ANY_PHASE, PREPARATORY, REGULAR, country_code
from klynge.governance.rules.dk_clusters import STK_4_POLITICAL, STK_4_STRATEGIC
from klynge.governance.rules.dk_common import (
    CLUSTER_FROM,
    CLUSTER_TO,
    COUNCIL_FROM,
    TRANSITION_FROM,
    TRANSITION_TO,
    is_general_practice,
)
from klynge.governance.rules.no import BERGEN_GUIDELINE, COMMUNITY_FROM

K, C = Seat.Constituency, Seat.Capacity

# Whom a seat of a template stands for: one organisation, one seat per organisation of a
# kind, or nobody in particular (a constituency).
REGION, MUNICIPALITIES, HOSPITALS, NOBODY = "region", "municipalities", "hospitals", ""
# How an existing seat is recognised as the template's seat.
SAME_CAPACITY, ANY_CAPACITY = "capacity", "any"
GENERAL_PRACTICE, USER = "general_practice", "user"


@dataclass(frozen=True)
class SeatTemplate:
    who: str
    capacity: str = C.REPRESENTATIVE
    constituency: str = K.ORGANISATION
    match: str = ANY_CAPACITY


@dataclass(frozen=True)
class BodyTemplate:
    key: str
    kind: str
    name: str
    citation: str
    seats: tuple[SeatTemplate, ...] = ()
    parent: str = ""


@dataclass(frozen=True)
class Blueprint:
    id: str
    title: Promise
    kind: str
    bodies: tuple[BodyTemplate, ...]
    countries: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    phase: str = ANY_PHASE

    def applies_to(self, collaboration: Collaboration, on: dt.date) -> bool:
        if collaboration.kind != self.kind:
            return False
        if self.countries and country_code(collaboration) not in self.countries:
            return False
        if (self.valid_from and on < self.valid_from) or (self.valid_to and on > self.valid_to):
            return False
        if self.phase == ANY_PHASE:
            return True
        return collaboration.is_preparatory_on(on) == (self.phase == PREPARATORY)


GP = SeatTemplate(NOBODY, C.GP, K.GENERAL_PRACTICE, GENERAL_PRACTICE)
USERS = SeatTemplate(NOBODY, constituency=K.USERS, match=USER)
SECRETARIAT = BodyTemplate("secretariat", Body.Kind.SECRETARIAT, "Sekretariat",
                           "Klynge platform: the secretariat that keeps the structure")
PLATFORM_ONLY = "Klynge platform: no law sets this structure"

DK_CLUSTER = Blueprint(
    "dk-cluster", gettext_lazy("Danish health cluster (sundhedsloven § 203)"),
    Collaboration.Kind.HEALTH_CLUSTER, countries=("DK",), valid_from=CLUSTER_FROM,
    valid_to=CLUSTER_TO, bodies=(
        BodyTemplate("political", Body.Kind.POLITICAL, "Politisk niveau", STK_4_POLITICAL, (
            SeatTemplate(REGION, C.REGIONAL_COUNCIL_CHAIR, match=SAME_CAPACITY),
            SeatTemplate(REGION, C.REGIONAL_COUNCILLOR, match=SAME_CAPACITY),
            SeatTemplate(MUNICIPALITIES, C.MAYOR, match=SAME_CAPACITY),
            GP,
        )),
        BodyTemplate("strategic", Body.Kind.STRATEGIC, "Fagligt strategisk niveau",
                     STK_4_STRATEGIC, (
            SeatTemplate(REGION),
            SeatTemplate(REGION, constituency=K.PSYCHIATRY),
            SeatTemplate(MUNICIPALITIES),
            GP,
            SeatTemplate(NOBODY, constituency=K.PATIENTS),
            SeatTemplate(NOBODY, constituency=K.RELATIVES),
        ), parent="political"),
        BodyTemplate("secretariat", Body.Kind.SECRETARIAT, "Sekretariat", SECRETARIAT.citation,
                     parent="strategic"),
    ))

DK_PREPARATORY_COUNCIL = Blueprint(
    "dk-preparatory-council",
    gettext_lazy("Danish preparatory health council (overgangsloven, 2026)"),
    Collaboration.Kind.HEALTH_COUNCIL, countries=("DK",), valid_from=TRANSITION_FROM,
    valid_to=TRANSITION_TO, phase=PREPARATORY, bodies=(
        BodyTemplate("preparatory", Body.Kind.POLITICAL, "Forberedende sundhedsråd",
                     "lov nr. 699 af 20. juni 2025 § 182, stk. 2 (§§ 32 and 78 not read)", (
            SeatTemplate(MUNICIPALITIES),
        )),
        SECRETARIAT,
    ))

DK_COUNCIL = Blueprint(
    "dk-council", gettext_lazy("Danish health council (regionsloven, from 2027)"),
    Collaboration.Kind.HEALTH_COUNCIL, countries=("DK",), valid_from=COUNCIL_FROM,
    phase=REGULAR, bodies=(
        BodyTemplate("council", Body.Kind.POLITICAL, "Sundhedsråd",
                     "regionsloven § 15, stk. 2, 4 and 6 (L 214, 2024-25; §§ 14 a-14 p not read)", (
            SeatTemplate(REGION, C.REGIONAL_COUNCILLOR),
            SeatTemplate(MUNICIPALITIES),
        )),
        SECRETARIAT,
    ))

NO_COMMUNITY = Blueprint(
    "no-community", gettext_lazy("Norwegian health community (helsefellesskap)"),
    Collaboration.Kind.HEALTH_COMMUNITY, countries=("NO",), valid_from=COMMUNITY_FROM, bodies=(
        BodyTemplate("political", Body.Kind.POLITICAL, "Partnerskapsmøte", BERGEN_GUIDELINE, (
            SeatTemplate(MUNICIPALITIES),
            SeatTemplate(REGION),
            SeatTemplate(HOSPITALS),
            GP,
            USERS,
        )),
        BodyTemplate("strategic", Body.Kind.STRATEGIC, "Strategisk samarbeidsutvalg",
                     BERGEN_GUIDELINE, (SeatTemplate(REGION), GP, USERS), parent="political"),
        BodyTemplate("professional", Body.Kind.WORKING_GROUP, "Faglig samarbeidsutvalg",
                     BERGEN_GUIDELINE, (GP, USERS), parent="strategic"),
        BodyTemplate("secretariat", Body.Kind.SECRETARIAT, "Sekretariat", SECRETARIAT.citation,
                     parent="strategic"),
    ))

INNOVATION_CLUSTER = Blueprint(
    "innovation-cluster", gettext_lazy("Innovation cluster (no law sets its structure)"),
    Collaboration.Kind.INNOVATION_CLUSTER, bodies=(
        BodyTemplate("secretariat", Body.Kind.SECRETARIAT, "Sekretariat", PLATFORM_ONLY),
    ))

BLUEPRINTS = (DK_CLUSTER, DK_PREPARATORY_COUNCIL, DK_COUNCIL, NO_COMMUNITY, INNOVATION_CLUSTER)


def blueprint_for(collaboration: Collaboration, on: dt.date) -> Blueprint | None:
    """The template for ``collaboration`` on ``on``, or None where none applies."""
    if not collaboration.is_valid_on(on):
        return None
    return next((b for b in BLUEPRINTS if b.applies_to(collaboration, on)), None)


# Planning -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedSeat:
    """A seat of the template for one organisation or constituency."""

    represents: Organisation | None
    capacity: str
    constituency: str
    match: str

    def matches(self, seat: Seat) -> bool:
        if self.match == GENERAL_PRACTICE:
            return is_general_practice(seat)
        if self.match == USER:
            return seat.constituency in Seat.USER_CONSTITUENCIES
        # A seat for a constituency (patients, say) may represent an organisation of theirs.
        if self.represents is not None and seat.represents_id != self.represents.pk:
            return False
        if (seat.constituency or "") != self.constituency:
            return False
        return self.match != SAME_CAPACITY or seat.capacity == self.capacity

    @property
    def label(self) -> str:
        parts = [self.represents.name] if self.represents is not None else []
        if self.constituency:
            parts.append(str(K(self.constituency).label))
        return f"{', '.join(parts)} – {C(self.capacity).label}"


@dataclass
class PlannedBody:
    template: BodyTemplate
    existing: Body | None
    valid_from: dt.date
    valid_to: dt.date | None
    missing: list[PlannedSeat] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.existing.name if self.existing is not None else self.template.name

    @property
    def is_new(self) -> bool:
        return self.existing is None


@dataclass
class Plan:
    collaboration: Collaboration
    on: dt.date
    blueprint: Blueprint | None
    bodies: list[PlannedBody] = field(default_factory=list)
    # What the template names but the partners lack (no region partner, say).
    unresolved: list[str] = field(default_factory=list)

    @property
    def new_bodies(self) -> list[PlannedBody]:
        return [body for body in self.bodies if body.is_new]

    @property
    def seat_count(self) -> int:
        return sum(len(body.missing) for body in self.bodies)

    @property
    def is_complete(self) -> bool:
        return not self.new_bodies and not self.seat_count


def plan_structure(collaboration: Collaboration, on: dt.date) -> Plan:
    """What the template for ``on`` requires that is not recorded yet (three queries)."""
    blueprint = blueprint_for(collaboration, on)
    plan = Plan(collaboration, on, blueprint)
    if blueprint is None:
        return plan
    partners = _partners(collaboration, on)
    bodies = list(Body.objects.on(on).filter(collaboration=collaboration).order_by("pk"))
    seats = list(Seat.objects.filter(not_ended(on, "term_end"), body__in=bodies).order_by("pk"))
    start = max(on, collaboration.valid_from)
    end = (collaboration.preparatory_until if blueprint.phase == PREPARATORY
           else collaboration.valid_to)
    for template in blueprint.bodies:
        existing = next((body for body in bodies if body.kind == template.kind), None)
        planned = PlannedBody(template, existing, existing.valid_from if existing else start,
                              existing.valid_to if existing else end)
        wanted = _expand(template, partners, plan.unresolved)
        body_seats = [seat for seat in seats if existing and seat.body_id == existing.pk]
        planned.missing = _missing(wanted, body_seats)
        plan.bodies.append(planned)
    return plan


def _partners(collaboration: Collaboration, on: dt.date) -> dict[str, list[Organisation]]:
    rows = (Partnership.objects.on(on).filter(collaboration=collaboration)
            .select_related("organisation").order_by("organisation__name", "pk"))
    found: dict[str, list[Organisation]] = {}
    for row in rows:
        organisation = row.organisation
        group = {Organisation.Kind.REGION: REGION, Organisation.Kind.HOSPITAL: HOSPITALS,
                 Organisation.Kind.MUNICIPALITY: MUNICIPALITIES}.get(organisation.kind)  # type: ignore[call-overload]
        if group and organisation not in found.setdefault(group, []):
            found[group].append(organisation)
    return found


def _expand(template: BodyTemplate, partners: dict[str, list[Organisation]],
            unresolved: list[str]) -> list[PlannedSeat]:
    wanted: list[PlannedSeat] = []
    for seat in template.seats:
        if seat.who == NOBODY:
            wanted.append(PlannedSeat(None, seat.capacity, seat.constituency, seat.match))
            continue
        organisations = partners.get(seat.who, [])
        if seat.who == REGION:
            organisations = organisations[:1]
            if not organisations:
                _note(unresolved, _("The collaboration has no region or health trust as a "
                                    "partner, so its seats were left out."))
        elif seat.who == MUNICIPALITIES and not organisations:
            _note(unresolved, _("The collaboration has no municipality as a partner, so the "
                                "municipalities' seats were left out."))
        wanted += [PlannedSeat(organisation, seat.capacity, seat.constituency, seat.match)
                   for organisation in organisations]
    return wanted


def _note(unresolved: list[str], message: str) -> None:
    if message not in unresolved:
        unresolved.append(message)


def _missing(wanted: list[PlannedSeat], seats: list[Seat]) -> list[PlannedSeat]:
    """The planned seats no existing seat stands for; each existing seat counts once."""
    used: set[int] = set()
    missing = []
    for planned in wanted:
        found = next((s for s in seats if s.pk not in used and planned.matches(s)), None)
        if found is None:
            missing.append(planned)
        else:
            used.add(found.pk)
    return missing
