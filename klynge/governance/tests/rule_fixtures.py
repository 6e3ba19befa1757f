"""Collaborations that pass every governance rule, for the rule and command tests.

Each builder returns the collaboration and its parts so a test can break one thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Body, Seat
from klynge.testing.factories import (
    make_body,
    make_collaboration,
    make_country,
    make_municipality,
    make_municipality_organisation,
    make_organisation,
    make_partnership,
    make_region,
    make_region_organisation,
    make_seat,
)

ON = dt.date(2024, 6, 1)
IN_2027 = dt.date(2027, 3, 1)
COUNCIL_START = dt.date(2027, 1, 1)
PREPARATORY_START = dt.date(2026, 1, 1)
PREPARATORY_END = dt.date(2026, 12, 31)
IN_2026 = dt.date(2026, 6, 1)


@dataclass
class Built:
    collaboration: Collaboration
    region: Organisation
    municipalities: list[Organisation]
    political: Body
    strategic: Body
    bodies: dict[str, Body] = field(default_factory=dict)
    seats: dict[str, Seat] = field(default_factory=dict)


def add_municipality(built: Built, *, mayor: bool = True, strategic: bool = True,
                     country_code: str = "DK") -> Organisation:
    """A new member municipality, with its mayor on the political level and a
    representative on the strategic level unless told otherwise."""
    country = make_country(country_code, "Norge" if country_code == "NO" else "Danmark")
    organisation = make_municipality_organisation(make_municipality(country=country))
    make_partnership(built.collaboration, organisation)
    built.municipalities.append(organisation)
    if mayor:
        make_seat(built.political, represents=organisation, capacity=Seat.Capacity.MAYOR,
                  term_start=built.political.valid_from)
    if strategic:
        make_seat(built.strategic, represents=organisation, capacity=Seat.Capacity.DIRECTOR,
                  term_start=built.strategic.valid_from)
    return organisation


def dk_cluster(code: str = "testklynge", *, valid_to: dt.date | None = dt.date(2026, 12, 31),
               municipalities: int = 2) -> Built:
    """A Danish health cluster that passes every rule on ``ON`` (sundhedsloven § 203)."""
    collaboration = make_collaboration(code=code, name=f"Klynge {code}", valid_to=valid_to)
    region = make_region_organisation(make_region())
    make_partnership(collaboration, region)
    political = make_body(collaboration, kind=Body.Kind.POLITICAL, name="Politisk niveau")
    strategic = make_body(collaboration, kind=Body.Kind.STRATEGIC, name="Fagligt strategisk")
    secretariat = make_body(collaboration, kind=Body.Kind.SECRETARIAT, name="Sekretariat")
    built = Built(collaboration, region, [], political, strategic, {"secretariat": secretariat})
    built.seats["regional_co_chair"] = make_seat(
        political, role=Seat.Role.CO_CHAIR, represents=region,
        capacity=Seat.Capacity.REGIONAL_COUNCILLOR)
    built.seats["regional_council_chair"] = make_seat(
        political, represents=region, capacity=Seat.Capacity.REGIONAL_COUNCIL_CHAIR)
    built.seats["political_gp"] = make_seat(
        political, capacity=Seat.Capacity.GP, constituency=Seat.Constituency.GENERAL_PRACTICE)
    first = make_municipality_organisation(make_municipality())
    make_partnership(collaboration, first)
    built.municipalities.append(first)
    built.seats["mayor_co_chair"] = make_seat(
        political, role=Seat.Role.CO_CHAIR, represents=first, capacity=Seat.Capacity.MAYOR)
    built.seats["first_municipality"] = make_seat(
        strategic, represents=first, capacity=Seat.Capacity.DIRECTOR)
    for _ in range(municipalities - 1):
        add_municipality(built)
    built.seats["strategic_chair"] = make_seat(
        strategic, role=Seat.Role.CHAIR, represents=region, capacity=Seat.Capacity.DIRECTOR)
    built.seats["psychiatry"] = make_seat(
        strategic, represents=region, capacity=Seat.Capacity.DIRECTOR,
        constituency=Seat.Constituency.PSYCHIATRY)
    built.seats["gp"] = make_seat(strategic, constituency=Seat.Constituency.GENERAL_PRACTICE)
    built.seats["patients"] = make_seat(strategic, constituency=Seat.Constituency.PATIENTS)
    built.seats["secretary"] = make_seat(secretariat, role=Seat.Role.SECRETARY)
    return built


def dk_council(code: str = "testraad", municipalities: int = 2, *,
               preparatory: bool = False) -> Built:
    """A Danish health council that passes every rule on ``IN_2027``: a chair and a
    vice-chair, the region and every municipality on the council.

    ``preparatory``: it starts on 2026-01-01 with a preparatory phase to 2026-12-31 and a
    preparatory council (``bodies["preparatory"]``) that passes every rule in 2026.
    """
    collaboration = make_collaboration(
        code=code, name=f"Sundhedsråd {code}", kind=Collaboration.Kind.HEALTH_COUNCIL,
        valid_from=PREPARATORY_START if preparatory else COUNCIL_START, valid_to=None,
        preparatory_until=PREPARATORY_END if preparatory else None,
    )
    region = make_region_organisation(make_region())
    make_partnership(collaboration, region)
    council = make_body(collaboration, kind=Body.Kind.POLITICAL, name="Sundhedsrådet",
                        valid_from=COUNCIL_START)
    built = Built(collaboration, region, [], council, council)
    built.seats["chair"] = make_seat(council, role=Seat.Role.CHAIR, represents=region,
                                     capacity=Seat.Capacity.REGIONAL_COUNCILLOR,
                                     term_start=COUNCIL_START)
    for n in range(municipalities):
        organisation = make_municipality_organisation(make_municipality())
        make_partnership(collaboration, organisation)
        built.municipalities.append(organisation)
        seat = make_seat(council, represents=organisation, capacity=Seat.Capacity.POLITICIAN,
                         role=Seat.Role.VICE_CHAIR if n == 0 else Seat.Role.MEMBER,
                         term_start=COUNCIL_START)
        if n == 0:
            built.seats["vice_chair"] = seat
    if preparatory:
        built.bodies["preparatory"] = _preparatory_council(built)
    return built


def _preparatory_council(built: Built) -> Body:
    body = make_body(built.collaboration, kind=Body.Kind.POLITICAL,
                     name="Forberedende sundhedsråd", valid_from=PREPARATORY_START,
                     valid_to=PREPARATORY_END)
    make_seat(body, role=Seat.Role.CHAIR, represents=built.region,
              capacity=Seat.Capacity.REGIONAL_COUNCILLOR, term_start=PREPARATORY_START,
              term_end=PREPARATORY_END)
    for organisation in built.municipalities:
        make_seat(body, represents=organisation, capacity=Seat.Capacity.MAYOR,
                  term_start=PREPARATORY_START, term_end=PREPARATORY_END)
    return body


def no_community(code: str = "testfellesskap") -> Built:
    """A Norwegian health community that passes every rule on ``ON``: three levels, each with
    a user representative and a GP, the health trust and the municipality represented."""
    norway = make_country("NO", "Norge")
    collaboration = make_collaboration(
        code=code, name=f"Helsefellesskap {code}", kind=Collaboration.Kind.HEALTH_COMMUNITY,
        country=norway, valid_from=dt.date(2020, 1, 1), valid_to=None,
    )
    trust = make_organisation(kind=Organisation.Kind.REGION, name=f"Helse {code} HF",
                              country=norway)
    make_partnership(collaboration, trust)
    bodies = {
        "political": make_body(collaboration, kind=Body.Kind.POLITICAL, name="Partnarskapsmøte"),
        "strategic": make_body(collaboration, kind=Body.Kind.STRATEGIC,
                               name="Strategisk samarbeidsutval"),
        "working_group": make_body(collaboration, kind=Body.Kind.WORKING_GROUP,
                                   name="Fagleg samarbeidsutval"),
    }
    built = Built(collaboration, trust, [], bodies["political"], bodies["strategic"], bodies)
    municipality = make_municipality_organisation(make_municipality(country=norway))
    make_partnership(collaboration, municipality)
    built.municipalities.append(municipality)
    for key, body in bodies.items():
        built.seats[f"{key}_chair"] = make_seat(body, role=Seat.Role.CHAIR, represents=trust)
        built.seats[f"{key}_user"] = make_seat(body, constituency=Seat.Constituency.USERS)
        built.seats[f"{key}_gp"] = make_seat(body, capacity=Seat.Capacity.GP,
                                             constituency=Seat.Constituency.GENERAL_PRACTICE)
    built.seats["municipality"] = make_seat(bodies["political"], represents=municipality,
                                            capacity=Seat.Capacity.MAYOR)
    return built
