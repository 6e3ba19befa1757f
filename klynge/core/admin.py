"""The admin base every app uses: administrators only, and every write through an action.

The Django admin is a second way into the data. It is kept for platform administrators (the
admin site lets in only those ``klynge.accounts.access`` allows), and it writes only through
the same ``do_*`` actions the pages use, with the same checks:

- :class:`AdministratorAdmin`: nobody but whom the admin site lets in sees or changes it; an
  object that does not exist answers 404; history (django-simple-history) with a reason.
- :class:`ActionAdmin`: adding, changing (the history's "revert" included), deleting one and
  deleting many each call a hook the app implements with its actions. The action's checks
  run when the form is validated, so a refusal is shown on the form; a refused delete is
  shown on the confirmation page as something that blocks it. Inline forms and editable
  lists are refused, because they would write around the hooks.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from klynge.core.models import Confidence
from klynge.core.writes import is_different

REASON_FIELD = "change_reason"
_BADGE_STYLE = {
    Confidence.CONFIRMED: "color: #1b5e20;",
    Confidence.REPORTED: "color: #8a5a00; font-weight: bold;",
    Confidence.UNCONFIRMED: "color: #fff; background: #b71c1c; padding: 1px 6px; "
                            "border-radius: 3px; font-weight: bold;",
}
_BADGE_MARK = {Confidence.CONFIRMED: "✓", Confidence.REPORTED: "~", Confidence.UNCONFIRMED: "⚠"}


class ReasonForm(forms.ModelForm):
    """A model form with a "reason for the change" that goes into the history and the audit."""

    change_reason = forms.CharField(
        label=_("Reason for the change"), required=False, max_length=100,
        help_text=_("Kept in the history with your name and the time, e.g. where the "
                    "corrected fact comes from."),
    )


@admin.display(description=_("confidence"), ordering="confidence")
def confidence_badge(obj: Any) -> SafeString:
    """The confidence, coloured; unconfirmed facts stand out in a list."""
    value = Confidence(obj.confidence)
    return format_html('<span style="{}" title="{}">{} {}</span>', _BADGE_STYLE[value],
                       obj.source or "", _BADGE_MARK[value], value.label)


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put ``error`` on ``form``: by field where the form has the field, else on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


def model_data(form: forms.BaseForm, model: type[models.Model]) -> dict[str, Any]:
    """The cleaned values of the form's fields that are fields of ``model``."""
    names = {field.name for field in model._meta.concrete_fields}
    return {name: value for name, value in form.cleaned_data.items() if name in names}


class AdministratorAdmin(SimpleHistoryAdmin):
    """Only whom the admin site lets in; 404 for what does not exist; history with a reason."""

    form = ReasonForm

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(self.admin_site.has_permission(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def get_object(self, request: HttpRequest, object_id: str,
                   from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str,
                          extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Reverting is a change of an object that exists; a deleted one is not recreated."""
        self.get_object(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(AdministratorAdmin):
    """Looked at, never written, in the admin: for models whose only writers are their
    app's actions and that keep their own history (a case's events, an outbox's records).
    Every field is read-only; the history page is Django's (the audit trail's entries), as
    these models have no django-simple-history versions."""

    object_history_template = None
    change_form_template = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict[str, Any] | None = None) -> HttpResponse:
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)


class ActionAdmin(AdministratorAdmin):
    """Writes through the app's actions. Subclasses implement the four hooks below."""

    def __init__(self, model: type[models.Model], admin_site: Any) -> None:
        super().__init__(model, admin_site)
        if self.inlines or self.list_editable:
            raise ImproperlyConfigured(
                f"{type(self).__name__}: inlines and list_editable would write around the actions"
            )

    # The hooks -----------------------------------------------------------------------------
    def check_object(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> None:
        """The action's checks on ``data`` for a new object (``obj`` None) or a changed one."""

    def create_object(self, request: HttpRequest, data: dict[str, Any], reason: str) -> Any:
        raise NotImplementedError

    def update_object(self, request: HttpRequest, obj: Any, changes: dict[str, Any],
                      reason: str) -> Any:
        raise NotImplementedError

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    def refuse_delete(self, obj: Any) -> str | None:
        """Why ``obj`` may not be deleted, or None."""
        return None

    # Wiring --------------------------------------------------------------------------------
    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin, model = self, self.model
        original = obj

        class CheckedForm(base):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                data: dict[str, Any] = super().clean()
                if not self.errors:
                    try:
                        model_admin.check_object(request, original, model_data(self, model))
                    except ValidationError as error:
                        add_errors(self, error)
                return data

        return CheckedForm

    def save_model(self, request: HttpRequest, obj: Any, form: forms.ModelForm,
                   change: bool) -> None:
        reason = (form.cleaned_data.get(REASON_FIELD) or "").strip()
        data = model_data(form, self.model)
        if change:
            current = self.model._default_manager.get(pk=obj.pk)
            changes = {name: value for name, value in data.items()
                       if is_different(current, name, value)}
            saved = self.update_object(request, current, changes, reason) if changes else current
        else:
            saved = self.create_object(request, data, reason)
        obj.pk = saved.pk
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Nothing to save: the actions saved the object, and there are no inlines."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_object(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_object(request, obj)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [reason for reason in (self.refuse_delete(obj) for obj in objs) if reason]
        return deleted, counts, perms_needed, [*protected, *refusals]
