"""Partners' API tokens: issued by administrators (the admin, the command line) with the
secret shown once and only its hash kept, revoked, audited."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_user
from klynge.testing.volunteering import VolunteeringWorld
from klynge.volunteering import actions
from klynge.volunteering.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_token_is_kept_as_a_hash_and_revoked(vw: VolunteeringWorld) -> None:
    admin = make_user(is_superuser=True, is_staff=True)
    token, secret = actions.do_issue_api_token(admin, organisation=vw.hospital, label="EPJ")
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values()))
    assert token.created_by == admin
    entry = AuditEntry.objects.get(object_type="volunteering.apitoken", verb="create")
    assert entry.actor == admin and secret not in str(entry.changes)
    actions.do_revoke_api_token(admin, token)
    assert ApiToken.objects.get().revoked_at is not None
    with pytest.raises(ValidationError, match="already revoked"):
        actions.do_revoke_api_token(admin, token)
    assert AuditEntry.objects.filter(object_type="volunteering.apitoken").count() == 2


def test_only_administrators_keep_tokens(vw: VolunteeringWorld) -> None:
    for user in (vw.coordinator, vw.referrer, vw.outsider):
        with pytest.raises(PermissionDenied):
            actions.do_issue_api_token(user, organisation=vw.hospital, label="EPJ")
    with pytest.raises(ValidationError):
        actions.do_issue_api_token(None, organisation=vw.hospital, label=" ")
    assert not ApiToken.objects.exists()


def test_the_admin_shows_the_secret_once_and_revokes(client: Client,
                                                     vw: VolunteeringWorld) -> None:
    sign_in(client, make_user(is_superuser=True, is_staff=True))
    response = client.post(reverse("admin:volunteering_apitoken_add"),
                           {"organisation": vw.hospital.pk, "label": "Sundhedsplatformen",
                            "change_reason": ""}, follow=True)
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    secret = next(m.split()[-1] for m in shown if "not shown again" in m)
    assert actions.hash_secret(secret) == token.secret_hash
    assert secret not in client.get(reverse("admin:volunteering_apitoken_change",
                                            args=[token.pk])).content.decode()
    client.post(reverse("admin:volunteering_apitoken_delete", args=[token.pk]),
                {"post": "yes"})
    assert ApiToken.objects.get().revoked_at is not None  # revoked, not deleted


def test_the_command_issues_lists_and_revokes(vw: VolunteeringWorld) -> None:
    out, err = StringIO(), StringIO()
    call_command("fhir_token", str(vw.hospital.pk), "--label", "EPJ", stdout=out, stderr=err)
    token = ApiToken.objects.get()
    assert actions.hash_secret(out.getvalue().strip()) == token.secret_hash
    assert "not shown again" in err.getvalue()
    out = StringIO()
    call_command("fhir_token", str(vw.hospital.pk), "--list", stdout=out)
    assert f"{token.pk}\tEPJ\tlive" in out.getvalue()
    call_command("fhir_token", "--revoke", str(token.pk), stdout=StringIO())
    assert ApiToken.objects.get().revoked_at is not None
    assert AuditEntry.objects.get(verb="update").actor is None
