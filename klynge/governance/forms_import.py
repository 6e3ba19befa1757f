"""The forms of importing organisations and seats from a file: the upload, and the
confirmation of a preview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klynge.governance.imports import ORGANISATIONS, SEATS, read_import_file
from klynge.governance.imports_read import EXTENSIONS, MAX_BYTES, MAX_ROWS


class ImportUploadForm(forms.Form):
    """A CSV or XLSX file, read into rows by table (``cleaned_data["rows"]``:
    ``{"organisations": [...], "seats": [...]}``, each present if the file holds it) when it
    is valid. ``holds``: what a CSV file holds (a workbook says by its sheets' names)."""

    holds = forms.ChoiceField(
        label=_("A CSV file holds"), required=False, initial=SEATS,
        choices=[(SEATS, _("seats (one row per seat)")),
                 (ORGANISATIONS, _("organisations (one row per organisation)"))],
        widget=forms.RadioSelect,
        help_text=_("An Excel workbook may hold both, each in its own sheet: a sheet named "
                    "“organisations” and a sheet named “seats” (or its first other sheet)."),
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "A CSV file (UTF-8, separated by commas or semicolons) or an Excel workbook "
            "(.xlsx), with at most %(rows)d rows and %(size)d MB."
        ) % {"rows": MAX_ROWS, "size": MAX_BYTES // (1024 * 1024)}

    def clean_holds(self) -> str:
        return self.cleaned_data.get("holds") or SEATS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is None:
            return data
        if upload.size > MAX_BYTES:
            self.add_error("file", gettext("The file is larger than %(size)d MB.")
                           % {"size": MAX_BYTES // (1024 * 1024)})
            return data
        content = upload.read(MAX_BYTES + 1)
        try:
            data["rows"] = read_import_file(upload.name or "", content,
                                            data.get("holds") or SEATS)
        except forms.ValidationError as error:
            self.add_error("file", error)
        return data


class ImportConfirmForm(forms.Form):
    """The token of the preview being confirmed (a stale or altered one is refused)."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=100)
