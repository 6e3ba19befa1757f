"""Cases in the admin: read-only, for platform administrators. Cases change through the
case pages and the actions, which keep their history."""

from __future__ import annotations

from django.contrib import admin

from klynge.cases.models import Case, CaseEvent, Decision, FileSeries, Recommendation
from klynge.core.admin import ReadOnlyAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["file_number", "title", "collaboration", "state", "current_body",
                    "confidential", "submitted_at"]
    list_filter = ["state", "confidential", "collaboration"]
    search_fields = ["title", "former_file_number"]
    list_select_related = ["collaboration", "current_body"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "at", "actor", "from_state", "to_state", "to_body"]
    list_filter = ["kind"]
    list_select_related = ["case", "actor", "to_body"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["case", "body", "given_on"]
    list_select_related = ["case", "body"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["case", "body", "outcome", "decided_on"]
    list_filter = ["outcome"]
    list_select_related = ["case", "body"]


@admin.register(FileSeries)
class FileSeriesAdmin(ReadOnlyAdmin):
    list_display = ["collaboration", "year", "last"]
    list_select_related = ["collaboration"]
