"""The hearings admin only shows: nothing is added, changed or deleted there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from klynge.testing.auth import sign_in
from klynge.testing.hearings import make_hearing_world
from klynge.testing.personas import make_world

pytestmark = pytest.mark.django_db


def test_the_admin_is_read_only(client: Client) -> None:
    world = make_world()
    hw = make_hearing_world(world)
    sign_in(client, world.admin)
    assert client.get(reverse("admin:hearings_hearing_changelist")).status_code == 200
    assert client.get(reverse("admin:hearings_hearing_add")).status_code == 403
    delete = reverse("admin:hearings_hearing_delete", args=[hw.hearing.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:hearings_hearing_change", args=[hw.hearing.pk])
    client.post(change, {"title": "Ændret"})
    hw.hearing.refresh_from_db()
    assert hw.hearing.title != "Ændret"
