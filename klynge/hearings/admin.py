"""The hearings in the admin: looked at only. Every write goes through
``klynge.hearings.actions``, which the secretariat uses on the hearing pages."""

from __future__ import annotations

from django.contrib import admin

from klynge.core.admin import ReadOnlyAdmin
from klynge.hearings.models import Answer, Hearing, Party, Respondent


@admin.register(Hearing)
class HearingAdmin(ReadOnlyAdmin):
    list_display = ["title", "collaboration", "state", "deadline", "opened_at", "summarised_at"]
    list_filter = ["state", ("collaboration", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "collaboration__name"]
    list_select_related = ["collaboration"]


@admin.register(Party)
class PartyAdmin(ReadOnlyAdmin):
    list_display = ["hearing", "organisation", "body", "invited_at"]
    list_select_related = ["hearing", "organisation", "body"]


@admin.register(Respondent)
class RespondentAdmin(ReadOnlyAdmin):
    list_display = ["party", "person", "added_at"]
    list_select_related = ["party__hearing", "party__organisation", "party__body", "person"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["hearing", "party", "answered_at", "changed_at", "responded_at"]
    list_select_related = ["hearing", "party__organisation", "party__body"]
