"""Demo data: Horsensklyngen and its successor Sundhedsråd Horsens (with the preparatory
council of 2026), the Bergen health community and Alrek helseklynge, a real innovation cluster.

``load_demo`` adds believable partners, bodies, people, seats and role grants to collaborations
that the reference data already holds (``klynge load_reference``), and the demo's logins. It
is a loader, like the reference loader: it writes directly, in one transaction, after the same
checks the actions make (``check_body``, ``check_seat``, ``check_grant``), with one audit entry
and a new structure version. Some gaps are left on purpose, so the governance rules have
something to find and the secretariat something to fix (see ``docs/demo.md``).

What the demo adds is recognisable, so a second load adds nothing twice and ``reset=True``
removes it first:

- organisations and partnerships it creates carry ``source=DEMO_SOURCE``;
- its bodies are named in the specs (``klynge.governance.demo_data``); a body that has seats
  keeps them as they are;
- its people and users have e-mail addresses at ``DEMO_EMAIL_DOMAIN`` (a reserved domain,
  so no mail reaches anyone).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _
from faker import Faker

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.core.versions import bump_structure_version
from klynge.governance.actions import check_body, check_grant, check_seat
from klynge.governance.demo_data import (
    ALREK_CODE,
    ALREK_SEATS,
    BERGEN_CODE,
    BODY_SPECS,
    COUNCIL_CODE,
    DEFAULT_PASSWORD,
    DEFAULT_SEED,
    DEMO_EMAIL_DOMAIN,
    DEMO_ORGANISATIONS,
    DEMO_PARTNERS,
    DEMO_SOURCE,
    GRANTS,
    HORSENS_CODE,
    ORGANISATION_BODIES,
    SEAT_START,
    BodySpec,
    SeatSpec,
)
from klynge.governance.demo_users import demo_logins, remove_demo_users
from klynge.governance.models import Body, Participation, Person, RoleGrant, Seat
from klynge.reference.models import Country

REFERENCE_CODES = (HORSENS_CODE, COUNCIL_CODE, BERGEN_CODE, ALREK_CODE)


class ReferenceDataMissing(Exception):
    """The collaborations the demo builds on are not loaded."""


# The apps above add their part of the demo (cases, meetings, hearings...) when these are sent,
# inside the load's transaction: ``demo_loading`` after the structure and the logins are made
# (``result``: the DemoResult), ``demo_removing`` before the structure is removed.
demo_loading = Signal()
demo_removing = Signal()


@dataclass
class DemoResult:
    collaborations: list[Collaboration]
    logins: list[tuple[str, str, str]]  # username, password, role
    skipped_logins: list[str]
    counts: Counter[str] = field(default_factory=Counter)


class DemoBuilder:
    """Adds the bodies of the specs that are missing (or empty), with their seats and people."""

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
        for spec in BODY_SPECS.get(collaboration.code, ()):
            body = self._body(spec, orgs, collaboration=collaboration,
                              parent=bodies.get(spec.parent))
            bodies[spec.key] = body

    def seat_existing(self, collaboration: Collaboration, orgs: dict[str, Organisation]) -> None:
        """Alrek's bodies come from the reference data: seat people in those still empty."""
        for body in collaboration.bodies.filter(name__in=list(ALREK_SEATS)):
            if not body.seats.exists():
                for seat in ALREK_SEATS[body.name]:
                    self._seat(collaboration.country.code, body, seat, orgs)

    def organisation_body(self, organisation: Organisation, spec: BodySpec,
                          takes_part_in: list[Collaboration], orgs: dict[str, Organisation]
                          ) -> None:
        body = self._body(spec, orgs, organisation=organisation)
        for collaboration in takes_part_in:
            _, created = Participation.objects.get_or_create(
                body=body, collaboration=collaboration,
                defaults={"valid_from": max(collaboration.valid_from, body.valid_from),
                          "valid_to": collaboration.valid_to})
            self.counts["participations"] += created

    def _body(self, spec: BodySpec, orgs: dict[str, Organisation], *,
              collaboration: Collaboration | None = None,
              organisation: Organisation | None = None, parent: Body | None = None) -> Body:
        owner = collaboration or organisation
        start = spec.start or (collaboration.valid_from if collaboration else dt.date(2022, 1, 1))
        end = spec.end or (collaboration.valid_to if collaboration else None)
        values = {"collaboration": collaboration, "organisation": organisation,
                  "kind": spec.kind, "mandate": spec.mandate, "parent": parent,
                  "confidential": spec.confidential, "valid_from": start, "valid_to": end}
        body = Body.objects.filter(collaboration=collaboration, organisation=organisation,
                                   name=spec.name).first()
        if body is None:
            check_body(values | {"name": spec.name})
            body = Body.objects.create(name=spec.name, **values)
            self.counts["bodies"] += 1
        if not body.seats.exists():
            country = owner.country.code  # type: ignore[union-attr]
            for seat in spec.seats:
                self._seat(country, body, seat, orgs)
        return body

    def _seat(self, country: str, body: Body, spec: SeatSpec,
              orgs: dict[str, Organisation]) -> None:
        org = orgs[spec.org] if spec.org else None
        person = self._known_person(spec) or self._person(country, spec.title, org, spec)
        default_start = SEAT_START.get(body.collaboration.code if body.collaboration else "",
                                       body.valid_from)
        values = {
            "body": body, "person": person, "represents": org, "role": spec.role,
            "capacity": spec.capacity, "constituency": spec.constituency,
            "term_start": max(spec.start or default_start, body.valid_from),
            "term_end": spec.end or body.valid_to,
        }
        check_seat(values)
        Seat.objects.create(**values)
        self.counts["seats"] += 1

    def grant(self, spec: object, orgs: dict[str, Organisation],
              collaborations: dict[str, Collaboration]) -> None:
        title, org = spec.title, orgs[spec.org]  # type: ignore[attr-defined]
        collaboration = collaborations.get(spec.collaboration)  # type: ignore[attr-defined]
        organisation = orgs.get(spec.organisation)  # type: ignore[attr-defined]
        existing = RoleGrant.objects.filter(
            role=spec.role, collaboration=collaboration, organisation=organisation,  # type: ignore[attr-defined]
            person__email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        login = getattr(spec, "login", "")
        if existing.exists():
            if login:
                self.logins[login] = existing.first().person  # type: ignore[union-attr]
            return
        country = (collaboration or organisation).country.code  # type: ignore[union-attr]
        person = self._person(country, title, org, None)
        if login:
            self.logins[login] = person
        values = {"person": person, "role": spec.role, "collaboration": collaboration,  # type: ignore[attr-defined]
                  "organisation": organisation, "programme_id": None,
                  "valid_from": dt.date(2024, 1, 1), "valid_to": None}
        check_grant(values)
        RoleGrant.objects.create(scope=RoleGrant.SCOPES[spec.role], **values)  # type: ignore[attr-defined, index]
        self.counts["grants"] += 1

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

    def _person(self, country: str, title: str, org: Organisation | None,
                spec: SeatSpec | None) -> Person:
        fake = self.fakers[country]
        name = f"{fake.first_name()} {fake.last_name()}"
        person = Person.objects.create(
            name=name, email=self._email(name), phone=fake.phone_number(),
            title=title.format(org=org.name if org else ""), organisation=org,
        )
        self.counts["people"] += 1
        if spec is not None and spec.person:
            self.people[spec.person] = person
        if spec is not None and spec.login:
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
    """The loader's partners: by name, municipalities also by the municipality's name, and
    the region (or health trust) and the hospital by their kind."""
    orgs: dict[str, Organisation] = {}
    for partnership in collaboration.partnerships.select_related("organisation__municipality"):
        org = partnership.organisation
        orgs[org.name] = org
        if org.municipality is not None:
            orgs[org.municipality.name] = org
        elif org.kind in (Organisation.Kind.REGION, Organisation.Kind.HOSPITAL):
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


def _partners(collaboration: Collaboration, counts: Counter[str]) -> dict[str, Organisation]:
    orgs = _reference_partners(collaboration)
    orgs.update(_demo_partners(collaboration, counts))
    return orgs


# Loading and removing ---------------------------------------------------------------------


def require_reference() -> list[Collaboration]:
    """The collaborations of ``REFERENCE_CODES``, in that order, or ``ReferenceDataMissing``."""
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
    collaborations = require_reference()
    with transaction.atomic():
        removed = remove_demo() if reset else 0
        builder = DemoBuilder(seed)
        partners = {c.code: _partners(c, builder.counts) for c in collaborations}
        for collaboration in collaborations:
            builder.build(collaboration, partners[collaboration.code])
        alrek = collaborations[-1]
        builder.seat_existing(alrek, partners[alrek.code])
        _organisation_bodies(builder, partners, collaborations)
        by_code = {c.code: c for c in collaborations}
        for spec in GRANTS:
            orgs = partners[spec.collaboration or HORSENS_CODE] | partners[COUNCIL_CODE]
            builder.grant(spec, orgs, by_code)
        result = DemoResult(collaborations, [], [], builder.counts)
        result.logins, result.skipped_logins = demo_logins(password, builder.logins)
        demo_loading.send(sender=DemoResult, result=result)
        record(None, AuditEntry.Verb.LOAD, details={
            "demo": [c.code for c in collaborations], "seed": seed, "removed": removed,
            **builder.counts, "users": len(result.logins),
        })
        bump_structure_version()
    return result


def _organisation_bodies(builder: DemoBuilder, partners: dict[str, dict[str, Organisation]],
                         collaborations: list[Collaboration]) -> None:
    by_code = {c.code: c for c in collaborations}
    for spec in ORGANISATION_BODIES:
        orgs = partners[spec.takes_part_in[0]]
        builder.organisation_body(orgs[spec.organisation], spec.body,
                                  [by_code[code] for code in spec.takes_part_in], orgs)


def remove_demo() -> int:
    """Remove what an earlier load added (see the module's docstring); the rows deleted."""
    deleted = sum(int(count or 0) for _receiver, count in demo_removing.send(sender=DemoResult))
    deleted += remove_demo_users()
    names = [spec.name for specs in BODY_SPECS.values() for spec in specs]
    names += [spec.body.name for spec in ORGANISATION_BODIES]
    deleted += Seat.objects.filter(body__collaboration__code=ALREK_CODE,
                                   person__email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()[0]
    deleted += RoleGrant.objects.filter(
        person__email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()[0]
    bodies = Body.objects.filter(name__in=names).exclude(collaboration__code=ALREK_CODE)
    for body in bodies.order_by("-parent_id"):
        deleted += body.delete()[0]
    deleted += Partnership.objects.filter(source=DEMO_SOURCE).delete()[0]
    deleted += Person.objects.filter(
        email__endswith=f"@{DEMO_EMAIL_DOMAIN}", seats__isnull=True, grants__isnull=True,
    ).delete()[0]
    deleted += Organisation.objects.filter(
        source=DEMO_SOURCE, partnerships__isnull=True, seats__isnull=True, bodies__isnull=True,
    ).delete()[0]
    return deleted
