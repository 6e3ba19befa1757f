"""The Django admin for platform administrators and for secretariats.

- A platform administrator (superuser) sees and changes everything.
- A staff user who sits in a collaboration's secretariat (``klynge.governance.access``)
  sees and changes only that collaboration: its bodies, seats and partnerships, the
  collaboration itself (all but its code, kind and country), the people who sit in it
  and people not yet seated anywhere. They may look up organisations but not change
  them. Another collaboration's objects, and their history, answer 404.
- Every save keeps its history (who, when, why) and writes an audit entry.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from klynge.governance import access
from klynge.governance.models import Body, Collaboration, Organisation, Partnership, Person, Seat
from klynge.reference.admin_tools import (
    AuditedHistoryAdmin,
    SuperuserOnlyAdmin,
    confidence_badge,
    is_superuser,
)


def own_collaboration_ids(request: HttpRequest) -> set[int]:
    """The collaborations whose secretariat the staff user sits in today (cached per request)."""
    if not hasattr(request, "_klynge_secretariat_ids"):
        user = request.user
        staff = user.is_active and user.is_staff
        request._klynge_secretariat_ids = (  # type: ignore[attr-defined]
            access.secretariat_collaboration_ids(user) if staff else set()
        )
    return request._klynge_secretariat_ids  # type: ignore[attr-defined, no-any-return]


def seatable_people(request: HttpRequest) -> QuerySet[Person]:
    """People a secretariat may see and seat: those in its bodies, and those seated nowhere."""
    if is_superuser(request):
        return Person.objects.all()
    ids = own_collaboration_ids(request)
    return Person.objects.filter(
        Q(seats__body__collaboration_id__in=ids) | Q(seats__isnull=True)
    ).distinct()


class SecretariatScopedAdmin(AuditedHistoryAdmin):
    """An admin whose objects belong to one collaboration, reached by ``collaboration_path``."""

    collaboration_path = "collaboration"
    secretariat_may_add = True

    def collaboration_of(self, obj: Any) -> Collaboration:
        for part in self.collaboration_path.split("__"):
            obj = getattr(obj, part)
        return obj  # type: ignore[no-any-return]

    def audit_collaboration_code(self, obj: models.Model) -> str:
        return self.collaboration_of(obj).code

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if is_superuser(request):
            return queryset
        lookup = f"{self.collaboration_path}__in" if self.collaboration_path else "pk__in"
        return queryset.filter(**{lookup: own_collaboration_ids(request)})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request) or bool(own_collaboration_ids(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        if is_superuser(request):
            return True
        return request.user.is_staff and access.can_edit_collaboration(
            request.user, self.collaboration_of(obj)
        )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if is_superuser(request):
            return True
        return self.secretariat_may_add and bool(own_collaboration_ids(request))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self.secretariat_may_add and not is_superuser(request):
            return False
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest,
                                 **kwargs: Any) -> ModelChoiceField | None:
        if not is_superuser(request):
            ids = own_collaboration_ids(request)
            if db_field.related_model is Collaboration:
                kwargs["queryset"] = Collaboration.objects.filter(pk__in=ids)
            elif db_field.related_model is Body:
                kwargs["queryset"] = Body.objects.filter(collaboration_id__in=ids)
            elif db_field.related_model is Person:
                kwargs["queryset"] = seatable_people(request)
            elif db_field.name == "represents":
                kwargs["queryset"] = Organisation.objects.filter(
                    partnerships__collaboration_id__in=ids
                ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Collaboration)
class CollaborationAdmin(SecretariatScopedAdmin):
    collaboration_path = ""
    secretariat_may_add = False
    list_display = ["name", "code", "kind", "country", "valid_from", "valid_to", confidence_badge]
    list_filter = ["confidence", "kind", "country"]
    search_fields = ["name", "code"]

    def collaboration_of(self, obj: Any) -> Collaboration:
        return obj  # type: ignore[no-any-return]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_superuser(request):
            return ()
        return ("code", "kind", "country")  # the stable identity is the administrators'


@admin.register(Partnership)
class PartnershipAdmin(SecretariatScopedAdmin):
    list_display = ["organisation", "collaboration", "valid_from", "valid_to", confidence_badge]
    list_filter = ["confidence", ("collaboration", admin.RelatedOnlyFieldListFilter),
                   "organisation__kind"]
    search_fields = ["organisation__name", "collaboration__name"]
    list_select_related = ["organisation", "collaboration"]
    autocomplete_fields = ["organisation"]


@admin.register(Body)
class BodyAdmin(SecretariatScopedAdmin):
    list_display = ["name", "kind", "collaboration", "parent", "confidential", "valid_from",
                    "valid_to"]
    list_filter = ["kind", "confidential", ("collaboration", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "collaboration__name"]
    list_select_related = ["collaboration", "parent"]


@admin.register(Seat)
class SeatAdmin(SecretariatScopedAdmin):
    collaboration_path = "body__collaboration"
    list_display = ["person", "body", "role", "capacity", "represents", "term_start", "term_end"]
    list_filter = ["role", "capacity", ("body__collaboration", admin.RelatedOnlyFieldListFilter),
                   ("body", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__name", "body__name", "represents__name"]
    list_select_related = ["person", "body__collaboration", "represents"]


@admin.register(Organisation)
class OrganisationAdmin(SuperuserOnlyAdmin):
    """Administrators change organisations; secretariats may look them up."""

    list_display = ["name", "kind", "country", "municipality", "region", confidence_badge]
    list_filter = ["confidence", "kind", "country"]
    search_fields = ["name"]
    list_select_related = ["country", "municipality", "region"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request) or bool(own_collaboration_ids(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


@admin.register(Person)
class PersonAdmin(AuditedHistoryAdmin):
    """Contact details are personal data: a secretariat sees only its own people."""

    list_display = ["name", "title", "organisation", "email"]
    search_fields = ["name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if is_superuser(request):
            return queryset
        return queryset.filter(pk__in=seatable_people(request).values("pk"))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request) or bool(own_collaboration_ids(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None or is_superuser(request):
            return self.has_module_permission(request)
        return seatable_people(request).filter(pk=obj.pk).exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if is_superuser(request) else ("user",)
