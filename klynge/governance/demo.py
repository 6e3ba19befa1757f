"""Demo data: Horsensklyngen and its successor Sundhedsråd Horsens, the Bergen health
community and an invented innovation cluster.

``load_demo`` adds believable partners, bodies, people and seats to three collaborations that
the reference data already holds (``klynge load_reference``), creates a fourth collaboration
that is invented for the demo, and the demo's logins. Some gaps are left on purpose, so the
governance rules have something to find and the secretariat something to fix (see
``docs/demo.md``).

What the demo adds is recognisable, so a second load adds nothing twice and ``reset=True``
removes it first:

- organisations and partnerships it creates carry ``source=DEMO_SOURCE``;
- its bodies are named in the specs (``klynge.governance.demo_data``); a body that exists
  keeps its seats as they are;
- its people and users have e-mail addresses at ``DEMO_EMAIL_DOMAIN`` (a reserved domain,
  so no mail reaches anyone);
- the innovation cluster ``DEMO_INNOVATION_CODE`` is the demo's own.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from faker import Faker

from klynge.accounts.models import User
from klynge.audit.actions import record
from klynge.governance.demo_data import (
    BERGEN_CODE,
    BODY_SPECS,
    COUNCIL_CODE,
    DEFAULT_PASSWORD,
    DEFAULT_SEED,
    DEMO_EMAIL_DOMAIN,
    DEMO_INNOVATION_CODE,
    DEMO_ORGANISATIONS,
    DEMO_PARTNERS,
    DEMO_SOURCE,
    HORSENS_CODE,
    INNOVATION_CLUSTER,
    LOGINS,
    OK,
    SEAT_START,
    Login,
    SeatSpec,
)
from klynge.governance.models import Body, Collaboration, Organisation, Partnership, Person, Seat
from klynge.reference.models import Country


class ReferenceDataMissing(Exception):
    """The collaborations the demo builds on are not loaded."""


# Building ---------------------------------------------------------------------------------


@dataclass
class DemoResult:
    collaborations: list[Collaboration]
    logins: list[tuple[str, str, str]]  # username, password, role
    skipped_logins: list[str]
    counts: Counter[str] = field(default_factory=Counter)


class DemoBuilder:
    """Adds the bodies of the specs that are missing, with their seats and people."""

    def __init__(self, seed: int) -> None:
        self.fakers = {"DK": Faker("da_DK"), "NO": Faker("no_NO")}
        for faker in self.fakers.values():
            faker.seed_instance(seed)
        self.people: dict[str, Person] = {}
        self.logins: dict[str, Person] = {}
        self.emails: set[str] = set()
        self.counts: Counter[str] = Counter()

    def build(self, collaboration: Collaboration, orgs: dict[str, Organisation]) -> None:
        bodies: dict[str, Body] = {}
        for spec in BODY_SPECS[collaboration.code]:
            body, created = Body.objects.get_or_create(
                collaboration=collaboration, name=spec.name,
                defaults={
                    "kind": spec.kind, "mandate": spec.mandate,
                    "parent": bodies.get(spec.parent), "confidential": spec.confidential,
                    "valid_from": collaboration.valid_from,
                },
            )
            bodies[spec.key] = body
            if not created:
                continue
            self.counts["bodies"] += 1
            for seat in spec.seats:
                self._seat(collaboration, body, seat, orgs)

    def _seat(self, collaboration: Collaboration, body: Body, spec: SeatSpec,
              orgs: dict[str, Organisation]) -> None:
        org = orgs[spec.org] if spec.org else None
        person = self._known_person(spec)
        if person is None:
            person = self._person(collaboration.country.code, spec, org)
        Seat.objects.create(
            body=body, person=person, represents=org, role=spec.role, capacity=spec.capacity,
            constituency=spec.constituency,
            term_start=spec.start or SEAT_START[collaboration.code], term_end=spec.end,
        )
        self.counts["seats"] += 1

    def _known_person(self, spec: SeatSpec) -> Person | None:
        """The person of ``spec.person`` made in this load, else the login's demo person.

        So a person in two bodies stays one person when only one of the bodies is new.
        """
        person = self.people.get(spec.person) if spec.person else None
        if person is None and spec.login:
            person = Person.objects.filter(
                user__username=spec.login, user__email=f"{spec.login}@{DEMO_EMAIL_DOMAIN}"
            ).first()
        if person is not None:
            if spec.person:
                self.people[spec.person] = person
            if spec.login:
                self.logins[spec.login] = person
        return person

    def _person(self, country: str, spec: SeatSpec, org: Organisation | None) -> Person:
        fake = self.fakers[country]
        name = f"{fake.first_name()} {fake.last_name()}"
        person = Person.objects.create(
            name=name, email=self._email(name), phone=fake.phone_number(),
            title=spec.title.format(org=org.name if org else ""), organisation=org,
        )
        self.counts["people"] += 1
        if spec.person:
            self.people[spec.person] = person
        if spec.login:
            self.logins[spec.login] = person
        return person

    def _email(self, name: str) -> str:
        local = ".".join(_ascii(name).split())
        email, n = f"{local}@{DEMO_EMAIL_DOMAIN}", 1
        while email in self.emails or Person.objects.filter(email=email).exists():
            n += 1
            email = f"{local}{n}@{DEMO_EMAIL_DOMAIN}"
        self.emails.add(email)
        return email


def _ascii(text: str) -> str:
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.lower().replace(letter, spelled)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace("-", "")


# Organisations ----------------------------------------------------------------------------


def _reference_partners(collaboration: Collaboration) -> dict[str, Organisation]:
    """The loader's partners: municipalities by name, the region (or health trust), the hospital."""
    orgs: dict[str, Organisation] = {}
    for partnership in collaboration.partnerships.select_related("organisation__municipality"):
        org = partnership.organisation
        if org.municipality is not None:
            orgs[org.municipality.name] = org
        elif org.kind in (OK.REGION, OK.HOSPITAL):
            orgs.setdefault(org.kind, org)
    return orgs


