"""The vocabulary page: everyone who sees the collaboration reads it; the secretariat adds,
renames and retires terms."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_term
from klynge.testing.personas import World
from klynge.vocabulary import access
from klynge.vocabulary.models import Term

pytestmark = pytest.mark.django_db


def login(client: Client, user: Any) -> Client:
    sign_in(client, user)
    return client


def page_url(world: World) -> str:
    return reverse("vocabulary:vocabulary", args=[world.collaboration.code])


def add_url(world: World) -> str:
    return reverse("vocabulary:term_add", args=[world.collaboration.code])


def test_anyone_signed_in_reads_the_vocabulary(client: Client, world: World) -> None:
    make_term(world.collaboration, name_en="Frail elderly", kind=Term.Kind.TARGET_GROUP)
    page = login(client, world.outsider).get(page_url(world))
    assert page.status_code == 200 and "Frail elderly" in page.text
    assert "Add a term" not in page.text and "Rename" not in page.text


def test_anonymous_is_sent_to_sign_in(client: Client, world: World) -> None:
    assert client.get(page_url(world)).status_code == 302


def test_an_unknown_collaboration_is_404(client: Client, world: World) -> None:
    response = login(client, world.member).get(reverse("vocabulary:vocabulary",
                                                      args=["nowhere"]))
    assert response.status_code == 404


def test_the_secretariat_adds_a_term(client: Client, world: World) -> None:
    login(client, world.secretariat)
    assert "Add a term" in client.get(page_url(world)).text
    response = client.post(add_url(world), {"kind": "theme", "name_da": "Lighed i sundhed",
                                            "name_en": "Health equity"})
    assert response.status_code == 302
    term = Term.objects.get(collaboration=world.collaboration)
    assert term.code == "lighed-i-sundhed" and term.name_en == "Health equity"
    assert AuditEntry.objects.filter(object_type="vocabulary.term", verb="create").exists()


def test_a_term_needs_a_name(client: Client, world: World) -> None:
    response = login(client, world.secretariat).post(add_url(world), {"kind": "theme"})
    assert response.status_code == 422
    assert "at least one language" in response.text
    assert not Term.objects.exists()


def test_a_member_may_not_add(client: Client, world: World) -> None:
    response = login(client, world.member).post(add_url(world), {"kind": "theme",
                                                                 "name_da": "X"})
    assert response.status_code == 403 and not Term.objects.exists()


def test_rename_and_retire(client: Client, world: World) -> None:
    term = make_term(world.collaboration, name_da="Gammelt navn", name_en="Old name")
    login(client, world.secretariat)
    url = reverse("vocabulary:term_edit", args=[term.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name_da": "Nyt navn", "name_nb": "", "name_nn": "",
                                 "name_en": "New name"})
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.name_da, term.name_en) == ("Nyt navn", "New name")
    bad = client.post(url, {"name_da": "", "name_nb": "", "name_nn": "", "name_en": ""})
    assert bad.status_code == 422
    retire = reverse("vocabulary:term_retire", args=[term.pk])
    assert client.post(retire, {"retired": "1"}).status_code == 302
    term.refresh_from_db()
    assert term.retired
    client.post(retire, {"retired": "0"})
    term.refresh_from_db()
    assert not term.retired


def test_rename_refusals(client: Client, world: World) -> None:
    term = make_term(world.collaboration)
    url = reverse("vocabulary:term_edit", args=[term.pk])
    assert login(client, world.member).get(url).status_code == 403
    assert login(client, world.member).post(
        reverse("vocabulary:term_retire", args=[term.pk])).status_code == 403
    assert login(client, world.member).get(
        reverse("vocabulary:term_edit", args=[999999])).status_code == 404


def test_access_functions(world: World) -> None:
    term = make_term(world.collaboration)
    assert access.can_edit_vocabulary(world.secretariat, world.collaboration)
    assert access.can_edit_vocabulary(world.admin, world.collaboration)
    assert not access.can_edit_vocabulary(world.member, world.collaboration)
    assert not access.can_edit_vocabulary(world.secretariat, world.other_collaboration)
    assert term in access.visible_terms(world.outsider)
    from django.contrib.auth.models import AnonymousUser

    assert not access.visible_terms(AnonymousUser()).exists()
