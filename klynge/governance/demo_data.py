"""The demo's content as data: the collaborations it builds on, its organisations, bodies,
seats and logins, and the dates its terms follow. ``klynge.governance.demo`` builds it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from klynge.governance.models import Body, Collaboration, Organisation, Seat
from klynge.reference.models import Confidence

DEMO_SOURCE = "Klynge demo data: invented for the demo, not a fact"
DEMO_EMAIL_DOMAIN = "demo.klynge.example"
DEFAULT_PASSWORD = "klynge-demo"  # noqa: S105 - the demo's published password
DEFAULT_SEED = 1

HORSENS_CODE = "dk-klynge-horsensklyngen"
COUNCIL_CODE = "dk-raad-horsens"  # Horsensklyngen's successor from 2027
BERGEN_CODE = "no-helsefellesskap-bergen"
DEMO_INNOVATION_CODE = "no-demo-helseklynge-bergen"

R, C, K = Seat.Role, Seat.Capacity, Seat.Constituency
OK = Organisation.Kind

DK_START = dt.date(2022, 7, 1)
DK_ELECTED = dt.date(2026, 1, 1)  # the municipal and regional term after the 2025 elections
DK_OLD_TERM_END = dt.date(2025, 12, 31)
DK_LAPSED_END = dt.date(2026, 6, 30)
DK_COUNCIL_START = dt.date(2027, 1, 1)  # the health councils replace the clusters
DK_COUNCIL_PREPARATION = dt.date(2026, 9, 1)  # the council's secretariat prepares its start
NO_START = dt.date(2024, 1, 1)


# Specs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatSpec:
    """A seat; ``org`` keys the organisation it represents, ``title`` may name it as {org}."""

    title: str
    org: str = ""
    role: str = R.MEMBER
    capacity: str = C.REPRESENTATIVE
    constituency: str = K.ORGANISATION
    start: dt.date | None = None
    end: dt.date | None = None
    person: str = ""  # a key: the same person in several seats
    login: str = ""  # the demo username that signs in as this person


@dataclass(frozen=True)
class BodySpec:
    key: str
    kind: str
    name: str
    mandate: str
    seats: tuple[SeatSpec, ...]
    parent: str = ""
    confidential: bool = False


@dataclass(frozen=True)
class OrgSpec:
    key: str
    kind: str
    name: str
    country: str
    website: str = ""


@dataclass(frozen=True)
class Login:
    username: str
    role: Promise
    language: str
    is_staff: bool = False
    is_superuser: bool = False


DEMO_ORGANISATIONS = (
    OrgSpec("plo", OK.GENERAL_PRACTICE, "PLO Midtjylland", "DK"),
    OrgSpec("patients", OK.PATIENT, "Danske Patienter", "DK", "https://danskepatienter.dk"),
    OrgSpec("redcross", OK.VOLUNTARY, "Røde Kors Horsens", "DK"),
    OrgSpec("au", OK.UNIVERSITY, "Aarhus Universitet", "DK", "https://au.dk"),
    OrgSpec("via", OK.UNIVERSITY, "VIA University College", "DK", "https://via.dk"),
    OrgSpec("uib", OK.UNIVERSITY, "Universitetet i Bergen", "NO", "https://uib.no"),
    OrgSpec("fhi", OK.RESEARCH, "Folkehelseinstituttet", "NO", "https://fhi.no"),
    OrgSpec("vestland", OK.COUNTY, "Vestland fylkeskommune", "NO"),
    OrgSpec("company", OK.COMPANY, "Eksempel Helseteknologi AS (demo)", "NO"),
    OrgSpec("bergen-redcross", OK.VOLUNTARY, "Bergen Røde Kors", "NO"),
)
# Which demo organisations partner which collaboration.
DEMO_PARTNERS = {
    HORSENS_CODE: ("plo", "patients", "redcross", "au", "via"),
    DEMO_INNOVATION_CODE: ("uib", "fhi", "vestland", "company", "bergen-redcross"),
}

LOGINS = (
    Login("sekretariat",
          gettext_lazy("secretariat of Horsensklyngen and, from 2027, Sundhedsråd Horsens"),
          "da", is_staff=True),
    Login("panel", gettext_lazy("member of Horsensklyngen's user panel"), "da"),
    Login("medlem", gettext_lazy("member of Horsensklyngen's strategic level"), "da"),
    Login("bergen", gettext_lazy("secretariat of the Bergen health community"), "nn",
          is_staff=True),
    Login("admin", gettext_lazy("platform administrator"), "en", is_staff=True,
          is_superuser=True),
)


def _mayor(org: str, role: str = R.MEMBER) -> SeatSpec:
    return SeatSpec("Borgmester, {org}", org, role, C.MAYOR, start=DK_ELECTED)


HORSENS_BODIES = (
    BodySpec("political", Body.Kind.POLITICAL, "Politisk styregruppe – Horsensklyngen",
             "Sætter retning for klyngens arbejde og godkender den fælles handleplan.", (
        SeatSpec("Borgmester, {org}", "Horsens", R.CO_CHAIR, C.MAYOR, start=DK_START,
                 end=DK_OLD_TERM_END),
        _mayor("Horsens", R.CO_CHAIR),
        _mayor("Hedensted"),
        _mayor("Skanderborg"),
        # Odder's mayor and the regional co-chair are missing on purpose.
        SeatSpec("Regionsrådsmedlem, {org}", "region", capacity=C.POLITICIAN, start=DK_ELECTED),
        SeatSpec("Praktiserende læge, {org}", "plo", capacity=C.GP,
                 constituency=K.GENERAL_PRACTICE),
    )),
    BodySpec("strategic", Body.Kind.STRATEGIC, "Faglig strategisk styregruppe",
             "Omsætter den politiske retning til indsatser og følger op på dem.", (
        SeatSpec("Hospitalsdirektør, {org}", "hospital", R.CO_CHAIR, C.DIRECTOR,
                 person="hospital-director"),
        SeatSpec("Direktør for sundhed og omsorg, {org}", "Horsens", R.CO_CHAIR, C.DIRECTOR,
                 person="horsens-director"),
        SeatSpec("Sundhedschef, {org}", "Hedensted", capacity=C.DIRECTOR),
        SeatSpec("Direktør for social og sundhed, {org}", "Odder", capacity=C.DIRECTOR),
        SeatSpec("Direktør for sundhed og omsorg, {org}", "Skanderborg", capacity=C.DIRECTOR,
                 login="medlem"),
        SeatSpec("Vicedirektør, {org}", "region", capacity=C.DIRECTOR, person="region-director"),
        SeatSpec("Praktiserende læge, {org}", "plo", capacity=C.GP,
                 constituency=K.GENERAL_PRACTICE),
        SeatSpec("Patientrepræsentant, {org}", "patients", constituency=K.PATIENTS),
    ), parent="political"),
    BodySpec("budget", Body.Kind.STEERING, "Budgetgruppe for samarbejdsmidler",
             "Forbereder fordelingen af samarbejdsmidlerne. Fortrolig, indtil den politiske "
             "styregruppe har besluttet.", (
        SeatSpec("", "Horsens", R.CHAIR, C.DIRECTOR, person="horsens-director"),
        SeatSpec("", "hospital", capacity=C.DIRECTOR, person="hospital-director"),
        SeatSpec("", "region", capacity=C.DIRECTOR, person="region-director"),
    ), parent="political", confidential=True),
    BodySpec("elderly", Body.Kind.WORKING_GROUP, "Faggruppe for ældre medicinske patienter",
             "Færre forebyggelige indlæggelser og genindlæggelser af ældre medicinske "
             "patienter.", (
        SeatSpec("Overlæge, {org}", "hospital", R.CHAIR, C.PROFESSIONAL),
        SeatSpec("Leder af akutteamet, {org}", "Horsens", capacity=C.PROFESSIONAL),
        SeatSpec("Sygeplejerske, {org}", "Hedensted", capacity=C.PROFESSIONAL),
        SeatSpec("Praktiserende læge, {org}", "plo", capacity=C.GP,
                 constituency=K.GENERAL_PRACTICE),
        # Lapsed on purpose: the term ended and no one has taken the seat.
        SeatSpec("Lektor, {org}", "via", capacity=C.PROFESSIONAL, end=DK_LAPSED_END),
    ), parent="strategic"),
    BodySpec("mental", Body.Kind.WORKING_GROUP, "Faggruppe for mental sundhed",
             "Sammenhængende forløb for borgere med psykisk sygdom.", (
        # No chair, on purpose.
        SeatSpec("Overlæge, Psykiatrien, {org}", "region", capacity=C.PROFESSIONAL),
        SeatSpec("Leder af socialpsykiatrien, {org}", "Horsens", capacity=C.PROFESSIONAL),
        SeatSpec("Psykolog, {org}", "Skanderborg", capacity=C.PROFESSIONAL),
        SeatSpec("Frivilligkoordinator, {org}", "redcross", constituency=K.VOLUNTEERS),
        SeatSpec("Pårørenderepræsentant", constituency=K.RELATIVES),
    ), parent="strategic"),
    BodySpec("panel", Body.Kind.USER_PANEL, "Brugerpanel",
             "Giver patienters og pårørendes perspektiv på klyngens indsatser.", (
        SeatSpec("Patientrepræsentant", role=R.CHAIR, constituency=K.PATIENTS),
        SeatSpec("Patientrepræsentant", constituency=K.PATIENTS, login="panel"),
        SeatSpec("Patientrepræsentant", constituency=K.PATIENTS),
        SeatSpec("Pårørenderepræsentant", constituency=K.RELATIVES),
        SeatSpec("Pårørenderepræsentant", constituency=K.RELATIVES),
    ), parent="strategic"),
    BodySpec("elders", Body.Kind.ELDER_COUNCIL, "Ældrerådenes kontaktudvalg",
             "Ældrerådene i klyngens fire kommuner drøfter klyngens indsatser.", tuple(
        SeatSpec("Medlem af ældrerådet, {org}", org, R.CHAIR if org == "Horsens" else R.MEMBER,
                 constituency=K.ELDERS)
        for org in ("Hedensted", "Horsens", "Odder", "Skanderborg")
    ), parent="strategic"),
    BodySpec("students", Body.Kind.STUDENT_PANEL, "Studenterpanel",
             "Studerende inden for sundhed giver input til klyngens indsatser.", (
        SeatSpec("Medicinstuderende, {org}", "au", R.CHAIR, constituency=K.STUDENTS),
        SeatSpec("Sygeplejerskestuderende, {org}", "via", constituency=K.STUDENTS),
        SeatSpec("Ergoterapeutstuderende, {org}", "via", constituency=K.STUDENTS),
    ), parent="strategic"),
    BodySpec("secretariat", Body.Kind.SECRETARIAT, "Klyngesekretariat",
             "Forbereder møderne, fører referat og holder klyngens oplysninger ajour.", (
        SeatSpec("Klyngekoordinator, {org}", "hospital", R.SECRETARY, C.STAFF,
                 person="coordinator", login="sekretariat"),
        SeatSpec("Konsulent, {org}", "Horsens", R.SECRETARY, C.STAFF),
        SeatSpec("Konsulent, {org}", "region", R.SECRETARY, C.STAFF),
    ), parent="strategic"),
)

# Sundhedsråd Horsens: the loader makes it (valid from 2027-01-01) with the four
# municipalities and Region Midtjylland as partners; the demo gives it its bodies.
COUNCIL_BODIES = (
    BodySpec("council", Body.Kind.POLITICAL, "Sundhedsrådet – Horsens",
             "Planlægger og koordinerer sundhedsindsatsen for borgerne i Hedensted, Horsens, "
             "Odder og Skanderborg og indgår sundhedsaftalen for området.", (
        SeatSpec("Borgmester, {org}", "Horsens", R.CHAIR, C.MAYOR),
        SeatSpec("Borgmester, {org}", "Hedensted", capacity=C.MAYOR),
        SeatSpec("Formand for sundhedsudvalget, {org}", "Skanderborg", capacity=C.POLITICIAN),
        # Odder and the region are not represented, on purpose.
    )),
    BodySpec("panel", Body.Kind.USER_PANEL, "Brugerpanel",
             "Giver patienters og pårørendes perspektiv på sundhedsrådets arbejde.", (
        SeatSpec("Patientrepræsentant", role=R.CHAIR, constituency=K.PATIENTS),
        SeatSpec("Patientrepræsentant", constituency=K.PATIENTS),
        SeatSpec("Patientrepræsentant", constituency=K.PATIENTS),
        SeatSpec("Pårørenderepræsentant", constituency=K.RELATIVES),
    ), parent="council"),
    BodySpec("secretariat", Body.Kind.SECRETARIAT, "Sekretariat for Sundhedsråd Horsens",
             "Forbereder rådets møder og holder rådets oplysninger ajour; har forberedt "
             "rådets start siden 2026.", (
        # The same person as Horsensklyngen's coordinator, so the login is both secretariats.
        SeatSpec("Koordinator, {org}", "region", R.SECRETARY, C.STAFF,
                 start=DK_COUNCIL_PREPARATION, person="coordinator", login="sekretariat"),
        SeatSpec("Konsulent, {org}", "Hedensted", R.SECRETARY, C.STAFF,
                 start=DK_COUNCIL_PREPARATION),
    ), parent="council"),
)

BERGEN_BODIES = (
    BodySpec("political", Body.Kind.POLITICAL, "Partnarskapsmøtet",
             "Møtest årleg og set retning for helsefellesskapet.", (
        SeatSpec("Byrådsleiar, {org}", "Bergen", R.CO_CHAIR, C.POLITICIAN),
        SeatSpec("Administrerande direktør, {org}", "region", R.CO_CHAIR, C.DIRECTOR),
        SeatSpec("Ordførar, {org}", "Askøy", capacity=C.MAYOR),
        SeatSpec("Ordførar, {org}", "Alver", capacity=C.MAYOR),
        SeatSpec("Ordførar, {org}", "Voss", capacity=C.MAYOR),
        SeatSpec("Brukarrepresentant", constituency=K.USERS),
    )),
    BodySpec("strategic", Body.Kind.STRATEGIC, "Strategisk samarbeidsutval",
             "Prioriterer og følgjer opp arbeidet i dei faglege samarbeidsutvala.", (
        SeatSpec("Kommunaldirektør for helse og omsorg, {org}", "Bergen", R.CO_CHAIR,
                 C.DIRECTOR),
        SeatSpec("Viseadministrerande direktør, {org}", "region", R.CO_CHAIR, C.DIRECTOR),
        SeatSpec("Kommunalsjef for helse, {org}", "Askøy", capacity=C.DIRECTOR),
        SeatSpec("Fastlege, {org}", "Bergen", capacity=C.GP, constituency=K.GENERAL_PRACTICE),
        SeatSpec("Brukarrepresentant", constituency=K.USERS),
    ), parent="political"),
    BodySpec("children", Body.Kind.WORKING_GROUP, "Fagleg samarbeidsutval for barn og unge",
             "Samanhengande tenester for barn og unge med samansette behov.", (
        SeatSpec("Avdelingsleiar, {org}", "region", R.CHAIR, C.PROFESSIONAL),
        SeatSpec("Helsesjukepleiar, {org}", "Bergen", capacity=C.PROFESSIONAL),
        SeatSpec("Fastlege, {org}", "Øygarden", capacity=C.GP, constituency=K.GENERAL_PRACTICE),
        SeatSpec("Pårørenderepresentant", constituency=K.RELATIVES),
    ), parent="strategic"),
    BodySpec("elderly", Body.Kind.WORKING_GROUP, "Fagleg samarbeidsutval for skrøpelege eldre",
             "Færre innleggingar og tryggare utskrivingar for skrøpelege eldre.", (
        # No user representative, on purpose.
        SeatSpec("Einingsleiar, {org}", "Bergen", R.CHAIR, C.PROFESSIONAL),
        SeatSpec("Overlege, {org}", "region", capacity=C.PROFESSIONAL),
        SeatSpec("Einingsleiar heimetenester, {org}", "Øygarden", capacity=C.PROFESSIONAL),
    ), parent="strategic"),
    BodySpec("panel", Body.Kind.USER_PANEL, "Brukarpanel",
             "Gir innspel frå pasientar, brukarar og pårørande.", (
        SeatSpec("Brukarrepresentant", role=R.CHAIR, constituency=K.USERS),
        SeatSpec("Brukarrepresentant", constituency=K.USERS),
        SeatSpec("Pasientrepresentant", constituency=K.PATIENTS),
        SeatSpec("Pårørenderepresentant", constituency=K.RELATIVES),
    ), parent="strategic"),
    BodySpec("secretariat", Body.Kind.SECRETARIAT, "Sekretariat for helsefellesskapet",
             "Førebur møta og held oversikt over arbeidet i helsefellesskapet.", (
        SeatSpec("Seniorrådgjevar, {org}", "region", R.SECRETARY, C.STAFF, login="bergen"),
        SeatSpec("Rådgjevar, {org}", "Bergen", R.SECRETARY, C.STAFF),
    ), parent="strategic"),
)

INNOVATION_BODIES = (
    BodySpec("steering", Body.Kind.STEERING, "Styringsgruppe",
             "Styrer klynga sitt arbeid med innovasjon i helse og omsorg.", (
        SeatSpec("Prorektor, {org}", "uib", R.CHAIR, C.DIRECTOR),
        SeatSpec("Forskingsdirektør, {org}", "region", capacity=C.DIRECTOR),
        SeatSpec("Avdelingsdirektør, {org}", "fhi", capacity=C.DIRECTOR),
        SeatSpec("Fylkesdirektør, {org}", "vestland", capacity=C.DIRECTOR),
        SeatSpec("Dagleg leiar, {org}", "company", capacity=C.DIRECTOR),
        SeatSpec("Frivilligkoordinator, {org}", "bergen-redcross", constituency=K.VOLUNTEERS),
    )),
    BodySpec("students", Body.Kind.STUDENT_PANEL, "Studentpanel",
             "Studentar gir innspel til klynga sine prosjekt.", (
        SeatSpec("Medisinstudent, {org}", "uib", R.CHAIR, constituency=K.STUDENTS),
        SeatSpec("Masterstudent i folkehelse, {org}", "uib", constituency=K.STUDENTS),
    ), parent="steering"),
)

INNOVATION_CLUSTER = {
    "name": "Helseklynge Bergen (demo)",
    "kind": Collaboration.Kind.INNOVATION_CLUSTER,
    "valid_from": NO_START,
    "confidence": Confidence.UNCONFIRMED,
    "source": DEMO_SOURCE,
    "description": (
        "Oppdikta for demoen: dette er ikkje eit verkeleg samarbeid. Ei helseklynge der "
        "universitet, helseføretak, kommunar, næringsliv og frivillige utviklar nye "
        "løysingar saman."
    ),
}
BODY_SPECS = {
    HORSENS_CODE: HORSENS_BODIES,
    COUNCIL_CODE: COUNCIL_BODIES,
    BERGEN_CODE: BERGEN_BODIES,
    DEMO_INNOVATION_CODE: INNOVATION_BODIES,
}
SEAT_START = {HORSENS_CODE: DK_START, COUNCIL_CODE: DK_COUNCIL_START, BERGEN_CODE: NO_START,
              DEMO_INNOVATION_CODE: NO_START}
