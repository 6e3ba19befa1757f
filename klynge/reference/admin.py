"""The admin of reference facts: platform administrators only.

Every correction keeps the earlier version with who, when and why (the "History"
button); unconfirmed facts are marked in every list and can be filtered on.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from klynge.reference.admin_tools import AuditMixin, SuperuserOnlyAdmin, confidence_badge
from klynge.reference.models import Country, Municipality, MunicipalityRegion, Region


@admin.register(Country)
class CountryAdmin(AuditMixin):
    list_display = ["code", "name"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # regions, municipalities and collaborations depend on them


@admin.register(Region)
class RegionAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "code", "official_code", "kind", "country", "valid_from",
                    "valid_to", confidence_badge]
    list_filter = ["confidence", "country", "kind"]
    search_fields = ["name", "code", "official_code"]


@admin.register(Municipality)
class MunicipalityAdmin(SuperuserOnlyAdmin):
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
class MunicipalityRegionAdmin(SuperuserOnlyAdmin):
    list_display = ["municipality", "region", "valid_from", "valid_to", confidence_badge]
    list_filter = ["confidence", "region", "municipality__country"]
    search_fields = ["municipality__name", "municipality__code", "region__name"]
    list_select_related = ["municipality", "region"]
