"""Terms in the admin: read-only; the secretariat keeps them on the vocabulary page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from klynge.core.admin import AdministratorAdmin
from klynge.vocabulary.models import Term


@admin.register(Term)
class TermAdmin(AdministratorAdmin):
    list_display = ["code", "kind", "name_da", "name_nb", "name_en", "collaboration", "retired"]
    list_filter = ["kind", "retired", "collaboration"]
    search_fields = ["code", "name_da", "name_nb", "name_nn", "name_en"]
    list_select_related = ["collaboration"]
    object_history_template = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Term._meta.fields]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict[str, Any] | None = None) -> HttpResponse:
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