def _demo_partners(collaboration: Collaboration, counts: Counter[str]) -> dict[str, Organisation]:
    """The demo's own partners of ``collaboration``, created where missing."""
    specs = {spec.key: spec for spec in DEMO_ORGANISATIONS}
    orgs: dict[str, Organisation] = {}
    for key in DEMO_PARTNERS.get(collaboration.code, ()):
        spec = specs[key]
        org, created = Organisation.objects.get_or_create(
            country=Country.objects.get(code=spec.country), kind=spec.kind, name=spec.name,
            defaults={"website": spec.website, "source": DEMO_SOURCE},
        )
        counts["organisations"] += created
        _partnership, created = Partnership.objects.get_or_create(
            collaboration=collaboration, organisation=org,
            defaults={"valid_from": collaboration.valid_from, "valid_to": collaboration.valid_to,
                      "source": DEMO_SOURCE},
        )
        counts["partnerships"] += created
        orgs[key] = org
    return orgs


def _innovation_cluster(bergen: Collaboration, counts: Counter[str]) -> Collaboration:
    """The invented cluster, with Helse Bergen HF as a partner besides the demo's own."""
    cluster, created = Collaboration.objects.get_or_create(
        code=DEMO_INNOVATION_CODE, defaults={**INNOVATION_CLUSTER, "country": bergen.country},
    )
    counts["collaborations"] += created
    trust = _reference_partners(bergen)["region"]
    _partnership, created = Partnership.objects.get_or_create(
        collaboration=cluster, organisation=trust,
        defaults={"valid_from": cluster.valid_from, "source": DEMO_SOURCE},
    )
    counts["partnerships"] += created
    return cluster


