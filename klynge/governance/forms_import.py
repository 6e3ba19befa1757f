"""The forms of importing seats from a file: the upload, and the confirmation of a preview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klynge.governance.imports import read_import_file
from klynge.governance.imports_read import EXTENSIONS, MAX_BYTES, MAX_ROWS


class ImportUploadForm(forms.Form):
    """A CSV or XLSX file, read into rows (``cleaned_data["rows"]``) when it is valid."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "A CSV file (UTF-8, separated by commas or semicolons) or an Excel workbook "
            "(.xlsx; its first sheet is read), with at most %(rows)d rows and %(size)d MB."
        ) % {"rows": MAX_ROWS, "size": MAX_BYTES // (1024 * 1024)}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(gettext("The file is larger than %(size)d MB.")
                                        % {"size": MAX_BYTES // (1024 * 1024)})
        content = upload.read(MAX_BYTES + 1)
        self.cleaned_data["rows"] = read_import_file(upload.name or "", content)
        return upload


class ImportConfirmForm(forms.Form):
    """The token of the preview being confirmed (a stale or altered one is refused)."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=100)

