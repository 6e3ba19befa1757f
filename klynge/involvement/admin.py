from django.contrib import admin

from klynge.core.admin import ReadOnlyAdmin
from klynge.involvement.models import Involvement


@admin.register(Involvement)
class InvolvementAdmin(ReadOnlyAdmin):
    """Read-only: entries are written through the ledger's actions."""

    list_display = ("case", "body", "others", "step", "happened_on", "fed_back_on")
    list_filter = ("step",)
    list_select_related = ("case", "body")
