"""What the Danish rules share: the acts they cite, where their text was read, and how a
seat is recognised (a mayor, a member of the regional council, general practice...).

The legal research behind the citations is summed up in docs/governance-rules.md. Each
address below is where the text was read; a source that is a bill, a draft or a
consolidated-law site says so in its words.
"""

from __future__ import annotations

import datetime as dt

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Seat
from klynge.governance.rules.base import PREPARATORY, REGULAR, Rule

CLUSTER_FROM = dt.date(2022, 7, 1)
CLUSTER_TO = dt.date(2026, 12, 31)
COUNCIL_FROM = dt.date(2027, 1, 1)
# The transition act applies from 1 July 2025 to 31 December 2026.
TRANSITION_FROM = dt.date(2025, 7, 1)
TRANSITION_TO = dt.date(2026, 12, 31)

# Where the texts were read ------------------------------------------------------------------
L191_URL = "https://ft.dk/samling/20211/lovforslag/l191/20211_l191_som_fremsat.htm"
L191_HEARING_DRAFT_URL = "https://ft.dk/samling/20211/almdel/SUU/bilag/212/2530730/index.htm"
L214_URL = "https://www.ft.dk/samling/20241/lovforslag/l214/20241_l214_som_fremsat.htm"
REGIONSLOVEN_15_URL = "https://www.elov.dk/regionsloven/paragraf/15"
TRANSITION_ACT_182_URL = "https://danskelove.dk/overgangsloven/182"

# The acts, in words -------------------------------------------------------------------------
L191 = "L 191, 2021-22"
CLUSTER_ACT = (
    "Lov om ændring af sundhedsloven (Etablering af sundhedsklynger og "
    "sundhedssamarbejdsudvalg m.v.), bill L 191 (2021-22) as fremsat on 29 April 2022 and "
    "adopted unchanged (tillægsbetænkning of 7 June 2022); the law's number was not confirmed"
)
CLUSTER_ORDER = (
    "bekendtgørelse nr. 1248 af 5. september 2022 om sundhedsklynger, "
    "sundhedssamarbejdsudvalg, sundhedsaftaler og patientinddragelsesudvalg, as amended by "
    "nr. 999 af 21. juni 2023 (numbers not confirmed; only § 1 and § 2, stk. 1-2 of its "
    "draft of 24 June 2022 were read)"
)
COUNCIL_ACT = (
    "regionsloven as amended by L 214 (2024-25), probably lov nr. 719 af 20. juni 2025; "
    "§ 15 read in the consolidated text on elov.dk; §§ 14 a-14 p (the councils' composition) "
    "not read"
)
TRANSITION_ACT = (
    "lov nr. 699 af 20. juni 2025 om overgangen til en ny sundhedsstruktur (overgangsloven); "
    "§ 182 read on danskelove.dk; §§ 32 and 78 (the preparatory councils) not read"
)

# Municipalities governed by a magistrate or committee-mayor system, with several mayors or
# aldermen (kommunestyrelsesloven § 64 a, stk. 1): København, Frederiksberg, Odense, Aarhus
# and Aalborg, by municipality code.
SEVERAL_MAYORS = frozenset({"0101", "0147", "0461", "0751", "0851"})

REGIONAL_COUNCIL_CAPACITIES = (Seat.Capacity.REGIONAL_COUNCILLOR,
                               Seat.Capacity.REGIONAL_COUNCIL_CHAIR)
# Seats that hold no member's place: the secretary who keeps the minutes, an observer.
NON_MEMBER_ROLES = (Seat.Role.SECRETARY, Seat.Role.OBSERVER)


class ClusterRule(Rule):
    kinds = (Collaboration.Kind.HEALTH_CLUSTER,)
    countries = ("DK",)
    valid_from = CLUSTER_FROM
    valid_to = CLUSTER_TO
    source = CLUSTER_ACT
    source_url = L191_URL


class CouncilRule(Rule):
    """A health council from 2027, outside any preparatory phase."""

    kinds = (Collaboration.Kind.HEALTH_COUNCIL,)
    countries = ("DK",)
    valid_from = COUNCIL_FROM
    phase = REGULAR
    source = COUNCIL_ACT
    source_url = REGIONSLOVEN_15_URL


class PreparatoryCouncilRule(Rule):
    """A health council in its preparatory phase (2026) under the transition act."""

    kinds = (Collaboration.Kind.HEALTH_COUNCIL,)
    countries = ("DK",)
    valid_from = TRANSITION_FROM
    valid_to = TRANSITION_TO
    phase = PREPARATORY
    source = TRANSITION_ACT
    source_url = TRANSITION_ACT_182_URL


def represents_kind(seat: Seat, kind: str) -> bool:
    return seat.represents is not None and seat.represents.kind == kind


def is_regional(seat: Seat) -> bool:
    return represents_kind(seat, Organisation.Kind.REGION)


def is_regional_councillor(seat: Seat) -> bool:
    """A member of the regional council (its chair included), for the region."""
    return is_regional(seat) and seat.capacity in REGIONAL_COUNCIL_CAPACITIES


def is_regional_council_chair(seat: Seat) -> bool:
    return is_regional(seat) and seat.capacity == Seat.Capacity.REGIONAL_COUNCIL_CHAIR


def is_mayor(seat: Seat) -> bool:
    return (seat.capacity == Seat.Capacity.MAYOR
            and represents_kind(seat, Organisation.Kind.MUNICIPALITY))


def municipality_code_of(seat: Seat) -> str:
    organisation = seat.represents
    if organisation is None or organisation.municipality is None:
        return ""
    return organisation.municipality.code


def is_committee_mayor_with_several_mayors(seat: Seat) -> bool:
    """A committee mayor or alderman of a municipality with several (§ 64 a)."""
    return (seat.capacity == Seat.Capacity.COMMITTEE_MAYOR
            and represents_kind(seat, Organisation.Kind.MUNICIPALITY)
            and municipality_code_of(seat) in SEVERAL_MAYORS)


def is_general_practice(seat: Seat) -> bool:
    return (seat.constituency == Seat.Constituency.GENERAL_PRACTICE
            or seat.capacity == Seat.Capacity.GP
            or represents_kind(seat, Organisation.Kind.GENERAL_PRACTICE))


def is_patients_or_relatives(seat: Seat) -> bool:
    return seat.constituency in (Seat.Constituency.PATIENTS, Seat.Constituency.RELATIVES)


def is_member(seat: Seat) -> bool:
    """A seat that holds a member's place (not a secretary's or an observer's)."""
    return seat.role not in NON_MEMBER_ROLES
