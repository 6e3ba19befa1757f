"""The collaborations admin: unconfirmed reference facts stand out."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from klynge.reference.loader import LoadSummary
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_unconfirmed_facts_are_marked_in_the_list(loaded: LoadSummary, client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    admin_client = sign_in(client, make_user(is_superuser=True, is_staff=True))
    response = admin_client.get(reverse("admin:collaborations_collaboration_changelist"),
                                {"confidence__exact": "unconfirmed"})
    assert "Sundhedsklynge Fyn" in response.text
    assert "Aarhusklyngen" not in response.text
    assert "⚠" in response.text
