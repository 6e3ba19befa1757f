"""The geography admin: an administrator's correction keeps its history, with the reason."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.reference.models import Municipality
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_municipality, make_region, make_user

pytestmark = pytest.mark.django_db


def _municipality_form(municipality: Municipality, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "country": municipality.country_id, "code": municipality.code,
        "name": municipality.name, "valid_from": municipality.valid_from.isoformat(),
        "valid_to": "", "confidence": municipality.confidence, "source": municipality.source,
        "change_reason": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_client(client: Client) -> Client:
    region = make_region(name="Region Midtjylland")
    make_municipality(region, name="Odder", code="0727")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, make_user("platformadmin", is_superuser=True, is_staff=True))


def test_a_correction_keeps_its_history_and_is_audited(admin_client: Client) -> None:
    odder = Municipality.objects.get(country__code="DK", code="0727")
    url = reverse("admin:reference_municipality_change", args=[odder.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, _municipality_form(
        odder, name="Odder Kommune", change_reason="the official name"))
    assert response.status_code == 302, response.content.decode()[:2000]

    latest, previous = odder.history.all()[:2]
    assert (latest.name, latest.history_user.username, latest.history_change_reason) == (
        "Odder Kommune", "platformadmin", "the official name")
    assert previous.name == "Odder"
    page = admin_client.get(reverse("admin:reference_municipality_history", args=[odder.pk]))
    for text in ("Odder Kommune", "platformadmin", "the official name"):
        assert text in page.text
    entry = AuditEntry.objects.get(verb=AuditEntry.Verb.UPDATE,
                                   object_type="reference.municipality")
    assert entry.changes == {"name": {"old": "Odder", "new": "Odder Kommune"}}
    assert entry.details == {"reason": "the official name"}


def test_a_bad_correction_is_refused_with_its_reason(admin_client: Client) -> None:
    odder = Municipality.objects.get(country__code="DK", code="0727")
    url = reverse("admin:reference_municipality_change", args=[odder.pk])
    response = admin_client.post(url, _municipality_form(
        odder, valid_from="2030-01-01", valid_to="2020-01-01"))
    assert response.status_code == 200
    assert "cannot be before the start date" in response.text
    odder.refresh_from_db()
    assert odder.valid_to is None


def test_a_municipality_in_use_cannot_be_deleted(admin_client: Client) -> None:
    odder = Municipality.objects.get(country__code="DK", code="0727")
    url = reverse("admin:reference_municipality_delete", args=[odder.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200 and "refer to it" in response.text
    assert Municipality.objects.filter(pk=odder.pk).exists()
