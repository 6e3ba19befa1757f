"""The volunteering demo: three programmes in Horsensklyngen (until 2026-12-31) or
Sundhedsråd Horsens (from 2027-01-01), with volunteers, certificates and referrals in every
state (docs/demo.md, *Volunteering*).

``klynge load_demo`` (``klynge.governance.demo``) sends ``demo_loading`` once the structure
and the logins exist; :func:`load_volunteering` then makes, through the actions, what the
programmes' people would have made in the months before today (``demo_data``):

- **Patientnavigatører** (Røde Kors Horsens): socially vulnerable cancer patients; a Danish
  criminal record certificate and the navigator course required. ``koordinator`` coordinates
  it, ``sygeplejerske`` (a social nurse at the hospital) refers, ``frivillig`` is a navigator
  matched with a patient. A referral in every state, a waiting list the assignment can match,
  a volunteer whose certificate has expired and one whose certificate expires within the
  reminder window.
- **Restitutionsstedet Horsens** (Kirkens Korshær Horsens): 8 rooms, stays of at most 14
  days for homeless people after discharge; social nurses refer, the centre's staff decide;
  five rooms taken today, one booked ahead.
- **Syng for lungerne – Horsens** (Lungeforeningen): a choir for people with lung disease,
  run with the hospital's lung clinic, whose nurse coordinates it and refers its patients.

The coordinators are the staff seats of the programme's team (a body of the organisation,
from the governance demo); they get the ``coordinator`` role of the programme. Those who act
without a login get an account without a password (``klynge.meetings.demo.common.account``),
as in the working cycle's demo, so no invitation is sent to anyone.

Dates follow today. The actions stamp "now"; so that the history reads as it happened, each
step then moves the timestamps it has just written (on the referral, and on the rows it made:
matches, contacts, bookings, profiles, notifications) to the moment of the step. The audit
trail keeps the real times of the load.

Loading again adds nothing: a programme of the collaboration with the demo's name is left as
it is. :func:`remove_volunteering` (on ``demo_removing``) removes the demo's programmes and
everything in them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from contextlib import AbstractContextManager
from typing import Any

from django.utils import timezone
from faker import Faker

from klynge.accounts.models import User
from klynge.collaborations.actions import do_add_partnership
from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.governance.actions import do_grant_role
from klynge.governance.actions.people import do_create_person
from klynge.governance.demo import DemoResult
from klynge.governance.demo_data import COUNCIL_CODE, DEMO_EMAIL_DOMAIN, DEMO_SOURCE, HORSENS_CODE
from klynge.governance.models import Body, Person, RoleGrant, Seat
from klynge.governance.roles import forget_roles
from klynge.meetings.demo import common
from klynge.meetings.demo.common import ACCOUNT_PREFIX, account
from klynge.notifications.models import Notification, Subscription, Topic
from klynge.reference.models import Municipality
from klynge.volunteering import actions
from klynge.volunteering.demo_data import (
    FAKER_SEED,
    PROGRAMMES,
    ProgrammeSpec,
    ReferralSpec,
    Step,
    VolunteerSpec,
)
from klynge.volunteering.models import (
    Booking,
    Contact,
    Match,
    Programme,
    Referral,
    VolunteerProfile,
)

ADMIN, COORDINATOR, REFERRER, VOLUNTEER = "admin", "koordinator", "sygeplejerske", "frivillig"
LOGINS = (ADMIN, COORDINATOR, REFERRER, VOLUNTEER)
CODES = (HORSENS_CODE, COUNCIL_CODE)
GRANTED_SINCE = -400  # the coordinators' grants began this many days ago

# Rows a step makes get the step's time in these fields (see the module's docstring).
STAMPED: common.Stamped = (
    (Notification, ("created_at",)), (Match, ("matched_at",)), (Contact, ("logged_at",)),
    (Booking, ("booked_at",)), (Referral, ("submitted_at",)),
    (VolunteerProfile, ("created_at",)),
)
# What each step of a referral writes on it, moved to the step's time.
STEP_FIELDS = {"accept": ("decided_at",), "waitlist": ("decided_at",),
               "decline": ("decided_at", "closed_at"), "match": ("matched_at",),
               "close": ("closed_at",), "withdraw": ("consent_withdrawn_at", "closed_at")}


def load_volunteering(sender: Any, result: DemoResult, **kwargs: Any) -> None:
    """``demo_loading``: the programmes that are not there yet, in Horsensklyngen while it
    exists, else in Sundhedsråd Horsens. Nothing when a login it needs is not the demo's,
    or has no demo person (a demo loaded before these logins existed: load with --reset)."""
    if set(LOGINS) & set(result.skipped_logins):
        return
    collaboration = _collaboration(result.collaborations)
    users = {name: User.objects.filter(username=name,
                                       email=f"{name}@{DEMO_EMAIL_DOMAIN}").first()
             for name in LOGINS}
    if collaboration is None or any(
            user is None or (name != ADMIN and not Person.objects.filter(user=user).exists())
            for name, user in users.items()):
        return
    VolunteeringDemo(collaboration, users, result).build()  # type: ignore[arg-type]


def _collaboration(collaborations: list[Collaboration]) -> Collaboration | None:
    today = timezone.localdate()
    by_code = {c.code: c for c in collaborations}
    for code in CODES:
        found = by_code.get(code)
        if found is not None and found.valid_from <= today and (
                found.valid_to is None or today <= found.valid_to):
            return found
    return None


def dated(moment: dt.datetime) -> AbstractContextManager[None]:
    """Give the rows made inside the block the time ``moment`` (``STAMPED``)."""
    return common.dated(moment, STAMPED)


def _ascii(text: str) -> str:
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.lower().replace(letter, spelled)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace("-", "")


class VolunteeringDemo:
    """Builds the programmes of ``demo_data`` in ``collaboration`` (see the docstring)."""

    def __init__(self, collaboration: Collaboration, users: dict[str, User],
                 result: DemoResult) -> None:
        self.collaboration = collaboration
        self.users = users
        self.admin = users[ADMIN]
        self.counts = result.counts
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.faker = Faker("da_DK")
        self.faker.seed_instance(FAKER_SEED)
        self.partners = {p.organisation.name: p.organisation for p in Partnership.objects.on(
            self.today).filter(collaboration=collaboration).select_related(
            "organisation__municipality")}
        self.areas: dict[str, Municipality] = {
            org.municipality.name: org.municipality for org in self.partners.values()
            if org.kind == Organisation.Kind.MUNICIPALITY and org.municipality is not None}

    # Time ----------------------------------------------------------------------------------

    def when(self, days: int, hour: int = 10) -> dt.datetime:
        """The moment of a step ``days`` from today at ``hour``, never after now."""
        day = self.today + dt.timedelta(days=days)
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
        return min(moment, self.now - dt.timedelta(minutes=1))

    def day(self, days: int) -> dt.date:
        return self.today + dt.timedelta(days=days)

    # Building ------------------------------------------------------------------------------

    def build(self) -> None:
        hospital = self._hospital()
        if hospital is None:
            return
        for spec in PROGRAMMES:
            name = spec.values["name"]
            organisation = self.partners.get(spec.organisation)
            if organisation is None or Programme.objects.filter(
                    collaboration=self.collaboration, organisation=organisation,
                    name=name).exists():
                continue
            team = Body.objects.filter(organisation=organisation, name=spec.team,
                                       kind=Body.Kind.PROGRAMME_TEAM).first()
            if team is not None:
                ProgrammeBuilder(self, spec, organisation, team, hospital).build()

    def _hospital(self) -> Organisation | None:
        """Horsensklyngen's hospital, made a partner of the council if it is not one (the
        reference data has the region, not the hospital, as the council's partner)."""
        partnership = (Partnership.objects.filter(collaboration__code=HORSENS_CODE,
                                                  organisation__kind=Organisation.Kind.HOSPITAL)
                       .select_related("organisation").first())
        if partnership is None:
            return None
        hospital = partnership.organisation
        if hospital.name not in self.partners:
            do_add_partnership(
                self.admin, reason="Demo: hospitalet henviser patienter til frivillige "
                                   "programmer i sundhedsrådet.",
                collaboration=self.collaboration, organisation=hospital,
                valid_from=self.collaboration.valid_from, valid_to=self.collaboration.valid_to,
                source=DEMO_SOURCE)
            self.counts["partnerships"] += 1
            self.partners[hospital.name] = hospital
        return hospital

    def user_of(self, person: Person) -> User:
        """The person's user: their login, or an account without a password."""
        return account(person)

    def new_person(self, gender: str, title: str, organisation: Organisation) -> Person:
        """An invented volunteer, with an account without a password (so no invitation)."""
        first = (self.faker.first_name_female() if gender == "female"
                 else self.faker.first_name_male())
        name = f"{first} {self.faker.last_name()}"
        local, n = ".".join(_ascii(name).split()), 1
        email = f"{local}@{DEMO_EMAIL_DOMAIN}"
        earlier = Person.objects.filter(email=email, volunteering__isnull=False).first()
        if earlier is not None:  # loaded in 2026 and again in 2027: the same volunteer
            return earlier
        while (Person.objects.filter(email=email).exists()
               or User.objects.filter(email=email).exists()):
            n += 1
            email = f"{local}{n}@{DEMO_EMAIL_DOMAIN}"
        user = User.objects.create_user(f"{ACCOUNT_PREFIX}{email.split('@')[0]}", email, None)
        user.first_name, _sep, user.last_name = name.partition(" ")
        user.language = "da"
        user.save()
        person = do_create_person(self.admin, name=name, email=email, title=title,
                                  organisation=organisation, user=user,
                                  code=self.collaboration.code)
        self.counts["people"] += 1
        return person


