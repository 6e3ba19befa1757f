"""The volunteering admin: platform administrators only.

Programmes, volunteers and certificates are written through ``klynge.volunteering.actions``
(until the pages come, this is where programmes are set up), and so are partners' API
tokens for the FHIR intake (issued here, the secret shown once; deleting one revokes it).
Referrals, bookings, matches and contacts are looked at only, and without the patient's
data: nobody but the referrer, the programme's coordinators and the matched volunteer sees
that (``access``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from klynge.core.admin import REASON_FIELD, ActionAdmin, ReadOnlyAdmin, model_data
from klynge.core.writes import is_different
from klynge.volunteering import actions
from klynge.volunteering.models import (
    ApiToken,
    Booking,
    Certificate,
    Contact,
    Match,
    Programme,
    Referral,
    VolunteerProfile,
)

_MANY_ATTRIBUTE = "_volunteering_many"


class ManyToManyActionAdmin(ActionAdmin):
    """An action admin whose actions also take many-to-many fields (``many``): the form's
    chosen objects reach the checks and the actions with the other fields."""

    many: tuple[str, ...] = ()

    def form_data(self, request: HttpRequest, form: forms.BaseForm) -> dict[str, Any]:
        data = model_data(form, self.model)
        data.update({name: list(form.cleaned_data[name]) for name in self.many
                     if name in form.cleaned_data})
        return data

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)
        many = self.many

        class ManyForm(base):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                setattr(request, _MANY_ATTRIBUTE, {
                    name: list(self.cleaned_data[name]) for name in many
                    if name in self.cleaned_data})
                data: dict[str, Any] = super().clean()
                return data

        return ManyForm

    def with_many(self, request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` with the many-to-many fields of the form being checked."""
        return data | getattr(request, _MANY_ATTRIBUTE, {})

    def save_model(self, request: HttpRequest, obj: Any, form: forms.ModelForm,
                   change: bool) -> None:
        reason = (form.cleaned_data.get(REASON_FIELD) or "").strip()
        data = self.form_data(request, form)
        if change:
            current = self.model._default_manager.get(pk=obj.pk)
            changes = {name: value for name, value in data.items()
                       if name in self.many or is_different(current, name, value)}
            saved = self.update_object(request, current, changes, reason)
        else:
            saved = self.create_object(request, data, reason)
        obj.pk = saved.pk
        obj._state.adding = False


@admin.register(Programme)
class ProgrammeAdmin(ManyToManyActionAdmin):
    many = ("areas", "referring_organisations")
    list_display = ["name", "kind", "organisation", "collaboration", "places", "rooms",
                    "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation", "collaboration"]
    autocomplete_fields = ["organisation", "referring_organisations"]
    filter_horizontal = ["areas"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("organisation", "collaboration") if obj is not None else ()

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        actions.check_programme(self.with_many(request, data), obj)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        return actions.do_create_programme(request.user, **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        return actions.do_update_programme(request.user, obj, reason, **changes)

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        actions.do_delete_programme(request.user, obj)

    def refuse_delete(self, obj: Any) -> str | None:
        return actions.refuse_delete_programme(obj)


class WithoutHistoryAdmin(ManyToManyActionAdmin):
    """For models without django-simple-history versions: Django's history page (the audit
    trail's entries), and nothing to revert to."""

    object_history_template = None

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict[str, Any] | None = None) -> HttpResponse:
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str,
                          extra_context: dict[str, Any] | None = None) -> HttpResponse:
        raise Http404


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(WithoutHistoryAdmin):
    many = ("areas",)
    list_display = ["person", "programme", "max_load", "active"]
    list_filter = ["active", "programme"]
    search_fields = ["person__name", "programme__name"]
    list_select_related = ["person", "programme"]
    autocomplete_fields = ["person"]
    filter_horizontal = ["areas"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("person", "programme") if obj is not None else ()

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        values = {k: v for k, v in self.with_many(request, data).items()
                  if k in actions.VOLUNTEER_FIELDS}
        if obj is None and data.get("programme") and data.get("person"):
            actions.check_new_volunteer(data["programme"], data["person"])
        actions.check_volunteer(values if obj is not None else {"languages": [], **values})

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        programme, person = data.pop("programme"), data.pop("person")
        return actions.do_add_volunteer(request.user, programme, person, **data)

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        values = {k: v for k, v in changes.items() if k in actions.VOLUNTEER_FIELDS}
        return actions.do_update_volunteer(request.user, obj, **values)

    def refuse_delete(self, obj: Any) -> str | None:
        return _("A volunteer is made inactive, not deleted.")

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionDenied


@admin.register(Certificate)
class CertificateAdmin(WithoutHistoryAdmin):
    list_display = ["volunteer", "kind", "course_name", "issued", "expires", "reminded_at"]
    list_filter = ["kind"]
    list_select_related = ["volunteer__person"]
    raw_id_fields = ["volunteer"]
    exclude = ["reminded_at", "added_by"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and self._allowed(request)  # recorded, or removed; not changed

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        actions.check_certificate(data)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        volunteer = data.pop("volunteer")
        return actions.do_add_certificate(request.user, volunteer, **data)

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        actions.do_delete_certificate(request.user, obj)


class WithoutPatientDataAdmin(ReadOnlyAdmin):
    """Read only, and without the fields in ``exclude`` (the patient's data)."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        hidden = set(self.exclude or ())
        return [name for name in super().get_readonly_fields(request, obj)
                if name not in hidden]


@admin.register(Referral)
class ReferralAdmin(WithoutPatientDataAdmin):
    list_display = ["pk", "programme", "organisation", "state", "outcome", "urgency",
                    "submitted_at", "closed_at", "anonymised_at"]
    list_filter = ["state", "outcome", "programme"]
    list_select_related = ["programme", "organisation"]
    exclude = [*Referral.PERSONAL_FIELDS]


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["pk", "referral", "room", "starts_on", "ends_on", "cancelled_at"]
    list_select_related = ["referral"]


@admin.register(Match)
class MatchAdmin(ReadOnlyAdmin):
    list_display = ["pk", "referral", "volunteer", "state", "matched_at", "ended_at"]
    list_select_related = ["referral", "volunteer"]


@admin.register(Contact)
class ContactAdmin(WithoutPatientDataAdmin):
    list_display = ["pk", "match", "day", "kind", "minutes"]
    exclude = ["note"]


@admin.register(ApiToken)
class ApiTokenAdmin(WithoutHistoryAdmin):
    """Issue a token (its secret is shown once, in a message) and revoke it ("delete": the
    row stays, revoked, for the audit trail); a token is never changed."""

    list_display = ["label", "organisation", "created_at", "created_by", "last_used_at",
                    "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["label", "organisation__name"]
    list_select_related = ["organisation", "created_by"]
    autocomplete_fields = ["organisation"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and self._allowed(request)

    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        actions.check_api_token(data)

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        token, secret = actions.do_issue_api_token(
            request.user, organisation=data["organisation"], label=data["label"])
        messages.warning(request, _(
            "Copy the token for %(label)s now: it is not shown again, and Klynge keeps only a "
            "hash of it. The token: %(secret)s") % {"label": token.label, "secret": secret})
        return token

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        actions.do_revoke_api_token(request.user, obj)

    def refuse_delete(self, obj: Any) -> str | None:
        return _("This token is already revoked.") if obj.revoked_at is not None else None
