"""The admin site: for platform administrators only (``klynge.accounts.access``)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from klynge.accounts.access import may_use_admin


class KlyngeAdminSite(admin.AdminSite):
    site_header = _("Klynge administration")
    site_title = _("Klynge administration")
    index_title = _("Platform administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request)