class ProgrammeBuilder:
    """One programme, its coordinators, volunteers and referrals."""

    def __init__(self, demo: VolunteeringDemo, spec: ProgrammeSpec, organisation: Organisation,
                 team: Body, hospital: Organisation) -> None:
        self.demo, self.spec, self.organisation, self.team = demo, spec, organisation, team
        self.hospital = hospital
        self.counts = demo.counts
        self.volunteers: dict[str, VolunteerProfile] = {}
        self.coordinators: list[User] = []

    def build(self) -> None:
        demo = self.demo
        referring = [self.hospital if key == "hospital" else self._municipality_partner(key)
                     for key in self.spec.referring]
        self.programme = actions.do_create_programme(
            demo.admin, organisation=self.organisation, collaboration=demo.collaboration,
            team=self.team, areas=list(demo.areas.values()),
            referring_organisations=[o for o in referring if o is not None], **self.spec.values)
        self.counts["programmes"] += 1
        self._coordinators()
        for volunteer in self.spec.volunteers:
            self.volunteers[volunteer.key] = self._volunteer(volunteer)
        for referral in sorted(self.spec.referrals, key=lambda r: r.day):
            self._referral(referral)

    def _municipality_partner(self, name: str) -> Organisation | None:
        return next((o for o in self.demo.partners.values()
                     if o.municipality is not None and o.municipality.name == name), None)

    def _seats(self, staff: bool) -> list[Seat]:
        seats = self.team.seats.select_related("person").order_by("pk")
        chosen = (seats.filter(capacity=Seat.Capacity.STAFF) if staff else
                  seats.filter(constituency=Seat.Constituency.VOLUNTEERS)
                  .exclude(capacity=Seat.Capacity.STAFF))
        return [seat for seat in chosen if seat.person is not None]

    def _coordinators(self) -> None:
        """The staff seats of the team are the programme's coordinators."""
        demo = self.demo
        for seat in self._seats(staff=True):
            person: Person = seat.person  # type: ignore[assignment]
            user = demo.user_of(person)  # first: an account, so the grant invites nobody
            do_grant_role(demo.admin, person, RoleGrant.Role.COORDINATOR,
                          programme_id=self.programme.pk, valid_from=demo.day(GRANTED_SINCE),
                          reason=f"Koordinator for {self.programme.name}")
            self.counts["grants"] += 1
            forget_roles(user)
            self.coordinators.append(user)

    def _volunteer(self, spec: VolunteerSpec) -> VolunteerProfile:
        demo, coordinator = self.demo, self.coordinators[0]
        if spec.seat is not None:
            person: Person = self._seats(staff=False)[spec.seat].person  # type: ignore[assignment]
        else:
            person = demo.new_person(spec.gender, f"Frivillig, {self.organisation.name}",
                                     self.organisation)
        demo.user_of(person)  # first: an account, so the grant invites nobody
        do_grant_role(demo.admin, person, RoleGrant.Role.VOLUNTEER,
                      programme_id=self.programme.pk, valid_from=demo.day(spec.joined),
                      reason=f"Frivillig i {self.programme.name}")
        with dated(demo.when(spec.joined)):
            volunteer = actions.do_add_volunteer(
                coordinator, self.programme, person, areas=[demo.areas[a] for a in spec.areas],
                languages=list(spec.languages), skills=list(spec.skills),
                availability=list(spec.availability), gender=spec.gender,
                supports_gender=spec.supports_gender, max_load=spec.max_load, note=spec.note)
        for certificate in spec.certificates:
            actions.do_add_certificate(
                coordinator, volunteer, kind=certificate.kind, course_name=certificate.course,
                issued=demo.day(certificate.issued),
                expires=demo.day(certificate.expires) if certificate.expires is not None
                else None)
            self.counts["certificates"] += 1
        self.counts["volunteers"] += 1
        self.counts["grants"] += 1
        return volunteer

    # Referrals -----------------------------------------------------------------------------

    def _referrer(self, spec: ReferralSpec) -> User:
        return self.coordinators[1] if spec.by == "coordinator" else self.demo.users[REFERRER]

    def _referral(self, spec: ReferralSpec) -> None:
        demo = self.demo
        with dated(demo.when(spec.day, 9)):
            referral = actions.do_refer(
                self._referrer(spec), self.programme, self.hospital,
                consent_given_at=demo.when(spec.day, 8), consent_covers=spec.consent,
                first_name=spec.first_name, year_of_birth=spec.year_of_birth,
                gender=spec.gender, needs=spec.needs, languages=list(spec.languages),
                area=demo.areas[spec.area], availability=list(spec.availability),
                wished_traits=list(spec.wished), avoided_traits=list(spec.avoided),
                volunteer_gender=spec.volunteer_gender, urgency=int(spec.urgency),
                diagnosis_group=spec.diagnosis_group,
                social_situations=list(spec.social_situations))
        self.counts["referrals"] += 1
        for step in spec.steps:
            self._step(referral, step, spec)

    def _step(self, referral: Referral, step: Step, spec: ReferralSpec) -> None:
        moment = self.demo.when(step.day, 11 if step.what != "contact" else 14)
        with dated(moment):
            self._do(referral, step, spec)
        fields = STEP_FIELDS.get(step.what, ())
        if fields:
            Referral.objects.filter(pk=referral.pk).update(**dict.fromkeys(fields, moment))
        if step.what in ("close", "withdraw"):
            Match.objects.filter(referral=referral).exclude(ended_at=None).update(
                ended_at=moment)

    def _do(self, referral: Referral, step: Step, spec: ReferralSpec) -> None:
        coordinator, demo = self.coordinators[0], self.demo
        if step.what == "accept":
            actions.do_accept_referral(coordinator, referral)
        elif step.what == "waitlist":
            actions.do_waitlist_referral(coordinator, referral)
        elif step.what == "decline":
            actions.do_decline_referral(coordinator, referral, step.text)
        elif step.what == "match":
            actions.do_match(coordinator, referral, self.volunteers[step.volunteer])
        elif step.what == "contact":
            match = referral.matches.select_related("volunteer__person__user").get(
                state=Match.State.ACTIVE)
            actions.do_log_contact(match.volunteer.person.user, match, day=demo.day(step.day),
                                   kind=step.kind, minutes=step.minutes, note=step.text)
            self.counts["contacts"] += 1
        elif step.what == "book":
            actions.do_book_room(coordinator, referral, room=step.room,
                                 starts_on=demo.day(step.first), ends_on=demo.day(step.last))
            self.counts["bookings"] += 1
        elif step.what == "close":
            actions.do_close_referral(coordinator, referral, step.outcome)
        elif step.what == "withdraw":
            actions.do_withdraw_consent(self._referrer(spec), referral)
        else:
            raise ValueError(f"unknown step {step.what}")