def _partners(collaboration: Collaboration, counts: Counter[str]) -> dict[str, Organisation]:
    orgs = _reference_partners(collaboration)
    orgs.update(_demo_partners(collaboration, counts))
    needed = {seat.org for body in BODY_SPECS[collaboration.code] for seat in body.seats}
    missing = sorted(needed - set(orgs) - {""})
    if missing:
        raise ReferenceDataMissing(
            _("%(collaboration)s lacks the partners %(missing)s; run `klynge load_reference`.")
            % {"collaboration": collaboration.name, "missing": ", ".join(missing)}
        )
    return orgs


# Users ------------------------------------------------------------------------------------


def _demo_user(login: Login, password: str, person: Person | None) -> User | None:
    """The login's user, created or updated; None where a user that is not the demo's has it."""
    email = f"{login.username}@{DEMO_EMAIL_DOMAIN}"
    user = User.objects.filter(username=login.username).first()
    if user is not None and user.email != email:
        return None
    if user is None:
        user = User.objects.create_user(login.username, email, password)
    else:
        user.set_password(password)
    user.language = login.language
    user.is_staff, user.is_superuser = login.is_staff, login.is_superuser
    if person is not None:
        user.first_name, _sep, user.last_name = person.name.partition(" ")
    user.save()
    if person is not None:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user = user
        person.save(update_fields=["user"])
    return user


# Loading and removing ---------------------------------------------------------------------


REFERENCE_CODES = (HORSENS_CODE, COUNCIL_CODE, BERGEN_CODE)


def require_reference() -> list[Collaboration]:
    """Horsensklyngen, Sundhedsråd Horsens and the Bergen health community, in that order,
    or ``ReferenceDataMissing``."""
    found = {c.code: c for c in Collaboration.objects.filter(code__in=REFERENCE_CODES)}
    missing = [code for code in REFERENCE_CODES if code not in found]
    if missing:
        raise ReferenceDataMissing(
            _("The demo needs the reference data, and %(codes)s is not loaded; run "
              "`klynge load_reference` first.") % {"codes": ", ".join(missing)}
        )
    return [found[code] for code in REFERENCE_CODES]


def load_demo(*, seed: int = DEFAULT_SEED, password: str = DEFAULT_PASSWORD,
              reset: bool = False) -> DemoResult:
    """Load the demo in one transaction, with one audit entry; see the module's docstring."""
    horsens, council, bergen = require_reference()
    with transaction.atomic():
        removed = remove_demo() if reset else 0
        builder = DemoBuilder(seed)
        innovation = _innovation_cluster(bergen, builder.counts)
        collaborations = [horsens, council, bergen, innovation]
        for collaboration in collaborations:
            builder.build(collaboration, _partners(collaboration, builder.counts))
        result = DemoResult(collaborations, [], [], builder.counts)
        for login in LOGINS:
            user = _demo_user(login, password, builder.logins.get(login.username))
            if user is None:
                result.skipped_logins.append(login.username)
            else:
                result.logins.append((login.username, password, str(login.role)))
        record(None, "load", horsens, collaboration_code=horsens.code, changes={
            "demo": ", ".join(c.code for c in collaborations), "seed": seed,
            "removed": removed, **builder.counts, "users": len(result.logins),
        })
    return result


def remove_demo() -> int:
    """Remove what an earlier load added (see the module's docstring); the rows deleted."""
    deleted = User.objects.filter(
        username__in=[login.username for login in LOGINS],
        email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
    ).delete()[0]
    deleted += Collaboration.objects.filter(code=DEMO_INNOVATION_CODE).delete()[0]
    for code in REFERENCE_CODES:
        names = [spec.name for spec in BODY_SPECS[code]]
        deleted += Body.objects.filter(collaboration__code=code, name__in=names).delete()[0]
    deleted += Partnership.objects.filter(source=DEMO_SOURCE).delete()[0]
    deleted += Person.objects.filter(
        email__endswith=f"@{DEMO_EMAIL_DOMAIN}", seats__isnull=True
    ).delete()[0]
    deleted += Organisation.objects.filter(
        source=DEMO_SOURCE, partnerships__isnull=True, seats__isnull=True
    ).delete()[0]
    return deleted
