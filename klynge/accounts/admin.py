"""The admin site: for platform administrators only (``klynge.accounts.access``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.accounts.access import may_use_admin


class KlyngeAdminSite(admin.AdminSite):
    site_header = _("Klynge administration")
    site_title = _("Klynge administration")
    index_title = _("Platform administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None
              ) -> HttpResponse:
        """Sign in on Klynge's own page (with its second factor); a signed-in user who is not
        an administrator is refused."""
        if request.user.is_authenticated:
            raise PermissionDenied
        target = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(target, settings.LOGIN_URL)
