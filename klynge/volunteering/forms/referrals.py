"""The referral form, the coordinator's small forms (decline, close, book a room, the
assignment) and the volunteer's contact form."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from klynge.collaborations.models import Organisation
from klynge.reference.models import Municipality
from klynge.volunteering.models import (
    Contact,
    DiagnosisGroup,
    Gender,
    PartOfDay,
    Referral,
    SocialSituation,
)

# The languages offered first; any other ISO 639-1 code Django knows can be typed as well.
COMMON_LANGUAGES = ("da", "nb", "nn", "sv", "en", "de", "pl", "uk", "ro", "ar", "fa", "tr",
                    "ur", "so", "ti", "ku", "bs", "vi", "th", "es", "fr", "lt")


def language_choices() -> list[tuple[str, str]]:
    """The common languages by their name in the page's language (Django's own names)."""
    choices = []
    for code in COMMON_LANGUAGES:
        try:
            name = str(get_language_info(code)["name_translated"])
        except KeyError:
            name = code
        choices.append((code, f"{name} ({code})"))
    return sorted(choices, key=lambda item: item[1].lower())


def slot_choices() -> list[tuple[str, str]]:
    """The weekday mornings, afternoons and evenings, as stored (``0-morning``)."""
    return [(f"{day}-{part.value}", _("%(weekday)s, %(part)s") % {
        "weekday": WEEKDAYS[day], "part": part.label}) for day in range(7) for part in PartOfDay]


def phrases(value: str) -> list[str]:
    """Phrases separated by commas or semicolons (a skill may be two words)."""
    return [part.strip() for part in re.split(r"[,;]", value or "") if part.strip()]


class WordsField(forms.CharField):
    """Skills, traits or wishes separated by commas (``chess, walks``), as a list."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return phrases(super().to_python(value) or "")

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ReferralForm(forms.Form):
    """A patient referred to a programme, with their consent."""

    organisation = forms.ModelChoiceField(label=_("Referring organisation"),
                                          queryset=Organisation.objects.none(),
                                          empty_label=None)
    first_name = forms.CharField(label=_("The patient's first name"), max_length=60,
                                 help_text=_("First name only: no surname, no CPR number."))
    year_of_birth = forms.IntegerField(label=_("Year of birth"), min_value=1900)
    gender = forms.ChoiceField(label=_("Gender"), required=False,
                               choices=[("", _("not given")), *Gender.choices])
    area = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    needs = forms.CharField(label=_("What the patient needs"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("What the volunteer should know to help. No CPR "
                                        "number, no diagnoses beyond the group below."))
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=())
    other_languages = forms.MultipleChoiceField(label=_("Other languages the patient speaks"),
                                                required=False, choices=(),
                                                widget=forms.CheckboxSelectMultiple)
    availability = forms.MultipleChoiceField(
        label=_("When the patient can be seen"), required=False, choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if any time will do."))
    volunteer_gender = forms.ChoiceField(label=_("Volunteer of gender"), required=False,
                                         choices=[("", _("no wish")), *Gender.choices])
    wished_traits = WordsField(label=_("Wishes"), required=False,
                               help_text=_("Skills or interests that would help, separated "
                                           "by commas, e.g. chess, walks."))
    avoided_traits = WordsField(label=_("Must avoid"), required=False,
                                help_text=_("Separated by commas, e.g. dog (for an allergy)."))
    urgency = forms.TypedChoiceField(label=_("Urgency"), coerce=int,
                                     choices=Referral.Urgency.choices, initial=0)
    diagnosis_group = forms.ChoiceField(label=_("Diagnosis group"), required=False,
                                        choices=[("", _("not given")), *DiagnosisGroup.choices])
    social_situations = forms.MultipleChoiceField(label=_("Social situation"), required=False,
                                                  choices=SocialSituation.choices,
                                                  widget=forms.CheckboxSelectMultiple)
    consent = forms.BooleanField(
        label=_("The patient has consented to sharing this information with the programme"),
        required=False)
    consent_given_at = forms.DateTimeField(label=_("Consent given"), widget=DateTimeInput,
                                           required=False)
    consent_covers = forms.CharField(label=_("What the consent covers"), required=False,
                                     max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, organisations: QuerySet[Organisation],
                 areas: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        languages = language_choices()
        self.fields["preferred_language"].choices = languages  # type: ignore[attr-defined]
        self.fields["other_languages"].choices = languages  # type: ignore[attr-defined]
        self.fields["availability"].choices = slot_choices()  # type: ignore[attr-defined]
        self.fields["year_of_birth"].max_value = timezone.localdate().year  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("consent_given_at", timezone.localtime().replace(
                second=0, microsecond=0))

    def action_values(self) -> dict[str, Any]:
        """The cleaned data as ``actions.do_refer`` takes it (consent: None when not
        ticked, so the action refuses the referral and says why)."""
        data = dict(self.cleaned_data)
        data.pop("organisation")
        consented = data.pop("consent")
        preferred = data.pop("preferred_language")
        others = [code for code in data.pop("other_languages") if code != preferred]
        data["languages"] = [preferred, *others]
        if not consented:
            data["consent_given_at"] = None
        data["consent_covers"] = data["consent_covers"] or ""
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why the referral is declined"), max_length=300,
                             help_text=_("The referrer reads this."))


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        (value, label) for value, label in Referral.Outcome.choices
        if value != Referral.Outcome.CONSENT_WITHDRAWN])


class BookingForm(forms.Form):
    room = forms.IntegerField(label=pgettext_lazy("booking", "Room"), min_value=1)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)


class ContactForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput, initial=dt.date.today)
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=Contact.Kind.choices)
    minutes = forms.IntegerField(label=_("Minutes spent"), min_value=1, max_value=24 * 60)
    note = forms.CharField(label=_("Short note"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("No CPR number, nothing the programme does not need."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()
