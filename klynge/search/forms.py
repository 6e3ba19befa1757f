from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.search.engine import MIN_LENGTH
from klynge.search.pages import kinds


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=True)
    kind = forms.ChoiceField(label=_("In"), required=False)
    page = forms.IntegerField(min_value=1, max_value=1000, required=False,
                              widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: forms.ChoiceField = self.fields["kind"]  # type: ignore[assignment]
        kind.choices = [("", _("everything")), *kinds()]

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if len(query.replace(" ", "")) < MIN_LENGTH:
            raise forms.ValidationError(
                _("Search for at least %(count)d letters.") % {"count": MIN_LENGTH})
        return query
