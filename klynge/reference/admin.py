"""The admin of geography facts: platform administrators only, writing through
``klynge.reference.actions``.

Every correction keeps the earlier version with who, when and why (the "History" button);
unconfirmed facts are marked in every list and can be filtered on.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from klynge.core.admin import ActionAdmin, AdministratorAdmin, confidence_badge
from klynge.reference import actions
from klynge.reference.models import Country, Municipality, MunicipalityRegion, Region


@admin.register(Country)
class CountryAdmin(AdministratorAdmin):
    """Countries come from the reference load and are only looked at here."""

    list_display = ["code", "name"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class FactAdmin(ActionAdmin):
    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        actions.check_fact(self.model, data, obj)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        return actions.do_create_fact(request.user, self.model, reason, **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        return actions.do_correct_fact(request.user, obj, reason, **changes)

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        actions.do_delete_fact(request.user, obj)

    def refuse_delete(self, obj: Any) -> str | None:
        return actions.refuse_delete_fact(obj)


@admin.register(Region)
class RegionAdmin(FactAdmin):
    list_display = ["name", "code", "official_code", "kind", "country", "valid_from",
                    "valid_to", confidence_badge]
    list_filter = ["confidence", "country", "kind"]
    search_fields = ["name", "code", "official_code"]


@admin.register(Municipality)
class MunicipalityAdmin(FactAdmin):
    list_display = ["name", "code", "country", "valid_from", "valid_to", confidence_badge]
    list_filter = ["confidence", "country", "region_links__region"]
    search_fields = ["name", "code"]
    readonly_fields = ["regions_over_time"]

    @admin.display(description=_("regions over time"))
    def regions_over_time(self, obj: Municipality) -> str:
        links = obj.region_links.select_related("region").order_by("valid_from")
        return "; ".join(
            f"{link.region.name} ({link.valid_from} – {link.valid_to or '…'})" for link in links
        )


@admin.register(MunicipalityRegion)
class MunicipalityRegionAdmin(FactAdmin):
    list_display = ["municipality", "region", "valid_from", "valid_to", confidence_badge]
    list_filter = ["confidence", "region", "municipality__country"]
    search_fields = ["municipality__name", "municipality__code", "region__name"]
    list_select_related = ["municipality", "region"]
