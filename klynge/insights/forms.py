from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from klynge.attachments.forms import MultipleFileInput
from klynge.insights.actions import MAX_PERSONS, MIN_PERSONS, available_folders
from klynge.insights.models import Run


class FolderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    folder = forms.ChoiceField(label=_("Folder"), help_text=_(
        "A folder of Parquet or CSV files (one per table of the input contract) under the "
        "data sets' folder on the server."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        folder: forms.ChoiceField = self.fields["folder"]  # type: ignore[assignment]
        folder.choices = [(name, name) for name in available_folders()]


class GenerateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    persons = forms.IntegerField(label=_("Persons"), min_value=MIN_PERSONS,
                                 max_value=MAX_PERSONS, initial=2000)
    seed = forms.IntegerField(label=_("Seed"), min_value=1, max_value=1_000_000, initial=1,
                              help_text=_("The same seed gives the same data set."))
    whole_country = forms.BooleanField(
        label=_("Persons in the whole country"), required=False,
        help_text=_("Otherwise they live in the collaboration's municipalities, so its "
                    "numbers are not mostly suppressed."))


class RunForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    engine = forms.ChoiceField(label=_("Engine"), choices=Run.Engine.choices,
                               initial=Run.Engine.DUCKDB)


class DataFilesField(forms.FileField):
    """The files of one data set: one per table of the input contract, all Parquet or all
    CSV, named by the table (``persons.parquet``), within the size limit; checked by their
    first bytes too, before anything is stored."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = list(data) if isinstance(data, list | tuple) else ([data] if data else [])
        if not files:
            raise forms.ValidationError(_("Choose the data set's files."), code="required")
        errors: list[Any] = [error for upload in files if (error := _refusal(upload))]
        suffixes = {Path(upload.name or "").suffix.lower() for upload in files}
        stems = [Path(upload.name or "").stem.lower() for upload in files]
        if not errors and len(suffixes) > 1:
            errors.append(_("A data set is all Parquet or all CSV, not both."))
        if not errors and len(set(stems)) < len(stems):
            errors.append(_("Each table may be uploaded once."))
        total = sum(upload.size or 0 for upload in files)
        if total > settings.KLYNGE_DATASET_UPLOAD_MAX:
            errors.append(_("The files come to %(size)s; at most %(limit)s may be uploaded.")
                          % {"size": filesizeformat(total),
                             "limit": filesizeformat(settings.KLYNGE_DATASET_UPLOAD_MAX)})
        if errors:
            raise forms.ValidationError(errors)
        return files


def _tables() -> list[str]:
    """The input contract's tables (imported when a file is checked: the engine's contract
    brings Ibis, which a web process need not load to start)."""
    from klynge.population.contract import TABLES

    return list(TABLES)


def _refusal(upload: Any) -> str | None:
    name = Path(upload.name or "")
    tables = _tables()
    if name.suffix.lower() not in (".parquet", ".csv") or name.stem.lower() not in tables:
        return _("%(file)s is not a file of the input contract: name each file by its table "
                 "(%(tables)s), ending in .parquet or .csv.") % {
            "file": name.name, "tables": ", ".join(tables)}
    head = upload.read(4)
    upload.seek(0)
    if name.suffix.lower() == ".parquet" and head != b"PAR1":
        return _("%(file)s is not a Parquet file.") % {"file": name.name}
    if name.suffix.lower() == ".csv" and b"\0" in head:
        return _("%(file)s is not a CSV file (it is not text).") % {"file": name.name}
    return None


class UploadForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    files = DataFilesField(label=_("Files"), help_text=_(  # type: ignore[assignment]
        "One file per table of the input contract (persons, residence, …), all Parquet or "
        "all CSV, named by the table. They are kept apart until validated, and deleted if "
        "they are not valid."))


class AttachForm(forms.Form):
    """Attach the population page's view (its indicator and breakdown) to a case, for the
    areas and years chosen. Only published results are attached."""

    case = forms.TypedChoiceField(label=_("Case"), coerce=int)
    areas = forms.MultipleChoiceField(label=_("Areas"), widget=forms.CheckboxSelectMultiple)
    years = forms.TypedMultipleChoiceField(label=_("Years"), coerce=int,
                                           widget=forms.CheckboxSelectMultiple)
    indicator = forms.CharField(widget=forms.HiddenInput, max_length=200)
    group_by = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, cases: list[Any], areas: list[Any], years: list[int],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area_names = {f"{area.level}:{area.code}": area.name for area in areas}
        case: forms.TypedChoiceField = self.fields["case"]  # type: ignore[assignment]
        case.choices = [(c.pk, f"{c.file_number} {c.title}") for c in cases]
        chosen: forms.MultipleChoiceField = self.fields["areas"]  # type: ignore[assignment]
        chosen.choices = list(self.area_names.items())
        years_field: forms.TypedMultipleChoiceField = self.fields["years"]  # type: ignore[assignment]
        years_field.choices = [(year, str(year)) for year in sorted(years, reverse=True)]

    def chosen_areas(self) -> list[tuple[str, str, str]]:
        """The chosen areas as (level, code, name), in the page's order."""
        picked = set(self.cleaned_data["areas"])
        return [(*key.split(":", 1), name) for key, name in self.area_names.items()  # type: ignore[misc]
                if key in picked]


MIN_AREAS, MAX_AREAS = 2, 5


class CompareForm(forms.Form):
    """The Compare page's choice (a GET form): one indicator of the latest run and two to
    five of its areas, grouped (the collaboration's own, other collaborations, their
    municipalities)."""

    indicator = forms.ChoiceField(label=_("Indicator"), error_messages={
        "required": _("Choose an indicator."),
        "invalid_choice": _("The latest run has no indicator “%(value)s” to compare: choose "
                            "one from the list.")})
    areas = forms.MultipleChoiceField(
        label=_("Areas"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose two to five."), error_messages={
            "required": _("Choose two to five areas to compare."),
            "invalid_choice": _("The latest run has no area “%(value)s”: choose the areas "
                                "from the list.")})

    def __init__(self, *args: Any, indicators: list[tuple[str, Any]],
                 areas: list[tuple[Any, list[tuple[str, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator: forms.ChoiceField = self.fields["indicator"]  # type: ignore[assignment]
        indicator.choices = indicators
        chosen: forms.MultipleChoiceField = self.fields["areas"]  # type: ignore[assignment]
        chosen.choices = areas

    def clean_areas(self) -> list[str]:
        areas: list[str] = list(dict.fromkeys(self.cleaned_data["areas"]))
        if not MIN_AREAS <= len(areas) <= MAX_AREAS:
            raise forms.ValidationError(
                _("Choose two to five areas to compare (%(count)d chosen)."),
                code="count", params={"count": len(areas)})
        return areas
