"""The audit trail as data, and the administrators' page that filters it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.audit.actions import field_changes, record
from klynge.audit.models import AuditEntry
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_collaboration, make_person, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, make_user("overseer", is_superuser=True))


def test_changes_are_old_and_new_values_and_personal_fields_by_name() -> None:
    person = make_person(name="Ane", email="ane@example.org")
    changes = field_changes(person, {"email": ("ane@example.org", "a@example.org"),
                                     "organisation": (None, None)})
    assert changes == {"email": {"personal": True},
                       "organisation": {"old": None, "new": None}}
    entry = record(None, AuditEntry.Verb.UPDATE, person, changes={"name": ("Ane", "Anne")})
    assert entry.changes == {"name": {"personal": True}}
    assert entry.object_repr == f"person #{person.pk}"  # a person is named by number


def test_an_entry_needs_no_object() -> None:
    entry = record(None, AuditEntry.Verb.LOAD, details={"files": ["a.csv"], "created": 3,
                                                        "on": dt.date(2027, 1, 1)})
    assert (entry.object_type, entry.object_id) == ("", "")
    assert entry.details == {"files": ["a.csv"], "created": 3, "on": "2027-01-01"}


def test_the_page_filters_by_user_object_collaboration_and_date(admin_client: Client) -> None:
    alice, bob = make_user("alice"), make_user("bob")
    collaboration = make_collaboration(code="klyngen")
    record(alice, AuditEntry.Verb.UPDATE, collaboration, collaboration_code="klyngen",
           changes={"description": ("", "Ny")})
    record(bob, AuditEntry.Verb.VIEW, make_person())
    url = reverse("audit:trail")
    assert "alice" in admin_client.get(url).text and "bob" in admin_client.get(url).text
    by_user = admin_client.get(url, {"user": "ali"})
    assert [e.actor.username for e in by_user.context["page"]] == ["alice"]
    by_collaboration = admin_client.get(url, {"collaboration": "klyngen"})
    assert len(by_collaboration.context["page"]) == 1
    by_object = admin_client.get(url, {"object_type": "collaborations.collaboration",
                                       "object_id": str(collaboration.pk)})
    assert [e.actor.username for e in by_object.context["page"]] == ["alice"]
    assert "Ny" in by_object.text
    today = dt.date.today().isoformat()
    # alice's change, bob's view, and the administrator's own sign-in
    assert len(admin_client.get(url, {"since": today, "until": today}).context["page"]) == 3
    assert not admin_client.get(url, {"until": "2020-01-01"}).context["page"]


def test_bad_dates_are_a_message(admin_client: Client) -> None:
    response = admin_client.get(reverse("audit:trail"), {"since": "2026-05-01",
                                                         "until": "2026-04-01"})
    assert response.status_code == 422
    assert "cannot be before the start date" in response.text


def test_only_administrators_read_it(client: Client) -> None:
    sign_in(client, make_user("reader"))
    assert client.get(reverse("audit:trail")).status_code == 403
    anonymous = Client().get(reverse("audit:trail"))
    assert anonymous.status_code == 302


def test_the_page_queries_stay_few(admin_client: Client) -> None:
    for n in range(30):
        record(make_user(f"u{n}"), AuditEntry.Verb.LOGIN)
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(reverse("audit:trail")).status_code == 200
    assert len(queries) <= 12
