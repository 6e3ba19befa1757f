"""The upload field every app's forms use: one or more files, checked before any is stored."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.attachments.checks import allowed_label, check_upload, max_size


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Zero or more files; each is checked (size, type, content) when the form is cleaned."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        super().__init__(*args, **kwargs)
        from django.template.defaultfilters import filesizeformat

        self.help_text = _("Up to %(size)s each. Types: %(types)s.") % {
            "size": filesizeformat(max_size()), "types": allowed_label()}
        self.widget.attrs.setdefault("accept", ",".join(
            f".{t.lower()}" for t in allowed_label().split(", ")))

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        errors: list[forms.ValidationError] = []
        for upload in files:
            try:
                check_upload(upload.name or "", upload.size or 0, upload)
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return list(files)
