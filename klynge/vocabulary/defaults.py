"""The vocabulary a new collaboration starts with; its secretariat adds, renames and retires.

The names come from the translation catalogues, so each language has its own word; once
copied into a collaboration's terms, they are the collaboration's to change.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TARGET_GROUPS = {
    "frail-elderly": _("frail elderly"),
    "children-young-people": _("children and young people"),
    "mental-illness-addiction": _("mental illness and addiction"),
    "multiple-chronic": _("multiple chronic conditions"),
    "vulnerable-citizens": _("socially vulnerable citizens"),
}
THEMES = {
    "prevention": _("prevention and health promotion"),
    "rehabilitation": _("rehabilitation"),
    "transitions": _("transitions between sectors"),
    "general-practice": _("general practice"),
    "acute-care": _("acute care"),
    "digital": _("digital solutions and data"),
    "workforce": _("recruitment and workforce"),
    "user-involvement": _("user and relative involvement"),
}
