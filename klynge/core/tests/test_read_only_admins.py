"""Every model admin shown read-only opens its list for an administrator and offers no way
to add, change or delete (the working cycle's models change only through their actions)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from klynge.core.admin import ReadOnlyAdmin
from klynge.testing.auth import sign_in
from klynge.testing.personas import make_world

READ_ONLY = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, ReadOnlyAdmin))


def test_the_working_cycle_s_models_are_read_only_in_the_admin() -> None:
    apps = {app for app, _model in READ_ONLY}
    assert {"cases", "meetings", "hearings", "notifications", "vocabulary"} <= apps


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "model"), READ_ONLY)
def test_the_list_opens_and_adding_is_refused(client: Client, app: str, model: str) -> None:
    sign_in(client, make_world().admin)
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403
