"""The start page's filter form; works without JavaScript (GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.collaborations.models import Collaboration
from klynge.reference.models import Country


class CollaborationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all(),
                                     required=False, to_field_name="code",
                                     empty_label=_("All countries"))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *Collaboration.Kind.choices])

    def filter(self, collaborations: Any) -> Any:
        if not self.is_valid():
            return collaborations
        data = self.cleaned_data
        if data["q"]:
            collaborations = collaborations.filter(name__icontains=data["q"])
        if data["country"]:
            collaborations = collaborations.filter(country=data["country"])
        if data["kind"]:
            collaborations = collaborations.filter(kind=data["kind"])
        return collaborations
