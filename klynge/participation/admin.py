"""Read-only views for administrators: everything here is written through the actions
(and a citizen's personal data is shown only on the secretariat's pages)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from klynge.core.admin import ReadOnlyAdmin
from klynge.participation.models import Contribution, Event, Idea, Workshop


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ("pk", "collaboration", "kind", "state", "via", "submitted_at")
    list_filter = ("kind", "state", "via")
    list_select_related = ("collaboration",)
    exclude = ("name", "contact", "withdraw_digest")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [name for name in super().get_readonly_fields(request, obj)
                if name not in self.exclude]


@admin.register(Workshop)
class WorkshopAdmin(ReadOnlyAdmin):
    list_display = ("title", "collaboration", "starts_at", "state", "dots")
    list_filter = ("state",)
    list_select_related = ("collaboration",)


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ("title", "workshop", "case")
    list_select_related = ("workshop", "case")


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("title", "collaboration", "kind", "starts_at", "capacity", "cancelled")
    list_filter = ("kind", "cancelled")
    list_select_related = ("collaboration",)
