"""Cases and terms in the admin: administrators look, nobody writes there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from klynge.cases.models import Case
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_term, submit_case
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db


def test_the_admin_shows_cases_read_only(client: Client, world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    term = make_term(world.collaboration)
    sign_in(client, world.admin)
    urls = [reverse("admin:cases_case_changelist"),
            reverse("admin:cases_case_change", args=[case.pk]),
            reverse("admin:cases_case_history", args=[case.pk]),
            reverse("admin:cases_caseevent_changelist"),
            reverse("admin:vocabulary_term_change", args=[term.pk]),
            reverse("admin:vocabulary_term_history", args=[term.pk])]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:cases_case_add")).status_code == 403
    response = client.post(reverse("admin:cases_case_change", args=[case.pk]),
                           {"title": "Changed in the admin"})
    assert response.status_code == 403
    assert Case.objects.get().title != "Changed in the admin"


def test_others_are_kept_out(client: Client, world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    sign_in(client, world.secretariat)
    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 302  # to the admin's sign-in
