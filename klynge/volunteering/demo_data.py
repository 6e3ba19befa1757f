"""The volunteering demo's content as data: three programmes, their volunteers and the
referrals made to them, each step dated in days from the day the demo is loaded (negative:
before). ``klynge.volunteering.demo`` builds it through the actions.

The patients are invented and named by a first name only; there is no CPR number anywhere.
The volunteers and the coordinators are demo people (``klynge.governance.demo``); volunteers
who hold no seat are invented here, with Faker's Danish names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from klynge.volunteering.models import Certificate, Contact, Programme, Referral

CRIMINAL_RECORD = Certificate.Kind.DK_CRIMINAL_RECORD
COURSE = Certificate.Kind.COURSE
NAVIGATOR_COURSE = "Navigatørkursus"
FAKER_SEED = 10  # the names of the volunteers without a seat
HORSENS, HEDENSTED, ODDER, SKANDERBORG = "Horsens", "Hedensted", "Odder", "Skanderborg"
ALL_AREAS = (HEDENSTED, HORSENS, ODDER, SKANDERBORG)
WEEKDAYS = range(5)


def slots(*parts: str, days: range = WEEKDAYS) -> tuple[str, ...]:
    """Weekday slots such as ``0-morning`` for the parts of the day given."""
    return tuple(f"{day}-{part}" for day in days for part in parts)


@dataclass(frozen=True)
class CertificateSpec:
    kind: str
    issued: int  # days from today
    expires: int | None = None
    course: str = ""


@dataclass(frozen=True)
class VolunteerSpec:
    """A volunteer: the person of a seat in the programme team (``seat``: its position among
    the team's volunteer seats), or a new person of ``gender`` (Faker names them)."""

    key: str
    areas: tuple[str, ...]
    languages: tuple[str, ...]
    availability: tuple[str, ...]
    max_load: int
    certificates: tuple[CertificateSpec, ...] = ()
    seat: int | None = None
    gender: str = ""
    supports_gender: str = ""
    skills: tuple[str, ...] = ()
    note: str = ""
    joined: int = -400


@dataclass(frozen=True)
class Step:
    """A step of a referral on day ``day`` (from today): ``accept``, ``waitlist``,
    ``decline`` (``text``: the reason), ``match`` (``volunteer``: a key), ``contact``
    (``kind``, ``minutes``, ``text``: the note), ``book`` (``room`` from day ``first`` to
    ``last``), ``close`` (``outcome``), ``withdraw`` (consent withdrawn, by the referrer)."""

    what: str
    day: int
    text: str = ""
    volunteer: str = ""
    kind: str = ""
    minutes: int = 0
    room: int = 0
    first: int = 0
    last: int = 0
    outcome: str = ""


def contact(day: int, kind: str, minutes: int, note: str = "") -> Step:
    return Step("contact", day, kind=kind, minutes=minutes, text=note)


def book(day: int, room: int, first: int, last: int) -> Step:
    return Step("book", day, room=room, first=first, last=last)


@dataclass(frozen=True)
class ReferralSpec:
    """A referral made on day ``day`` by ``by``: ``referrer`` (the ``sygeplejerske`` login)
    or ``coordinator`` (the programme's second coordinator, for the hospital)."""

    first_name: str
    year_of_birth: int
    gender: str
    area: str
    needs: str
    day: int
    steps: tuple[Step, ...] = ()
    languages: tuple[str, ...] = ("da",)
    availability: tuple[str, ...] = ()
    wished: tuple[str, ...] = ()
    avoided: tuple[str, ...] = ()
    volunteer_gender: str = ""
    urgency: int = Referral.Urgency.ROUTINE
    diagnosis_group: str = ""
    social_situations: tuple[str, ...] = ()
    by: str = "referrer"
    consent: str = ("Patienten har givet samtykke til, at hospitalet deler fornavn, fødselsår, "
                    "kommune, sprog og behov med programmet.")


@dataclass(frozen=True)
class ProgrammeSpec:
    """A programme of ``organisation`` (a demo organisation's name), its coordinators the
    staff seats of its ``team``; ``referring``: "hospital" and municipalities' names."""

    organisation: str
    team: str
    values: dict[str, Any]
    referring: tuple[str, ...]
    volunteers: tuple[VolunteerSpec, ...] = ()
    referrals: tuple[ReferralSpec, ...] = field(default_factory=tuple)


V = Contact.Kind
OUT = Referral.Outcome
CANCER, LUNG = "cancer", "lung"


def _valid_record(issued: int = -500) -> CertificateSpec:
    return CertificateSpec(CRIMINAL_RECORD, issued, issued + 3 * 365)


def _course(issued: int) -> CertificateSpec:
    return CertificateSpec(COURSE, issued, course=NAVIGATOR_COURSE)


# Patient navigators -------------------------------------------------------------------------

NAVIGATOR_VOLUNTEERS = (
    # The frivillig login: matched now, and before with a patient who completed the course.
    VolunteerSpec("frivillig", (HORSENS, HEDENSTED), ("da", "en"),
                  slots("morning", "afternoon"), 2, (_valid_record(-700), _course(-690)),
                  seat=0, skills=("bil", "gåture"), joined=-700),
    VolunteerSpec("navigator", (SKANDERBORG, HORSENS), ("da",), slots("morning"), 1,
                  (_valid_record(-400), _course(-380)), seat=1, skills=("kaffe",)),
    # Expiring within the reminder window (jobs.REMIND_DAYS_BEFORE): told to renew it.
    VolunteerSpec("expiring", (HORSENS, HEDENSTED), ("da", "ar"), slots("morning", "afternoon"),
                  2, (CertificateSpec(CRIMINAL_RECORD, -1075, 20), _course(-60)),
                  gender="female", skills=("madlavning",), joined=-1080),
    # Expired: excluded from matching until a new certificate is recorded.
    VolunteerSpec("expired", (ODDER, SKANDERBORG), ("da", "de"), slots("morning", "afternoon"),
                  2, (CertificateSpec(CRIMINAL_RECORD, -1107, -12), _course(-1100)),
                  gender="male", skills=("bil", "hund"), joined=-1110,
                  note="Har bestilt en ny straffeattest."),
    VolunteerSpec("odder", (ODDER,), ("da",), slots("afternoon"), 1,
                  (_valid_record(-70), _course(-60)), gender="female", supports_gender="female",
                  skills=("strikning",), joined=-70),
    VolunteerSpec("evening", (HORSENS,), ("da", "tr"), slots("afternoon", "evening"), 2,
                  (_valid_record(-75), _course(-60)), gender="male", skills=("fodbold",),
                  joined=-75),
    VolunteerSpec("mornings", (SKANDERBORG, ODDER), ("da", "en"), slots("morning"), 2,
                  (_valid_record(-80), _course(-60)), gender="female", skills=("gåture",),
                  joined=-80),
    # Not yet on the navigator course: certificate missing.
    VolunteerSpec("newcomer", (HORSENS, HEDENSTED), ("da",), slots("morning"), 1,
                  (_valid_record(-20),), gender="male", joined=-20,
                  note="Starter på navigatørkurset i næste måned."),
)

_FIRST_VISIT = "Første møde på hospitalet; vi aftalte at følges til behandlingerne."
NAVIGATOR_REFERRALS = (
    ReferralSpec("Birgit", 1961, "female", HORSENS, "Nydiagnosticeret brystkræft; bor alene "
                 "og har brug for følgeskab til samtaler og kemobehandling.", 0,
                 diagnosis_group=CANCER, social_situations=("lives_alone",),
                 urgency=Referral.Urgency.SOON),
    ReferralSpec("Erik", 1952, "male", SKANDERBORG, "Tyktarmskræft; har svært ved at holde "
                 "styr på aftaler og breve fra hospitalet.", -1, diagnosis_group=CANCER,
                 social_situations=("no_network",)),
    ReferralSpec("Werner", 1947, "male", ODDER, "Prostatakræft; taler bedst tysk og ønsker "
                 "hjælp til at forstå behandlingsforløbet.", -6, (Step("accept", -3),),
                 languages=("de", "da"), diagnosis_group=CANCER),
    ReferralSpec("Kirsten", 1958, "female", HEDENSTED, "Lungekræft; har en datter, der "
                 "følger hende til alle behandlinger.", -12, (Step(
                     "decline", -10, text="Patienten har allerede fast følgeskab af sin "
                     "datter. Kræftrådgivningen i Horsens tilbyder samtaler til dem begge."),),
                 diagnosis_group=CANCER),
    # The waiting list: new volunteers have finished the navigator course since.
    ReferralSpec("Amina", 1968, "female", HORSENS, "Livmoderhalskræft; taler bedst arabisk og "
                 "har brug for følgeskab til strålebehandling.", -45,
                 (Step("waitlist", -43),), languages=("ar", "da"),
                 availability=slots("morning"), volunteer_gender="female",
                 diagnosis_group=CANCER, social_situations=("newly_arrived",)),
    ReferralSpec("Poul", 1955, "male", ODDER, "Blærekræft; enkemand, mangler nogen at tale "
                 "med mellem behandlingerne.", -38, (Step("waitlist", -36),),
                 diagnosis_group=CANCER, social_situations=("bereaved", "lonely")),
    ReferralSpec("Inger", 1949, "female", SKANDERBORG, "Brystkræft; er allergisk over for "
                 "hunde og har brug for hjælp til transport.", -33, (Step("waitlist", -31),),
                 availability=slots("morning"), avoided=("hund",), wished=("bil",),
                 diagnosis_group=CANCER, social_situations=("lives_alone",)),
    ReferralSpec("Mehmet", 1972, "male", HORSENS, "Mavekræft; taler bedst tyrkisk og arbejder "
                 "om formiddagen.", -29, (Step("waitlist", -27),), languages=("tr", "da"),
                 availability=slots("evening"), diagnosis_group=CANCER),
    ReferralSpec("Hanne", 1960, "female", HEDENSTED, "Lymfekræft; skal snart starte ny "
                 "behandling og er meget utryg.", -21, (Step("waitlist", -20),),
                 availability=slots("morning"), urgency=Referral.Urgency.URGENT,
                 diagnosis_group=CANCER, social_situations=("lives_alone",)),
    ReferralSpec("Ruth", 1957, "female", ODDER, "Kræft i bugspytkirtlen; passer sin syge "
                 "mand og har ingen at dele bekymringerne med.", -16, (Step("waitlist", -15),),
                 availability=slots("afternoon"), diagnosis_group=CANCER,
                 social_situations=("carer",)),
    # Matched: the frivillig login and the second navigator log their contacts.
    ReferralSpec("Jørgen", 1950, "male", HORSENS, "Spiserørskræft; bor alene og har brug for "
                 "følgeskab og en at ringe til.", -40, (
                     Step("accept", -38), Step("match", -35, volunteer="frivillig"),
                     contact(-33, V.VISIT, 60, _FIRST_VISIT),
                     contact(-26, V.ACCOMPANIED, 180, "Fulgtes til kemo nr. 2."),
                     contact(-19, V.PHONE, 20, "Kort snak om bivirkningerne."),
                     contact(-12, V.ACCOMPANIED, 170, "Fulgtes til kemo nr. 3."),
                     contact(-5, V.VISIT, 90, "Gåtur ved Bygholm Sø.")),
                 diagnosis_group=CANCER, social_situations=("lives_alone",)),
    ReferralSpec("Lis", 1953, "female", SKANDERBORG, "Æggestokkræft; har brug for hjælp til "
                 "at forberede samtaler med lægen.", -60, (
                     Step("accept", -57), Step("match", -52, volunteer="navigator"),
                     contact(-50, V.VISIT, 75, "Første møde hjemme hos Lis."),
                     contact(-36, V.ACCOMPANIED, 120, "Med til samtale om scanningssvar."),
                     contact(-8, V.PHONE, 30)),
                 availability=slots("morning"), diagnosis_group=CANCER),
    # Closed after about six months.
    ReferralSpec("Bent", 1946, "male", HEDENSTED, "Prostatakræft; nyligt enkemand.", -230, (
        Step("accept", -228), Step("match", -222, volunteer="frivillig"),
        contact(-220, V.VISIT, 60, _FIRST_VISIT), contact(-180, V.ACCOMPANIED, 150),
        contact(-120, V.ACCOMPANIED, 150), contact(-60, V.VISIT, 60),
        Step("close", -45, outcome=OUT.COMPLETED)),
        diagnosis_group=CANCER, social_situations=("bereaved",)),
    # Consent withdrawn: the referral closed and its data is hidden.
    ReferralSpec("Tove", 1959, "female", HORSENS, "Brystkræft; ønsker følgeskab til "
                 "operationen.", -30, (
                     Step("accept", -28), Step("match", -25, volunteer="expiring"),
                     contact(-22, V.PHONE, 25, "Aftalte at mødes før operationen."),
                     Step("withdraw", -9)),
                 diagnosis_group=CANCER),
)

NAVIGATORS = ProgrammeSpec(
    "Røde Kors Horsens", "Patientnavigatører – Røde Kors Horsens", {
        "kind": Programme.Kind.NAVIGATOR, "name": "Patientnavigatører",
        "purpose": "Socialt sårbare kræftpatienter får en frivillig navigatør, der følger dem "
                   "gennem udredning og behandling.",
        "volunteer_task": "Navigatøren følger patienten til samtaler og behandlinger, hjælper "
                          "med at holde styr på aftaler og er en at tale med, i omkring et "
                          "halvt år.",
        "duration_weeks": 26, "min_age": 18, "diagnosis_groups": [CANCER], "places": 25,
        "required_certificates": [CRIMINAL_RECORD, COURSE],
        "required_course": NAVIGATOR_COURSE,
    }, ("hospital",), NAVIGATOR_VOLUNTEERS, NAVIGATOR_REFERRALS)


# The recovery centre ------------------------------------------------------------------------

def _stay(first_name: str, year: int, gender: str, needs: str, stay: tuple[int, int, int],
          *more: Step) -> ReferralSpec:
    """A stay in ``room`` from day ``first`` to ``last`` (``stay``), referred and accepted the
    day before it begins (today, for a stay that begins later)."""
    room, first, last = stay
    day = min(first - 1, 0)
    return ReferralSpec(first_name, year, gender, HORSENS, needs, day, (
        Step("accept", day), book(day, room, first, last), *more),
        social_situations=("no_network",))


RECOVERY = ProgrammeSpec(
    "Kirkens Korshær Horsens", "Restitutionsstedet Horsens – personale", {
        "kind": Programme.Kind.RECOVERY_STAY, "name": "Restitutionsstedet Horsens",
        "purpose": "Et roligt sted at komme sig efter en indlæggelse for mennesker uden egen "
                   "bolig, i stedet for at blive udskrevet til gaden eller en natvarmestue.",
        "volunteer_task": "Frivillige værter laver mad, holder de fælles stuer og er nogen at "
                          "tale med; personalet sørger for sygepleje og kontakt til kommunen.",
        "min_age": 18, "rooms": 8, "max_stay_days": 14,
        "required_certificates": [CRIMINAL_RECORD],
    }, ("hospital", HORSENS), (
        VolunteerSpec("host", (HORSENS,), ("da",), slots("afternoon", "evening"), 3,
                      (_valid_record(-300),), gender="female", skills=("madlavning",)),
        VolunteerSpec("host2", (HORSENS,), ("da", "en"), slots("evening", days=range(7)), 3,
                      (_valid_record(-200),), gender="male", skills=("kortspil",)),
    ), (
        _stay("Jens", 1969, "male", "Udskrevet efter lungebetændelse; skal have antibiotika "
              "og hvile i to uger.", (1, -9, 4)),
        _stay("Michael", 1981, "male", "Sår på benet, der skal skiftes dagligt.", (2, -6, 7)),
        _stay("Lone", 1975, "female", "Udskrevet efter operation; kan ikke klare sig på "
              "herberget de første dage.", (3, -3, 10)),
        _stay("Tommy", 1964, "male", "Udskrevet efter et fald; skal genoptræne og have hjælp "
              "til at søge bolig.", (5, -1, 12)),
        _stay("Henrik", 1978, "male", "Diabetes, der skal reguleres efter indlæggelsen.",
              (6, 0, 13)),
        _stay("Kim", 1972, "male", "Planlagt operation; skal have et sted at komme sig "
              "bagefter.", (7, 2, 15)),
        _stay("Bo", 1966, "male", "Udskrevet efter blodprop i benet.", (4, -25, -12),
              Step("close", -12, outcome=OUT.COMPLETED)),
        ReferralSpec("Susanne", 1983, "female", HORSENS, "Har brug for døgnpleje efter "
                     "udskrivelsen.", -4, (Step("decline", -4, text="Patienten har brug for "
                                                "pleje om natten, som stedet ikke kan give; "
                                                "kommunens akutpladser er kontaktet."),)),
        ReferralSpec("Allan", 1970, "male", HORSENS, "Udskrives i morgen efter behandling for "
                     "en infektion; har ingen steder at bo.", 0, urgency=Referral.Urgency.URGENT,
                     social_situations=("no_network",)),
    ))


# The patient choir --------------------------------------------------------------------------

def _singer(first_name: str, year: int, gender: str, area: str, day: int,
            *steps: Step) -> ReferralSpec:
    return ReferralSpec(first_name, year, gender, area, "KOL; vil gerne styrke vejrtrækningen "
                        "og møde andre med lungesygdom.", day, steps or (Step("accept", day),),
                        diagnosis_group=LUNG, by="coordinator")


CHOIR = ProgrammeSpec(
    "Lungeforeningen", "Syng for lungerne Horsens – styregruppe", {
        "kind": Programme.Kind.CHOIR, "name": "Syng for lungerne – Horsens",
        "purpose": "Et kor for mennesker med KOL og anden lungesygdom: sang træner "
                   "vejrtrækningen og giver fællesskab. Drives sammen med Lungemedicinsk "
                   "Ambulatorium på Regionshospitalet Horsens.",
        "volunteer_task": "Korvenner tager imod, laver kaffe og hjælper nye sangere i gang.",
        "duration_weeks": 12, "diagnosis_groups": [LUNG], "places": 20,
        "referring_roles": [Programme.ReferringRole.REFERRER,
                            Programme.ReferringRole.COORDINATOR],
    }, ("hospital",), (
        VolunteerSpec("choir", (HORSENS, HEDENSTED), ("da",), slots("afternoon"), 4,
                      gender="female", skills=("sang",)),
    ), (
        _singer("Grethe", 1948, "female", HORSENS, -50),
        _singer("Ole", 1951, "male", HEDENSTED, -48),
        _singer("Annie", 1944, "female", HORSENS, -47),
        _singer("Svend", 1949, "male", ODDER, -41),
        _singer("Else", 1956, "female", HORSENS, -20),
        _singer("Kurt", 1943, "male", HORSENS, -75, Step("accept", -74),
                Step("close", -14, outcome=OUT.ENDED_EARLY)),
        ReferralSpec("Jytte", 1954, "female", HORSENS, "Lungefibrose; ensom efter at have "
                     "mistet sin mand.", -1, diagnosis_group=LUNG,
                     social_situations=("bereaved",)),
    ))

PROGRAMMES = (NAVIGATORS, RECOVERY, CHOIR)
