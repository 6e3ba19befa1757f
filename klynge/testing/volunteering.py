"""Factories for the volunteering app: ``make_<noun>(**overrides)``, and a small world of a
navigator programme, a recovery stay and the people around them.

The factories write rows directly (no actions, no audit entries); tests of the actions call
the actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from klynge.accounts.models import User
from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Person, RoleGrant
from klynge.reference.models import Municipality
from klynge.testing.factories import (
    make_collaboration,
    make_grant,
    make_municipality,
    make_organisation,
    make_partnership,
    make_person,
    make_user,
)
from klynge.testing.personas import PASSWORD
from klynge.volunteering.models import (
    Certificate,
    Contact,
    Match,
    Programme,
    Referral,
    VolunteerProfile,
)

MORNINGS = [f"{day}-morning" for day in range(5)]


def make_programme(collaboration: Collaboration | None = None, **kw: Any) -> Programme:
    """A navigator programme of a voluntary partner; ``referring`` organisations (default: a
    new partner hospital) may refer, ``areas`` are the municipalities it covers."""
    collaboration = collaboration or make_collaboration()
    organisation = kw.pop("organisation", None)
    if organisation is None:
        organisation = make_organisation(kind=Organisation.Kind.VOLUNTARY)
        make_partnership(collaboration, organisation)
    referring = kw.pop("referring", None)
    if referring is None:
        referring = [make_organisation(kind=Organisation.Kind.HOSPITAL)]
        make_partnership(collaboration, referring[0])
    areas = kw.pop("areas", [])
    kw.setdefault("kind", Programme.Kind.NAVIGATOR)
    kw.setdefault("name", "Patientnavigatører")
    kw.setdefault("referring_roles", [Programme.ReferringRole.REFERRER])
    programme = Programme.objects.create(collaboration=collaboration,
                                         organisation=organisation, **kw)
    programme.areas.set(areas)
    programme.referring_organisations.set(referring)
    return programme


def make_stay(collaboration: Collaboration | None = None, **kw: Any) -> Programme:
    kw.setdefault("kind", Programme.Kind.RECOVERY_STAY)
    kw.setdefault("name", "Rekreationsophold")
    kw.setdefault("rooms", 2)
    kw.setdefault("max_stay_days", 14)
    return make_programme(collaboration, **kw)


def _user_with_person(username: str | None, **person: Any) -> tuple[User, Person]:
    user = make_user(username, password=PASSWORD)
    return user, make_person(user=user, name=person.pop("name", user.username.title()),
                             **person)


def make_coordinator(programme: Programme, username: str | None = None) -> User:
    user, person = _user_with_person(username, organisation=programme.organisation)
    make_grant(person, RoleGrant.Role.COORDINATOR, programme_id=programme.pk)
    return user


def make_referrer(organisation: Organisation, username: str | None = None) -> User:
    user, person = _user_with_person(username, organisation=organisation)
    make_grant(person, RoleGrant.Role.REFERRER, organisation=organisation)
    return user


def make_volunteer(programme: Programme, username: str | None = None, *,
                   certificates: list[dict[str, Any]] | None = None,
                   **kw: Any) -> VolunteerProfile:
    """A volunteer (a user, a person, the grant and the profile) covering ``areas``."""
    user, person = _user_with_person(username)
    make_grant(person, RoleGrant.Role.VOLUNTEER, programme_id=programme.pk)
    areas = kw.pop("areas", list(programme.areas.all()))
    kw.setdefault("languages", ["da"])
    kw.setdefault("availability", MORNINGS)
    kw.setdefault("max_load", 2)
    volunteer = VolunteerProfile.objects.create(person=person, programme=programme, **kw)
    volunteer.areas.set(areas)
    for certificate in certificates or []:
        make_certificate(volunteer, **certificate)
    return volunteer


def make_certificate(volunteer: VolunteerProfile, **kw: Any) -> Certificate:
    today = timezone.localdate()
    kw.setdefault("kind", Certificate.Kind.DK_CRIMINAL_RECORD)
    kw.setdefault("issued", today - dt.timedelta(days=100))
    kw.setdefault("expires", today + dt.timedelta(days=600))
    return Certificate.objects.create(volunteer=volunteer, **kw)


def make_referral(programme: Programme, referrer: User | None = None, **kw: Any) -> Referral:
    """A referral as submitted (``state`` to skip ahead), by ``referrer`` (a user made with
    :func:`make_referrer`) for their organisation."""
    organisation = programme.referring_organisations.first()
    person = Person.objects.get(user=referrer) if referrer is not None else None
    if person is not None and person.organisation is not None:
        organisation = person.organisation
    assert organisation is not None, "the programme has no referring organisation"
    now = timezone.now()
    kw.setdefault("first_name", "Karen")
    kw.setdefault("year_of_birth", 1950)
    kw.setdefault("needs", "Følgeskab til kemobehandling")
    kw.setdefault("languages", ["da"])
    kw.setdefault("area", programme.areas.first() or make_municipality())
    kw.setdefault("consent_given_at", now - dt.timedelta(hours=1))
    kw.setdefault("consent_covers", "Deling af behov med programmet")
    kw.setdefault("submitted_at", now)
    return Referral.objects.create(programme=programme, organisation=organisation,
                                   referred_by=person, **kw)


def make_match(referral: Referral, volunteer: VolunteerProfile, **kw: Any) -> Match:
    kw.setdefault("matched_at", timezone.now())
    referral.state, referral.matched_at = Referral.State.MATCHED, kw["matched_at"]
    referral.save(update_fields=["state", "matched_at"])
    return Match.objects.create(referral=referral, volunteer=volunteer, **kw)


def make_contact(match: Match, **kw: Any) -> Contact:
    kw.setdefault("day", timezone.localdate())
    kw.setdefault("kind", Contact.Kind.VISIT)
    kw.setdefault("minutes", 60)
    return Contact.objects.create(match=match, **kw)


@dataclass
class VolunteeringWorld:
    """A navigator programme (``programme``, in ``area``) and a recovery stay (``stay``) of
    one voluntary organisation; a partner ``hospital`` may refer to both. People:
    ``coordinator`` (of both), ``referrer`` (of the hospital), ``volunteer`` (a profile in
    the navigator programme, with a valid criminal record certificate, which it requires),
    ``other_coordinator`` (of another organisation's programme), ``outsider``."""

    collaboration: Collaboration
    area: Municipality
    hospital: Organisation
    programme: Programme
    stay: Programme
    coordinator: User
    referrer: User
    volunteer: VolunteerProfile
    other_programme: Programme
    other_coordinator: User
    outsider: User

    @property
    def volunteer_user(self) -> User:
        user: User = self.volunteer.person.user  # type: ignore[assignment]
        return user


def make_volunteering_world() -> VolunteeringWorld:
    collaboration = make_collaboration(code="frivilligklyngen", name="Frivilligklyngen")
    area = make_municipality(name="Horsens")
    hospital = make_organisation(kind=Organisation.Kind.HOSPITAL, name="Regionshospitalet")
    make_partnership(collaboration, hospital)
    programme = make_programme(collaboration, areas=[area], referring=[hospital],
                               required_certificates=[Certificate.Kind.DK_CRIMINAL_RECORD])
    stay = make_stay(collaboration, organisation=programme.organisation, areas=[area],
                     referring=[hospital])
    coordinator = make_coordinator(programme, "koordinator")
    make_grant(coordinator.person, RoleGrant.Role.COORDINATOR, programme_id=stay.pk)
    other = make_programme(collaboration, areas=[area], referring=[hospital],
                           name="Andet program")
    return VolunteeringWorld(
        collaboration=collaboration, area=area, hospital=hospital, programme=programme,
        stay=stay, coordinator=coordinator, referrer=make_referrer(hospital, "henviser"),
        volunteer=make_volunteer(programme, "frivillig", certificates=[{}]),
        other_programme=other, other_coordinator=make_coordinator(other, "andenkoordinator"),
        outsider=make_user("udenforstaaende", password=PASSWORD),
    )
