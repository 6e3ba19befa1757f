"""The admin of collaborations, organisations and partnerships: platform administrators only,
writing through ``klynge.collaborations.actions``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from klynge.collaborations import actions
from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.core.admin import ActionAdmin, confidence_badge


@admin.register(Collaboration)
class CollaborationAdmin(ActionAdmin):
    list_display = ["name", "code", "kind", "country", "valid_from", "preparatory_until",
                    "valid_to", confidence_badge]
    list_filter = ["confidence", "kind", "country"]
    search_fields = ["name", "code"]

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        actions.check_collaboration(data, obj)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        return actions.do_create_collaboration(request.user, reason, **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        return actions.do_update_collaboration(request.user, obj, reason, **changes)

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        actions.do_delete_collaboration(request.user, obj)

    def refuse_delete(self, obj: Any) -> str | None:
        return actions.refuse_delete_collaboration(obj)


@admin.register(Organisation)
class OrganisationAdmin(ActionAdmin):
    list_display = ["name", "kind", "country", "municipality", "region", confidence_badge]
    list_filter = ["confidence", "kind", "country"]
    search_fields = ["name"]
    list_select_related = ["country", "municipality", "region"]

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        actions.check_organisation(data, obj)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        return actions.do_create_organisation(request.user, reason, **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        return actions.do_update_organisation(request.user, obj, reason, **changes)

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        actions.do_delete_organisation(request.user, obj)

    def refuse_delete(self, obj: Any) -> str | None:
        return actions.refuse_delete_organisation(obj)


@admin.register(Partnership)
class PartnershipAdmin(ActionAdmin):
    list_display = ["organisation", "collaboration", "valid_from", "valid_to", confidence_badge]
    list_filter = ["confidence", ("collaboration", admin.RelatedOnlyFieldListFilter),
                   "organisation__kind"]
    search_fields = ["organisation__name", "collaboration__name"]
    list_select_related = ["organisation", "collaboration"]
    autocomplete_fields = ["organisation"]

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        actions.check_partnership(data, obj)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        return actions.do_add_partnership(request.user, reason, **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        return actions.do_update_partnership(request.user, obj, reason, **changes)

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        actions.do_delete_partnership(request.user, obj)
