"""The vocabulary page's forms: a new term, and a term's names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.vocabulary.models import Term


class NamesForm(forms.Form):
    """A term's name in each language; at least one (the action checks it)."""

    name_da = forms.CharField(label=_("Name in Danish"), max_length=120, required=False)
    name_nb = forms.CharField(label=_("Name in Bokmål"), max_length=120, required=False)
    name_nn = forms.CharField(label=_("Name in Nynorsk"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=120, required=False)


class NewTermForm(NamesForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Term.Kind.choices)

    field_order = ["kind", "name_da", "name_nb", "name_nn", "name_en"]