def remove_volunteering(sender: Any, **kwargs: Any) -> int:
    """``demo_removing``: the demo's programmes, with their referrals (bookings, matches,
    contacts), volunteers, certificates, roles and notifications; the rows deleted."""
    names = [spec.values["name"] for spec in PROGRAMMES]
    programmes = Programme.objects.filter(collaboration__code__in=CODES, name__in=names,
                                          organisation__source=DEMO_SOURCE)
    programme_ids = list(programmes.values_list("pk", flat=True))
    referral_ids = list(Referral.objects.filter(programme__in=programme_ids)
                        .values_list("pk", flat=True))
    deleted = 0
    for topic, ids in ((Topic.REFERRAL, referral_ids), (Topic.PROGRAMME, programme_ids)):
        deleted += Notification.objects.filter(topic=topic, topic_id__in=ids).delete()[0]
        deleted += Subscription.objects.filter(topic=topic, topic_id__in=ids).delete()[0]
    deleted += Referral.objects.filter(pk__in=referral_ids).delete()[0]
    deleted += VolunteerProfile.objects.filter(programme__in=programme_ids).delete()[0]
    deleted += RoleGrant.objects.filter(programme_id__in=programme_ids).delete()[0]
    deleted += Programme.objects.filter(pk__in=programme_ids).delete()[0]
    return deleted
