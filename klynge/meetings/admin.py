"""The meetings in the admin: read-only for administrators; changes go through the pages."""

from __future__ import annotations

from django.contrib import admin

from klynge.core.admin import ReadOnlyAdmin
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaReview,
    Conflict,
    ItemAttendance,
    Meeting,
    MeetingRules,
    MinutesApproval,
    Response,
)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["starts_at", "body", "title", "state"]
    list_filter = ["state"]
    search_fields = ["title", "body__name"]
    list_select_related = ["body"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "number", "title", "closed", "outcome"]
    list_filter = ["closed", "outcome"]
    list_select_related = ["meeting__body"]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner", "due_on", "done_at", "collaboration"]
    list_select_related = ["owner", "collaboration"]


@admin.register(MeetingRules)
class MeetingRulesAdmin(ReadOnlyAdmin):
    list_display = ["body", "minutes_approved_by", "substitutes_allowed"]


for model in (AgendaReview, Response, ItemAttendance, Conflict, MinutesApproval):
    admin.site.register(model, ReadOnlyAdmin)
