"""The audit trail in the admin: read-only, for whom the admin site lets in."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from klynge.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "verb", "object_type", "object_repr", "collaboration_code"]
    list_filter = ["verb", "object_type"]
    search_fields = ["object_repr", "collaboration_code", "actor__username"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(self.admin_site.has_permission(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(self.admin_site.has_permission(request))
