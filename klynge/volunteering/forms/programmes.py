"""One request's input for the programme, volunteer and certificate pages; the actions check
the values (``check_programme``, ``check_volunteer``, ``check_certificate``)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.collaborations.models import Organisation
from klynge.governance.models import Body, Person
from klynge.reference.models import Municipality
from klynge.volunteering.forms.referrals import DateInput, WordsField, slot_choices
from klynge.volunteering.models import (
    Certificate,
    DiagnosisGroup,
    Gender,
    Programme,
    SocialSituation,
)

SEPARATORS = re.compile(r"[,;\s]+")
NOBODY = [("", _("(no preference)"))]


def words(value: str) -> list[str]:
    """Words separated by commas, semicolons or spaces, in the order given."""
    return [word for word in SEPARATORS.split(value or "") if word]


class PlaceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ProgrammeForm(forms.Form):
    """A programme's own fields (its organisation is chosen only when it is created)."""

    organisation = forms.ModelChoiceField(label=_("Organisation"),
                                          queryset=Organisation.objects.none())
    team = forms.ModelChoiceField(
        label=_("Programme team"), queryset=Body.objects.none(), required=False,
        empty_label=_("(none)"), help_text=_("The organisation's body where the coordinators "
                                            "sit."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Programme.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    purpose = forms.CharField(label=_("Purpose"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    volunteer_task = forms.CharField(label=_("What the volunteer does"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))
    duration_weeks = forms.IntegerField(label=_("For how long (weeks)"), required=False)
    min_age = forms.IntegerField(label=_("From age"), required=False)
    max_age = forms.IntegerField(label=_("Up to age"), required=False)
    areas = PlaceChoiceField(label=_("Municipalities"), queryset=Municipality.objects.none(),
                             required=False, widget=forms.CheckboxSelectMultiple,
                             help_text=_("None chosen: people living anywhere."))
    diagnosis_groups = forms.MultipleChoiceField(
        label=_("Diagnosis groups"), choices=DiagnosisGroup.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None chosen: any illness."))
    social_situations = forms.MultipleChoiceField(
        label=_("Social situations"), choices=SocialSituation.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None chosen: any situation."))
    languages = forms.CharField(
        label=_("Languages"), required=False,
        help_text=_("Language codes separated by commas, such as da, nb, ar. None: any "
                    "language."))
    places = forms.IntegerField(label=_("Open places"), required=False,
                                help_text=_("Leave empty for a recovery stay."))
    rooms = forms.IntegerField(label=_("Rooms"), required=False,
                               help_text=_("A recovery stay only."))
    max_stay_days = forms.IntegerField(label=_("Longest stay (days)"), required=False,
                                       help_text=_("A recovery stay only."))
    referring_organisations = PlaceChoiceField(
        label=_("Organisations that may refer"), queryset=Organisation.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The collaboration's partners."))
    referring_roles = forms.MultipleChoiceField(
        label=_("Who may refer"), choices=Programme.ReferringRole.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    required_certificates = forms.MultipleChoiceField(
        label=_("Certificates a volunteer must hold"), choices=Certificate.Kind.choices,
        required=False, widget=forms.CheckboxSelectMultiple)
    required_course = forms.CharField(
        label=_("Required course"), max_length=150, required=False,
        help_text=_("The name of the course, when a course is required and any course will "
                    "not do."))
    retention_days = forms.IntegerField(
        label=_("Retention period (days)"),
        help_text=_("How long after a referral closes the patient's data is kept: 30 to "
                    "3,650 days."))
    active = forms.BooleanField(label=_("Takes referrals"), required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation] | None,
                 teams: QuerySet[Body], areas: QuerySet[Municipality],
                 partners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]
        self.fields["referring_organisations"].queryset = partners  # type: ignore[attr-defined]

    def clean_languages(self) -> list[str]:
        return [word.lower() for word in words(self.cleaned_data.get("languages") or "")]


def programme_initial(programme: Programme) -> dict[str, Any]:
    """A programme's values as the form shows them."""
    names = [name for name in ProgrammeForm.base_fields if name != "organisation"]
    initial = {name: getattr(programme, name) for name in names}
    initial |= {"languages": ", ".join(programme.languages),
                "areas": list(programme.areas.all()),
                "referring_organisations": list(programme.referring_organisations.all())}
    return initial


class VolunteerForm(forms.Form):
    """A volunteer's profile."""

    areas = PlaceChoiceField(label=_("Municipalities they cover"),
                             queryset=Municipality.objects.none(), required=False,
                             widget=forms.CheckboxSelectMultiple)
    languages = forms.CharField(label=_("Languages"),
                                help_text=_("Language codes separated by commas, such as da, "
                                            "nb, ar."))
    skills = WordsField(label=_("Skills and traits"), required=False,
                        help_text=_("A few words each, separated by commas: chess, "
                                    "walks, dog."))
    availability = forms.MultipleChoiceField(
        label=_("Free in the week"), choices=slot_choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    gender = forms.ChoiceField(label=_("Gender"), choices=NOBODY + Gender.choices,
                               required=False)
    supports_gender = forms.ChoiceField(label=_("Prefers to support"),
                                        choices=NOBODY + Gender.choices, required=False)
    max_load = forms.IntegerField(label=_("Most people at a time"), initial=1)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, areas: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]

    def clean_languages(self) -> list[str]:
        return [word.lower() for word in words(self.cleaned_data.get("languages") or "")]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class NewVolunteerForm(VolunteerForm):
    person = PersonChoiceField(
        label=_("Person"), queryset=Person.objects.none(),
        help_text=_("People of the programme's organisation, and people granted the "
                    "volunteer role in the programme. Adding a person grants them the role "
                    "if they do not hold it."))
    field_order = ["person"]

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


def volunteer_initial(volunteer: Any) -> dict[str, Any]:
    return {"areas": list(volunteer.areas.all()), "languages": ", ".join(volunteer.languages),
            "skills": ", ".join(volunteer.skills), "availability": volunteer.availability,
            "gender": volunteer.gender, "supports_gender": volunteer.supports_gender,
            "max_load": volunteer.max_load, "note": volunteer.note, "active": volunteer.active}


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Certificate"), choices=Certificate.Kind.choices)
    course_name = forms.CharField(label=_("Course"), max_length=150, required=False,
                                  help_text=_("The course's name, for a course only."))
    issued = forms.DateField(label=_("Issued"), widget=DateInput)
    expires = forms.DateField(label=_("Expires"), widget=DateInput, required=False,
                              help_text=_("The first day it is no longer valid. Empty: it "
                                          "does not expire."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "certificate")
        super().__init__(*args, **kwargs)
