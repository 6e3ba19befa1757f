"""Terms in the admin: read-only; the secretariat keeps them on the vocabulary page."""

from __future__ import annotations

from django.contrib import admin

from klynge.core.admin import ReadOnlyAdmin
from klynge.vocabulary.models import Term


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ["code", "kind", "name_da", "name_nb", "name_en", "collaboration", "retired"]
    list_filter = ["kind", "retired", "collaboration"]
    search_fields = ["code", "name_da", "name_nb", "name_nn", "name_en"]
    list_select_related = ["collaboration"]
