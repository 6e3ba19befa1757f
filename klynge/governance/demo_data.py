"""The demo's content as data: the collaborations it builds on, its organisations, bodies,
seats, role grants and logins, and the dates its terms follow. ``klynge.governance.demo``
builds it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from klynge.collaborations.models import Organisation
from klynge.governance.models import Body, Seat

DEMO_SOURCE = "Klynge demo data: invented for the demo, not a fact"
DEMO_EMAIL_DOMAIN = "demo.klynge.example"
DEFAULT_PASSWORD = "klynge-demo"  # noqa: S105 - the demo's published password
DEFAULT_SEED = 1

HORSENS_CODE = "dk-klynge-horsensklyngen"
COUNCIL_CODE = "dk-raad-horsens"  # Horsensklyngen's successor from 2027
BERGEN_CODE = "no-helsefellesskap-bergen"
ALREK_CODE = "no-alrek-helseklynge"  # a real innovation cluster, from the reference data

R, C, K = Seat.Role, Seat.Capacity, Seat.Constituency
OK = Organisation.Kind

DK_START = dt.date(2022, 7, 1)
DK_ELECTED = dt.date(2026, 1, 1)  # the municipal and regional term after the 2025 elections
DK_OLD_TERM_END = dt.date(2025, 12, 31)
DK_LAPSED_END = dt.date(2026, 6, 30)
DK_COUNCIL_START = dt.date(2027, 1, 1)  # the health councils replace the clusters
DK_PREPARATORY_START = dt.date(2026, 1, 1)  # the preparatory councils of the transition act
DK_PREPARATORY_END = dt.date(2026, 12, 31)
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
    start: dt.date | None = None  # default: the collaboration's first day
    end: dt.date | None = None


@dataclass(frozen=True)
class OrgBodySpec:
    """A body of an organisation, and the collaborations it takes part in."""

    organisation: str  # a municipality's name, or a demo organisation's key
    body: BodySpec
    takes_part_in: tuple[str, ...]


@dataclass(frozen=True)
class GrantSpec:
    """A role granted to a new person with ``title`` at ``org`` (a partner's key), in the
    collaboration ``collaboration`` or the organisation ``organisation`` (a partner's key)."""

    title: str
    org: str
    role: str
    collaboration: str = ""
    organisation: str = ""
    login: str = ""  # the demo login that signs in as this person


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
    # The secret of the demo's authenticator app (base32), for `klynge demo_code`: roles
    # that see personal data sign in with a second factor, in the demo too.
    totp_secret: str = ""


DEMO_ORGANISATIONS = (
    OrgSpec("plo", OK.GENERAL_PRACTICE, "PLO Midtjylland", "DK"),
    OrgSpec("patients", OK.PATIENT, "Danske Patienter", "DK", "https://danskepatienter.dk"),
    OrgSpec("redcross", OK.VOLUNTARY, "Røde Kors Horsens", "DK"),
    OrgSpec("au", OK.UNIVERSITY, "Aarhus Universitet", "DK", "https://au.dk"),
    OrgSpec("via", OK.UNIVERSITY, "VIA University College", "DK", "https://via.dk"),
    # The volunteering demo's organisations (klynge.volunteering.demo runs their programmes).
    OrgSpec("korshaer", OK.VOLUNTARY, "Kirkens Korshær Horsens", "DK"),
    OrgSpec("lung", OK.PATIENT, "Lungeforeningen", "DK", "https://lunge.dk"),
)
# Which demo organisations partner which collaboration.
DEMO_PARTNERS = {
    HORSENS_CODE: ("plo", "patients", "redcross", "au", "via", "korshaer", "lung"),
    COUNCIL_CODE: ("redcross", "korshaer", "lung"),
}

# Demo secrets only: published in the docs, so anyone can sign in to the demo.
LOGINS = (
    Login("sekretariat",
          gettext_lazy("secretariat of Horsensklyngen and, from 2027, Sundhedsråd Horsens"),
          "da", totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),  # noqa: S106
    Login("panel", gettext_lazy("member of Horsensklyngen's user panel"), "da"),
    Login("medlem", gettext_lazy("member of Horsensklyngen's strategic level"), "da"),
    Login("bergen", gettext_lazy("secretariat of the Bergen health community"), "nn",
          totp_secret="KRUGS4ZANFZSAYJAMRSW233TMVRXEZLU"),  # noqa: S106
    Login("analytiker", gettext_lazy("analyst of Horsensklyngen's population data"), "da",
          totp_secret="GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),  # noqa: S106
    Login("admin", gettext_lazy("platform administrator"), "en", is_staff=True,
          is_superuser=True, totp_secret="MFSG22LOEBZWKY3SMV2CA3LJONZWS33O"),  # noqa: S106
    # The volunteering demo (klynge.volunteering.demo): a coordinator sees health data.
    Login("koordinator", gettext_lazy("coordinator of Røde Kors Horsens' patient navigators"),
          "da", totp_secret="NNXW64TENFXGC5DPOIWWIZLNN4WWW3DZ"),  # noqa: S106
    Login("sygeplejerske", gettext_lazy("social nurse at Regionshospitalet Horsens, refers "
                                        "patients to volunteer programmes"), "da"),
    Login("frivillig", gettext_lazy("volunteer patient navigator of Røde Kors Horsens"), "da"),
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
        # Odder's mayor is missing on purpose.
        SeatSpec("Regionsrådsformand, {org}", "region", capacity=C.REGIONAL_COUNCIL_CHAIR,
                 start=DK_ELECTED),
        SeatSpec("Regionsrådsmedlem, {org}", "region", capacity=C.REGIONAL_COUNCILLOR,
                 start=DK_ELECTED),
        # On purpose: the regional co-chair is the regional director, who is not a member of
        # the regional council: the political level consists of regional councillors, mayors
        # and general practice (sundhedsloven § 203, stk. 4), and the hearing draft of stk. 5
        # chooses the regional co-chair among the regional council's members.
        SeatSpec("Regionsdirektør, {org}", "region", R.CO_CHAIR, C.DIRECTOR, start=DK_ELECTED),
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
        SeatSpec("Vicedirektør, Psykiatrien, {org}", "region", capacity=C.DIRECTOR,
                 constituency=K.PSYCHIATRY),
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

# Sundhedsråd Horsens: the loader makes it with the four municipalities and Region
# Midtjylland as partners, from 2026-01-01 with a preparatory phase to 2026-12-31 (the
# transition act's preparatory council); the demo gives it the bodies of both phases.
COUNCIL_BODIES = (
    BodySpec("preparatory", Body.Kind.POLITICAL, "Forberedende sundhedsråd – Horsens",
             "Forbereder overgangen fra Horsensklyngen til sundhedsrådet og opgaverne, der "
             "flytter fra kommunerne til regionen.", (
        SeatSpec("Regionsrådsmedlem, {org}", "region", R.CHAIR, C.REGIONAL_COUNCILLOR),
        SeatSpec("Borgmester, {org}", "Horsens", R.VICE_CHAIR, C.MAYOR),
        SeatSpec("Regionsrådsmedlem, {org}", "region", capacity=C.REGIONAL_COUNCILLOR),
        SeatSpec("Borgmester, {org}", "Hedensted", capacity=C.MAYOR),
        SeatSpec("Byrådsmedlem, {org}", "Skanderborg", capacity=C.MUNICIPAL_COUNCILLOR),
        SeatSpec("Byrådsmedlem, {org}", "Odder", capacity=C.MUNICIPAL_COUNCILLOR),
    ), start=DK_PREPARATORY_START, end=DK_PREPARATORY_END),
    BodySpec("preparatory-secretariat", Body.Kind.SECRETARIAT,
             "Sekretariat for det forberedende sundhedsråd",
             "Forbereder det forberedende sundhedsråds møder i 2026.", (
        SeatSpec("Specialkonsulent, {org}", "region", R.SECRETARY, C.STAFF),
    ), parent="preparatory", start=DK_PREPARATORY_START, end=DK_PREPARATORY_END),
    BodySpec("council", Body.Kind.POLITICAL, "Sundhedsrådet – Horsens",
             "Planlægger og koordinerer sundhedsindsatsen for borgerne i Hedensted, Horsens, "
             "Odder og Skanderborg og indgår sundhedsaftalen for området.", (
        SeatSpec("Regionsrådsmedlem, {org}", "region", R.CHAIR, C.REGIONAL_COUNCILLOR),
        SeatSpec("Borgmester, {org}", "Horsens", R.VICE_CHAIR, C.MAYOR),
        SeatSpec("Regionsrådsmedlem, {org}", "region", capacity=C.REGIONAL_COUNCILLOR),
        SeatSpec("Borgmester, {org}", "Hedensted", capacity=C.MAYOR),
        SeatSpec("Formand for sundhedsudvalget, {org}", "Skanderborg",
                 capacity=C.MUNICIPAL_COUNCILLOR),
        # Odder is not represented, on purpose.
    ), start=DK_COUNCIL_START),
    BodySpec("panel", Body.Kind.USER_PANEL, "Brugerpanel",
             "Giver patienters og pårørendes perspektiv på sundhedsrådets arbejde.", (
        SeatSpec("Patientrepræsentant", role=R.CHAIR, constituency=K.PATIENTS),
        SeatSpec("Patientrepræsentant", constituency=K.PATIENTS),
        SeatSpec("Patientrepræsentant", constituency=K.PATIENTS),
        SeatSpec("Pårørenderepræsentant", constituency=K.RELATIVES),
    ), parent="council", start=DK_COUNCIL_START),
    BodySpec("secretariat", Body.Kind.SECRETARIAT, "Sekretariat for Sundhedsråd Horsens",
             "Forbereder rådets møder og holder rådets oplysninger ajour.", (
        # The same person as Horsensklyngen's coordinator: the login moves with the reform.
        SeatSpec("Koordinator, {org}", "region", R.SECRETARY, C.STAFF,
                 person="coordinator", login="sekretariat"),
        SeatSpec("Konsulent, {org}", "Hedensted", R.SECRETARY, C.STAFF),
    ), parent="council", start=DK_COUNCIL_START),
)

# The Bergen area health community's other 17 municipalities: each is represented in the
# structure (its guideline asks it), here by its mayor at the partnership meeting.
BERGEN_MUNICIPALITIES = (
    "Askøy", "Austevoll", "Bjørnafjorden", "Samnanger", "Øygarden", "Alver", "Austrheim",
    "Fedje", "Masfjorden", "Gulen", "Modalen", "Osterøy", "Eidfjord", "Kvam", "Ulvik",
    "Vaksdal", "Voss",
)

BERGEN_BODIES = (
    BodySpec("political", Body.Kind.POLITICAL, "Partnarskapsmøtet",
             "Møtest årleg og set retning for helsefellesskapet.", (
        SeatSpec("Byrådsleiar, {org}", "Bergen", R.CO_CHAIR, C.POLITICIAN),
        SeatSpec("Administrerande direktør, {org}", "region", R.CO_CHAIR, C.DIRECTOR),
        SeatSpec("Administrerande direktør, {org}", "Haraldsplass Diakonale Sykehus",
                 capacity=C.DIRECTOR),
        *(SeatSpec("Ordførar, {org}", name, capacity=C.MAYOR) for name in BERGEN_MUNICIPALITIES),
        SeatSpec("Fastlegerepresentant", capacity=C.GP, constituency=K.GENERAL_PRACTICE),
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
        SeatSpec("Fastlege, {org}", "Askøy", capacity=C.GP, constituency=K.GENERAL_PRACTICE),
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

# Alrek helseklynge: its bodies come from the reference data (no-alrek-helseklynge.csv);
# the demo seats people in them. The keys are the reference data's body names; an
# organisation is named as the reference data names it.
ALREK_SEATS = {
    "Styringsgruppe": (
        SeatSpec("Prorektor, {org}", "Universitetet i Bergen", R.CHAIR, C.DIRECTOR),
        SeatSpec("Direktør for forsking og innovasjon, {org}", "Helse Bergen HF",
                 capacity=C.DIRECTOR),
        SeatSpec("Kommunaldirektør for eldre, helse og frivilligheit, {org}", "Bergen",
                 capacity=C.DIRECTOR),
        SeatSpec("Viseadministrerande direktør, {org}", "Haraldsplass Diakonale Sykehus",
                 capacity=C.DIRECTOR),
        SeatSpec("Prorektor, {org}", "Høgskulen på Vestlandet", capacity=C.DIRECTOR),
        SeatSpec("Dekan, {org}", "VID vitenskapelige høgskole", capacity=C.DIRECTOR),
        SeatSpec("Områdedirektør, {org}", "Folkehelseinstituttet", capacity=C.DIRECTOR),
        SeatSpec("Forskingsdirektør, {org}", "NORCE Helse", capacity=C.DIRECTOR),
        SeatSpec("Fylkestannlege, {org}", "Vestland fylkeskommune", capacity=C.DIRECTOR),
    ),
    "Arbeidsgruppe": (
        SeatSpec("Seniorrådgjevar, {org}", "Universitetet i Bergen", R.CHAIR, C.STAFF),
        SeatSpec("Rådgjevar, {org}", "Bergen", capacity=C.STAFF),
        SeatSpec("Rådgjevar, {org}", "Helse Bergen HF", capacity=C.STAFF),
    ),
    "Faggruppe for eldrehelse og eldreomsorg": (
        SeatSpec("Professor, {org}", "Høgskulen på Vestlandet", R.CHAIR, C.PROFESSIONAL),
        SeatSpec("Overlege, {org}", "Haraldsplass Diakonale Sykehus", capacity=C.PROFESSIONAL),
        SeatSpec("Einingsleiar, {org}", "Bergen", capacity=C.PROFESSIONAL),
        SeatSpec("Representant for eldrerådet", constituency=K.ELDERS),
    ),
    "Faggruppe barn og unge": (
        SeatSpec("Førsteamanuensis, {org}", "Universitetet i Bergen", R.CHAIR,
                 C.PROFESSIONAL),
        SeatSpec("Helsesjukepleiar, {org}", "Bergen", capacity=C.PROFESSIONAL),
    ),
    "Fagleg forum": (
        SeatSpec("Professor, {org}", "Universitetet i Bergen", R.CHAIR, C.PROFESSIONAL),
        SeatSpec("Forskar, {org}", "NORCE Helse", capacity=C.PROFESSIONAL),
    ),
    "Faggruppe for migrasjon og innvandrarhelse": (
        SeatSpec("Forskar, {org}", "Folkehelseinstituttet", R.CHAIR, C.PROFESSIONAL),
        SeatSpec("Fastlege, {org}", "Bergen", capacity=C.GP, constituency=K.GENERAL_PRACTICE),
    ),
    "Faggruppe for lærings- og meistringsaktivitet": (
        SeatSpec("Leiar for lærings- og meistringssenteret, {org}", "Helse Bergen HF", R.CHAIR,
                 C.PROFESSIONAL),
        SeatSpec("Brukarrepresentant", constituency=K.USERS),
    ),
    "Faggruppe for registre": (
        SeatSpec("Seniorforskar, {org}", "Folkehelseinstituttet", R.CHAIR, C.PROFESSIONAL),
        SeatSpec("Statistikar, {org}", "Helse Bergen HF", capacity=C.PROFESSIONAL),
    ),
    "Faggruppe innovasjon og e-helse": (
        SeatSpec("Innovasjonssjef, {org}", "Helse Bergen HF", R.CHAIR, C.DIRECTOR),
        SeatSpec("Rådgjevar e-helse, {org}", "Bergen", capacity=C.STAFF),
    ),
    "Brukarpanel": (
        SeatSpec("Brukarrepresentant", role=R.CHAIR, constituency=K.USERS),
        SeatSpec("Brukarrepresentant", constituency=K.USERS),
        SeatSpec("Pårørenderepresentant", constituency=K.RELATIVES),
        SeatSpec("Pasientrepresentant", constituency=K.PATIENTS),
    ),
    "Studentpanel": (
        SeatSpec("Medisinstudent, {org}", "Universitetet i Bergen", R.CHAIR,
                 constituency=K.STUDENTS),
        SeatSpec("Sjukepleiestudent, {org}", "Høgskulen på Vestlandet",
                 constituency=K.STUDENTS),
        SeatSpec("Vernepleiarstudent, {org}", "VID vitenskapelige høgskole",
                 constituency=K.STUDENTS),
    ),
}

# Bodies of organisations, and the collaborations they take part in (codes).
ORGANISATION_BODIES = (
    OrgBodySpec("Odder", BodySpec(
        "odder-elders", Body.Kind.ELDER_COUNCIL, "Ældrerådet i Odder Kommune",
        "Det valgte ældreråd i Odder Kommune; følger sundhedsklyngens og sundhedsrådets "
        "arbejde og afgiver høringssvar.", tuple(
            SeatSpec("Medlem af ældrerådet", "Odder", R.CHAIR if n == 0 else R.MEMBER,
                     constituency=K.ELDERS)
            for n in range(5)), start=dt.date(2022, 7, 1)),
        (HORSENS_CODE, COUNCIL_CODE)),
    OrgBodySpec("redcross", BodySpec(
        "navigators", Body.Kind.PROGRAMME_TEAM, "Patientnavigatører – Røde Kors Horsens",
        "Frivillige navigatører, der følger socialt udsatte patienter gennem behandlingen.", (
            SeatSpec("Frivilligkoordinator, {org}", "redcross", R.CHAIR, C.STAFF,
                     constituency=K.VOLUNTEERS, login="koordinator"),
            SeatSpec("Frivillig navigatør, {org}", "redcross", constituency=K.VOLUNTEERS,
                     login="frivillig"),
            SeatSpec("Frivillig navigatør, {org}", "redcross", constituency=K.VOLUNTEERS),
        ), start=dt.date(2024, 1, 1)),
        (HORSENS_CODE, COUNCIL_CODE)),
    # The staff of a recovery centre decide on stays (their seats: staff; the volunteering
    # demo gives them the coordinator role of the programme).
    OrgBodySpec("korshaer", BodySpec(
        "recovery", Body.Kind.PROGRAMME_TEAM, "Restitutionsstedet Horsens – personale",
        "Personalet på Kirkens Korshærs restitutionssted for hjemløse efter udskrivelse "
        "beslutter, hvem der får et værelse.", (
            SeatSpec("Leder af Restitutionsstedet, {org}", "korshaer", R.CHAIR, C.STAFF),
            SeatSpec("Sygeplejerske, Restitutionsstedet, {org}", "korshaer", capacity=C.STAFF),
        ), start=dt.date(2024, 1, 1)),
        (HORSENS_CODE, COUNCIL_CODE)),
    # A patient choir run with the hospital: the lung clinic's nurse coordinates it too.
    OrgBodySpec("lung", BodySpec(
        "choir", Body.Kind.PROGRAMME_TEAM, "Syng for lungerne Horsens – styregruppe",
        "Lungeforeningens lokale frivillige og Lungemedicinsk Ambulatorium på "
        "Regionshospitalet Horsens driver koret sammen.", (
            SeatSpec("Frivilligkoordinator, {org}", "lung", R.CHAIR, C.STAFF,
                     constituency=K.PATIENTS),
            # Staff of the hospital, so the seat represents no organisation.
            SeatSpec("Lungesygeplejerske, Regionshospitalet Horsens", capacity=C.STAFF,
                     constituency=""),
            SeatSpec("Korleder", "lung", constituency=K.VOLUNTEERS),
        ), start=dt.date(2024, 1, 1)),
        (HORSENS_CODE, COUNCIL_CODE)),
)

GRANTS = (
    GrantSpec("Dataanalytiker, {org}", "region", "analyst", collaboration=HORSENS_CODE,
              login="analytiker"),
    GrantSpec("Sekretær for ældrerådet, {org}", "Odder", "organisation_secretary",
              organisation="Odder"),
    # Refers patients to the volunteer programmes (klynge.volunteering.demo) for the hospital.
    GrantSpec("Socialsygeplejerske, {org}", "hospital", "referrer", organisation="hospital",
              login="sygeplejerske"),
)

BODY_SPECS = {
    HORSENS_CODE: HORSENS_BODIES,
    COUNCIL_CODE: COUNCIL_BODIES,
    BERGEN_CODE: BERGEN_BODIES,
}
SEAT_START = {HORSENS_CODE: DK_START, COUNCIL_CODE: DK_PREPARATORY_START,
              BERGEN_CODE: NO_START, ALREK_CODE: dt.date(2023, 1, 1)}
