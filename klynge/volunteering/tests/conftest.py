"""The volunteering tests: a world of programmes and the people around them, English pages."""

from __future__ import annotations

import pytest

from klynge.testing.fixtures import english  # noqa: F401
from klynge.testing.volunteering import VolunteeringWorld, make_volunteering_world


@pytest.fixture
def vw(db: None) -> VolunteeringWorld:
    return make_volunteering_world()
