"""A body's kind as its country names it: a Norwegian health community's political level is
its partnership meeting (partnerskapsmøte), a Danish cluster's is its political level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body
from klynge.governance.tests.views_support import english  # noqa: F401
from klynge.testing.auth import sign_in
from klynge.testing.factories import (
    make_body,
    make_collaboration,
    make_country,
    make_organisation,
    make_organisation_body,
    make_user,
)

pytestmark = pytest.mark.django_db


def _norwegian() -> Collaboration:
    return make_collaboration(code="fellesskap", name="Helsefellesskap Test",
                              kind=Collaboration.Kind.HEALTH_COMMUNITY,
                              country=make_country("NO", "Norge"),
                              valid_from=dt.date(2020, 1, 1), valid_to=None)


def _danish() -> Collaboration:
    return make_collaboration(code="klyngen", name="Testklyngen",
                              kind=Collaboration.Kind.HEALTH_CLUSTER,
                              country=make_country("DK", "Danmark"))


@pytest.mark.parametrize(("language", "danish", "norwegian"), [
    ("en", "political level", "partnership meeting"),
    ("da", "politisk niveau", "partnerskabsmøde (norsk)"),
    ("nb", "politisk nivå", "partnerskapsmøte"),
    ("nn", "politisk nivå", "partnarskapsmøte"),
])
def test_the_political_level_of_each_country(language: str, danish: str,
                                             norwegian: str) -> None:
    danish_body = make_body(_danish(), kind=Body.Kind.POLITICAL)
    norwegian_body = make_body(_norwegian(), kind=Body.Kind.POLITICAL)
    with translation.override(language):
        assert danish_body.kind_label == danish
        assert norwegian_body.kind_label == norwegian


def test_the_other_norwegian_kinds() -> None:
    collaboration = _norwegian()
    labels = {kind: make_body(collaboration, kind=kind).kind_label
              for kind in (Body.Kind.STRATEGIC, Body.Kind.WORKING_GROUP, Body.Kind.USER_PANEL)}
    assert labels == {Body.Kind.STRATEGIC: "strategic collaboration committee",
                      Body.Kind.WORKING_GROUP: "professional collaboration committee",
                      Body.Kind.USER_PANEL: "user panel"}
    with translation.override("nb"):
        assert make_body(collaboration, kind=Body.Kind.STRATEGIC).kind_label == (
            "strategisk samarbeidsutvalg")
        assert make_body(_danish(), kind=Body.Kind.STRATEGIC).kind_label == (
            "faglig-strategisk nivå")


def test_a_body_of_a_norwegian_organisation() -> None:
    norway = make_country("NO", "Norge")
    body = make_organisation_body(make_organisation(country=norway),
                                  kind=Body.Kind.WORKING_GROUP)
    danish = make_organisation_body(make_organisation(country=make_country("DK", "Danmark")),
                                    kind=Body.Kind.WORKING_GROUP)
    assert (body.kind_label, danish.kind_label) == (
        "professional collaboration committee", "working group")


def test_the_pages_name_the_norwegian_bodies(client: Client) -> None:
    collaboration = _norwegian()
    body = make_body(collaboration, kind=Body.Kind.POLITICAL, name="Partnarskapsmøtet")
    sign_in(client, make_user("admin", is_superuser=True, is_staff=True))
    assert "(partnership meeting)" in client.get(collaboration.get_absolute_url()).text
    page = client.get(body.get_absolute_url()).text
    assert "<dd>partnership meeting</dd>" in page
    assert "political level" not in page
