"""The admin of bodies, seats, people, participations and role grants.

Platform administrators only (the admin site, ``klynge.accounts.access``); secretariats work in
the pages. Every add, change, history revert, delete and bulk delete goes through the same
``klynge.governance.actions`` the pages use, with the same checks.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from klynge.core.admin import ActionAdmin, confidence_badge
from klynge.governance import actions as gov
from klynge.governance.models import Body, Participation, Person, RoleGrant, Seat


@admin.register(Body)
class BodyAdmin(ActionAdmin):
    list_display = ["name", "kind", "collaboration", "organisation", "parent", "confidential",
                    "valid_from", "valid_to", confidence_badge]
    list_filter = ["kind", "confidential", ("collaboration", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "collaboration__name", "organisation__name"]
    list_select_related = ["collaboration", "organisation", "parent"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("collaboration", "organisation") if obj is not None else ()

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        gov.check_body(data, obj)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        return gov.do_create_body(request.user, reason=reason, **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        return gov.do_update_body(request.user, obj, reason,
                                      **_only(changes, gov.BODY_FIELDS))

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        gov.do_delete_body(request.user, obj)

    def refuse_delete(self, obj: Any) -> str | None:
        return gov.refuse_delete_body(obj)


@admin.register(Seat)
class SeatAdmin(ActionAdmin):
    list_display = ["person", "body", "role", "capacity", "represents", "term_start", "term_end"]
    list_filter = ["role", "capacity", ("body__collaboration", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__name", "body__name", "represents__name"]
    list_select_related = ["person", "body__collaboration", "represents"]
    autocomplete_fields = ["person", "represents"]

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        gov.check_seat(data, obj)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        body = data.pop("body")
        person = data.pop("person", None)
        return gov.do_add_seat(request.user, body, person=person, vacant=person is None,
                                   reason=reason, **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        return gov.do_update_seat(request.user, obj, reason, **changes)

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        gov.do_delete_seat(request.user, obj)


@admin.register(Person)
class PersonAdmin(ActionAdmin):
    list_display = ["name", "title", "organisation", "email", "erased"]
    list_filter = ["erased"]
    search_fields = ["name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]
    exclude = ["erased"]
    actions = ["erase_selected"]

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        gov.check_person(data, obj)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        return gov.do_create_person(request.user, reason, **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        return gov.do_update_person(request.user, obj, reason, **changes)

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        gov.do_delete_person(request.user, obj)

    def refuse_delete(self, obj: Any) -> str | None:
        return gov.refuse_delete_person(obj)

    @admin.action(description=_("Erase the selected people (name, contact details, history)"))
    def erase_selected(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        people = list(queryset.filter(erased=False))
        for person in people:
            gov.do_erase_person(request.user, person)
        self.message_user(request, ngettext("%(count)d person was erased.",
                                            "%(count)d people were erased.", len(people))
                          % {"count": len(people)}, messages.SUCCESS)


@admin.register(Participation)
class ParticipationAdmin(ActionAdmin):
    list_display = ["body", "collaboration", "valid_from", "valid_to"]
    search_fields = ["body__name", "collaboration__name"]
    list_select_related = ["body", "collaboration"]

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        gov.check_participation(data, obj)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        return gov.do_add_participation(request.user, data.pop("body"),
                                            data.pop("collaboration"), reason=reason, **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        return gov.do_update_participation(request.user, obj, reason, **changes)

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        gov.do_delete_participation(request.user, obj)


@admin.register(RoleGrant)
class RoleGrantAdmin(ActionAdmin):
    list_display = ["person", "role", "scope", "collaboration", "organisation", "programme_id",
                    "valid_from", "valid_to", "granted_by"]
    list_filter = ["role", "scope"]
    search_fields = ["person__name", "collaboration__name", "organisation__name"]
    list_select_related = ["person", "collaboration", "organisation", "granted_by"]
    autocomplete_fields = ["person"]
    exclude = ["scope", "granted_by"]

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        gov.check_grant(data, obj)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        data["reason"] = data.get("reason") or reason
        return gov.do_grant_role(request.user, data.pop("person"), data.pop("role"), **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        return gov.do_update_grant(request.user, obj, reason, **changes)

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        gov.do_delete_grant(request.user, obj)


def _only(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if name in names}
