"""Shared set-up for the case tests: the personas, a working group under the strategic
level, and pages in English."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from klynge.accounts.models import User
from klynge.governance.models import Body, Seat
from klynge.testing.factories import make_body, make_person, make_seat, make_user
from klynge.testing.fixtures import english, world  # noqa: F401
from klynge.testing.personas import PASSWORD, World


@dataclass
class CaseWorld:
    world: World
    working_group: Body
    chair: User  # chairs the working group


@pytest.fixture
def cw(world: World) -> CaseWorld:  # noqa: F811 (the fixture imported above)
    group = make_body(world.collaboration, kind=Body.Kind.WORKING_GROUP, name="Faggruppe ældre",
                      parent=world.strategic)
    chair = make_user("chair", password=PASSWORD)
    make_seat(group, make_person(user=chair, name="Chair"), role=Seat.Role.CHAIR)
    return CaseWorld(world, group, chair)

