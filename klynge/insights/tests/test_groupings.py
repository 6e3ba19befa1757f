"""From 2022 to 2027: one data set's year is published by cluster and by council, under one
disclosure control, and a council's population page shows its population from its first
day, from the data set of the cluster it replaces."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body
from klynge.insights.models import Result
from klynge.population.disclosure import KEY_COLUMNS, SMALL_BANDS
from klynge.testing.auth import sign_in
from klynge.testing.factories import (
    make_body,
    make_collaboration,
    make_person,
    make_seat,
    make_user,
)
from klynge.testing.insights import TEST_PERSONS, TEST_SEED, engine_outcome, make_run
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db
CLUSTER, COUNCIL = "dk-klynge-horsensklyngen", "dk-raad-horsens"


def test_a_run_publishes_clusters_and_councils_protected_together() -> None:
    outcome = engine_outcome(TEST_PERSONS, TEST_SEED, 2025)
    published = outcome.published.to_pylist()
    codes = {row["code"] for row in published if row["level"] == "collaboration"}
    assert {CLUSTER, COUNCIL} <= codes
    # The audit of every published row of the data set and year, both groupings together:
    # no suppressed count can be worked out to within 1–4 (council minus cluster included).
    assert outcome.audit is not None and outcome.audit.ok, outcome.audit.findings[:3]
    assert outcome.audit.checked > 0


def test_a_council_sees_its_population_from_the_clusters_data(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    world: World = make_world()
    world.collaboration.code = CLUSTER
    world.collaboration.save()
    run = make_run(world.collaboration)
    council = make_collaboration(code=COUNCIL, name="Sundhedsråd Horsens",
                                 kind=Collaboration.Kind.HEALTH_COUNCIL,
                                 country=world.collaboration.country,
                                 valid_from=dt.date(2027, 1, 1), valid_to=None)
    member = make_user("councillor", password="x")
    make_seat(make_body(council, kind=Body.Kind.STRATEGIC, name="Sundhedsrådet"),
              make_person(user=member, name="Rådsmedlem"))
    sign_in(client, member)
    page = client.get(reverse("insights:population", args=[COUNCIL]))
    assert page.status_code == 200 and page.context["run"] == run
    areas = page.context["areas"]
    assert (areas[0].level, areas[0].code) == ("collaboration", COUNCIL)
    members = [area.code for area in areas if area.level == "municipality"]
    assert "0615" in members  # Horsens, by the council's mapping from 2027-01-01
    population = next(row for row in page.context["rows"] if row.indicator == "population")
    expected = Result.objects.get(run=run, published=True, indicator="population",
                                  level="collaboration", code=COUNCIL, group_by="total")
    assert population.cells[0] is not None and population.cells[0].value == expected.value
    sign_in(client, world.member)  # the cluster's member, not the council's
    assert client.get(reverse("insights:population", args=[COUNCIL])).status_code == 404


def test_standardised_rows_with_a_band_of_one_to_four_events_are_not_published() -> None:
    """The engine marks them as it computes (the schema's metadata), disclosure control
    hides them in the published table; the unsuppressed table keeps their values."""
    outcome = engine_outcome(TEST_PERSONS, TEST_SEED, 2025)
    marked = json.loads(outcome.unsuppressed.schema.metadata[SMALL_BANDS])
    assert marked and all(key[0].endswith("_std") for key in marked)
    published = {tuple(row[c] for c in KEY_COLUMNS): row
                 for row in outcome.published.to_pylist()}
    assert all(published[tuple(key)]["suppressed"] for key in marked)
