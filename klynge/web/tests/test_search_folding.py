"""Searches fold Danish and Norwegian letters' case on SQLite as on PostgreSQL (both tested)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from klynge.governance.models import Person
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_collaboration, make_person
from klynge.testing.personas import make_world


@pytest.mark.django_db
def test_icontains_finds_names_with_danish_and_norwegian_letters() -> None:
    for name in ("Søren Østergaard", "Åse Ærøskøbing", "Anna Berg"):
        make_person(name=name)
    assert list(Person.objects.filter(name__icontains="østergaard")
                .values_list("name", flat=True)) == ["Søren Østergaard"]
    assert Person.objects.filter(name__icontains="ÅSE ÆRØ").count() == 1
    assert Person.objects.filter(name__icontains="50%").count() == 0  # % stays literal


@pytest.mark.django_db
def test_the_start_page_search_folds_case(client: Client) -> None:
    world = make_world()
    make_collaboration(code="oestjylland", name="Østjyllands Sundhedsklynge")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_in(client, world.outsider)
    response = client.get(reverse("web:home"), {"q": "østjylland"})
    assert response.status_code == 200
    assert "Østjyllands Sundhedsklynge" in response.text
    assert "Testklyngen" not in response.text
