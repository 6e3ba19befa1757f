"""Shared set-up for the governance view tests: a populated collaboration and a fake rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from klynge.collaborations.models import Organisation
from klynge.governance import findings
from klynge.governance.models import Body, Seat
from klynge.testing.factories import (
    make_body,
    make_municipality,
    make_municipality_organisation,
    make_partnership,
    make_region,
    make_region_organisation,
    make_seat,
)
from klynge.testing.personas import World


@dataclass
class Structure:
    political: Body
    region_org: Organisation
    municipality_org: Organisation


def add_structure(world: World) -> Structure:
    """A political level with a municipal co-chair only, a region and a municipality."""
    region = make_region(name="Region Testland")
    region_org = make_region_organisation(region)
    municipality_org = make_municipality_organisation(
        make_municipality(region, name="Testby", code="0999")
    )
    for organisation in (region_org, municipality_org):
        make_partnership(world.collaboration, organisation)
    political = make_body(world.collaboration, kind=Body.Kind.POLITICAL, name="Politisk niveau")
    make_seat(political, represents=municipality_org, role=Seat.Role.CO_CHAIR,
              capacity=Seat.Capacity.MAYOR)
    return Structure(political, region_org, municipality_org)


@dataclass
class FakeFinding:
    rule_id: str
    severity: str
    message: str
    body_id: int | None
    seat_id: int | None = None
    municipality: str = ""
    citation: str = ""
    source_url: str = ""


def fake_check(collaboration: Any, on_date: dt.date | None = None) -> list[FakeFinding]:
    """Stands in for the rules: a political level without a regional co-chair is an error."""
    found = []
    for body in collaboration.bodies.filter(kind=Body.Kind.POLITICAL):
        seats = Seat.objects.on(on_date or dt.date.today()).filter(
            body=body, role__in=Seat.CHAIR_ROLES, represents__kind=Organisation.Kind.REGION)
        if not seats.exists():
            found.append(FakeFinding("no-regional-co-chair", "error",
                                     "No regional co-chair", body.pk))
    for body in collaboration.bodies.filter(confidential=True):
        found.append(FakeFinding("secret", "warning", "Secret body finding", body.pk))
    return found


@pytest.fixture
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(findings, "check_collaboration", fake_check)


@pytest.fixture(autouse=True)
def english(client: Client) -> None:
    """Pages in English, so the tests read the same once translations exist."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
