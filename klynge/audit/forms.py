"""The audit page's filters; a GET form that works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.audit.models import AuditEntry


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150,
                           help_text=_("A username, or part of one."))
    object_type = forms.ChoiceField(label=_("Kind of object"), required=False)
    object_id = forms.CharField(label=_("Object number"), required=False, max_length=64)
    collaboration = forms.CharField(label=_("Collaboration code"), required=False,
                                    max_length=64)
    verb = forms.ChoiceField(label=_("Action"), required=False,
                             choices=[("", _("All actions")), *AuditEntry.Verb.choices])
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput(),
                            help_text=_("The last day, included."))

    def __init__(self, *args: Any, object_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [  # type: ignore[attr-defined]
            ("", _("All kinds")), *((t, t) for t in object_types)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date cannot be before the start date."))
        return data

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["user"]:
            entries = entries.filter(actor__username__icontains=data["user"].strip())
        if data["object_type"]:
            entries = entries.filter(object_type=data["object_type"])
        if data["object_id"]:
            entries = entries.filter(object_id=data["object_id"].strip())
        if data["collaboration"]:
            entries = entries.filter(collaboration_code=data["collaboration"].strip())
        if data["verb"]:
            entries = entries.filter(verb=data["verb"])
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(Q(at__date__lte=data["until"]))
        return entries
