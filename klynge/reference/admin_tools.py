"""What every Klynge admin page shares: history, a reason for the change, the audit trail.

- :class:`AuditMixin`: an audit entry for every save and delete.
- :class:`AuditedHistoryAdmin`: django-simple-history's admin (each save keeps the earlier
  version with who and when), an optional "reason for the change" kept in the history,
  and an :class:`~klynge.audit.models.AuditEntry` for every save and delete;
  an object outside the user's queryset is answered with 404.
- :class:`SuperuserOnlyAdmin`: only platform administrators see or change it.
- :func:`confidence_badge`: the confidence column, with unconfirmed facts marked.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry
from klynge.reference.models import Confidence

REASON_FIELD = "change_reason"
_BADGE_STYLE = {
    Confidence.CONFIRMED: "color: #1b5e20;",
    Confidence.REPORTED: "color: #8a5a00; font-weight: bold;",
    Confidence.UNCONFIRMED: "color: #fff; background: #b71c1c; padding: 1px 6px; "
                            "border-radius: 3px; font-weight: bold;",
}
_BADGE_MARK = {Confidence.CONFIRMED: "✓", Confidence.REPORTED: "~", Confidence.UNCONFIRMED: "⚠"}


class CorrectionForm(forms.ModelForm):
    """A model form with a "reason for the change" that goes into the history."""

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


class AuditMixin(admin.ModelAdmin):
    """An audit entry for every save and delete; 404 for an object outside the queryset."""

    def get_object(self, request: HttpRequest, object_id: str,
                   from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:  # missing or not the user's: never reveal which
            raise Http404
        return obj

    def audit_collaboration_code(self, obj: models.Model) -> str:
        """The collaboration an audit entry belongs to; none by default."""
        return ""

    def save_model(self, request: HttpRequest, obj: Any, form: forms.ModelForm,
                   change: bool) -> None:
        reason = (form.cleaned_data.get(REASON_FIELD) or "").strip() if form else ""
        if reason:
            obj._change_reason = reason
        old = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        changes = _changes(old, obj, form)
        if reason:
            changes["reason"] = reason
        verb = AuditEntry.Verb.UPDATE if change else AuditEntry.Verb.CREATE
        record(request.user, verb, obj, changes=changes,
               collaboration_code=self.audit_collaboration_code(obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record(request.user, AuditEntry.Verb.DELETE, obj,
               collaboration_code=self.audit_collaboration_code(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            record(request.user, AuditEntry.Verb.DELETE, obj,
                   collaboration_code=self.audit_collaboration_code(obj))
        super().delete_queryset(request, queryset)


class AuditedHistoryAdmin(AuditMixin, SimpleHistoryAdmin):
    """History with who, when and why, on top of :class:`AuditMixin`."""

    form = CorrectionForm

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict[str, Any] | None = None) -> HttpResponse:
        self._hide_foreign(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str,
                          extra_context: dict[str, Any] | None = None) -> HttpResponse:
        self._hide_foreign(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _hide_foreign(self, request: HttpRequest, object_id: str) -> None:
        """404 for the history of an object outside a non-administrator's queryset.
        (Administrators may still read the history of a deleted object.)"""
        if not request.user.is_superuser:
            self.get_object(request, unquote(object_id))


def _changes(old: models.Model | None, new: models.Model,
             form: forms.ModelForm | None) -> dict[str, Any]:
    """``{field: "old → new"}`` for the model fields the form changed."""
    if form is None:
        return {}
    names = {f.name for f in new._meta.concrete_fields}
    changes: dict[str, Any] = {}
    for name in form.changed_data:
        if name not in names:
            continue
        after = getattr(new, name)
        changes[name] = f"{getattr(old, name)} → {after}" if old is not None else str(after)
    return changes


class SuperuserOnlyAdmin(AuditedHistoryAdmin):
    """Only platform administrators see or change these."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request)


def is_superuser(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)
