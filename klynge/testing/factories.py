"""Plain factories: ``make_<noun>(**overrides)``, each creating one row with sensible defaults."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from klynge.accounts.models import User
from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.governance.models import Body, Person, RoleGrant, Seat
from klynge.reference.models import Country, Municipality, MunicipalityRegion, Region

_counter = itertools.count(1)
DEFAULT_START = dt.date(2022, 7, 1)


def _n() -> int:
    return next(_counter)


def make_country(code: str = "DK", name: str = "Danmark") -> Country:
    country, _ = Country.objects.get_or_create(code=code, defaults={"name": name})
    return country


def make_region(**kw: Any) -> Region:
    n = _n()
    kw.setdefault("country", make_country())
    kw.setdefault("code", f"R{n}")
    kw.setdefault("name", f"Region {n}")
    kw.setdefault("kind", Region.Kind.REGION)
    kw.setdefault("valid_from", dt.date(2007, 1, 1))
    return Region.objects.create(**kw)


def make_municipality(region: Region | None = None, **kw: Any) -> Municipality:
    n = _n()
    kw.setdefault("country", make_country())
    kw.setdefault("code", f"{n % 10000:04d}")
    kw.setdefault("name", f"Kommune {n}")
    kw.setdefault("valid_from", dt.date(2007, 1, 1))
    municipality = Municipality.objects.create(**kw)
    if region is not None:
        MunicipalityRegion.objects.create(
            municipality=municipality, region=region, valid_from=municipality.valid_from
        )
    return municipality


def make_organisation(**kw: Any) -> Organisation:
    kw.setdefault("country", make_country())
    kw.setdefault("kind", Organisation.Kind.HOSPITAL)
    kw.setdefault("name", f"Organisation {_n()}")
    return Organisation.objects.create(**kw)


def make_municipality_organisation(municipality: Municipality | None = None) -> Organisation:
    municipality = municipality or make_municipality()
    return make_organisation(
        kind=Organisation.Kind.MUNICIPALITY, name=municipality.name,
        municipality=municipality, country=municipality.country,
    )


def make_region_organisation(region: Region | None = None) -> Organisation:
    region = region or make_region()
    return make_organisation(
        kind=Organisation.Kind.REGION, name=region.name, region=region, country=region.country
    )


def make_collaboration(**kw: Any) -> Collaboration:
    n = _n()
    kw.setdefault("country", make_country())
    kw.setdefault("code", f"collab-{n}")
    kw.setdefault("name", f"Sundhedsklynge {n}")
    kw.setdefault("kind", Collaboration.Kind.HEALTH_CLUSTER)
    kw.setdefault("valid_from", DEFAULT_START)
    kw.setdefault("valid_to", dt.date(2026, 12, 31))
    return Collaboration.objects.create(**kw)


def make_partnership(collaboration: Collaboration, organisation: Organisation,
                     **kw: Any) -> Partnership:
    kw.setdefault("valid_from", collaboration.valid_from)
    kw.setdefault("valid_to", collaboration.valid_to)
    return Partnership.objects.create(collaboration=collaboration, organisation=organisation, **kw)


def make_body(collaboration: Collaboration | None = None, **kw: Any) -> Body:
    kw.setdefault("kind", Body.Kind.WORKING_GROUP)
    kw.setdefault("name", f"Gruppe {_n()}")
    kw.setdefault("valid_from", DEFAULT_START)
    return Body.objects.create(collaboration=collaboration or make_collaboration(), **kw)


def make_user(username: str | None = None, **kw: Any) -> User:
    username = username or f"user{_n()}"
    password = kw.pop("password", "correct horse battery staple")
    user = User.objects.create_user(username=username, password=password, **kw)
    return user


def make_person(user: User | None = None, **kw: Any) -> Person:
    kw.setdefault("name", f"Person {_n()}")
    return Person.objects.create(user=user, **kw)


def make_organisation_body(organisation: Organisation | None = None, **kw: Any) -> Body:
    kw.setdefault("kind", Body.Kind.ELDER_COUNCIL)
    kw.setdefault("name", f"Ældreråd {_n()}")
    kw.setdefault("valid_from", DEFAULT_START)
    return Body.objects.create(organisation=organisation or make_organisation(), **kw)


def make_grant(person: Person, role: str = RoleGrant.Role.ANALYST, **kw: Any) -> RoleGrant:
    """A role grant; the scope follows the role (a collaboration for an analyst...)."""
    scope = RoleGrant.SCOPES[role]  # type: ignore[index]
    if scope == RoleGrant.Scope.COLLABORATION:
        kw.setdefault("collaboration", make_collaboration())
    elif scope == RoleGrant.Scope.ORGANISATION:
        kw.setdefault("organisation", make_organisation())
    else:
        kw.setdefault("programme_id", _n())
    kw.setdefault("valid_from", DEFAULT_START)
    return RoleGrant.objects.create(person=person, role=role, scope=scope, **kw)


def make_seat(body: Body, person: Person | None = None, **kw: Any) -> Seat:
    kw.setdefault("term_start", DEFAULT_START)
    kw.setdefault("role", Seat.Role.MEMBER)
    if person is None and kw.pop("vacant", False) is False:
        person = make_person()
    return Seat.objects.create(body=body, person=person, **kw)
