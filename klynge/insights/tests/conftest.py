"""The insights tests' world: the personas, with the collaboration under a code the engine's
built-in mapping knows (Horsensklyngen's), so its municipalities and groupings are real."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from klynge.testing.personas import World, make_world

HORSENS = "dk-klynge-horsensklyngen"  # in the engine's built-in mapping


def as_horsens(world: World) -> World:
    world.collaboration.code = HORSENS
    world.collaboration.save()
    return world


@pytest.fixture
def world(client: Client) -> World:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return as_horsens(make_world())
