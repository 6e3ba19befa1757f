"""The second factor's one form: a code from the app, or a recovery code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=24,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery "
                    "codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "spellcheck": "false", "autocapitalize": "off"}),
    )
