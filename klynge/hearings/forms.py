"""One request's input for the hearing pages; the rules across rows are in ``actions``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.attachments.forms import FilesField
from klynge.attachments.models import Attachment
from klynge.collaborations.models import Organisation
from klynge.governance.models import Body, Person
from klynge.hearings.models import Party
from klynge.vocabulary.models import Term


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class TermChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class DeadlineField(forms.DateTimeField):
    widget = DateTimeInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Deadline for answers"))
        kwargs.setdefault("help_text", _("Date and time, Danish time (Europe/Copenhagen)."))
        super().__init__(**kwargs)


class HearingForm(forms.Form):
    """A draft's own fields."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is heard, and what the parties are asked to consider."))
    deadline = DeadlineField()
    themes = TermChoiceField(label=_("Themes"), queryset=Term.objects.none(), required=False,
                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, themes: QuerySet[Term], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]


class NewHearingForm(HearingForm):
    documents = FilesField(label=_("Documents heard"))


class DeadlineForm(forms.Form):
    deadline = DeadlineField(label=_("New deadline for answers"))


class FilesForm(forms.Form):
    documents = FilesField(label=_("Add documents"), required=True)


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("A partner organisation"), queryset=Organisation.objects.none(),
        required=False, empty_label=_("(none)"))
    body = forms.ModelChoiceField(
        label=_("or an elder council, user panel or student panel"),
        queryset=Body.objects.none(), required=False, empty_label=_("(none)"),
        help_text=_("A body's current members are named to answer for it; you can change "
                    "who."))

    def __init__(self, *args: Any, organisations: QuerySet[Organisation],
                 bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("organisation") is None) == (data.get("body") is None):
            raise forms.ValidationError(_("Choose one organisation or one body to invite."))
        return data


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class RespondentForm(forms.Form):
    party = PartyChoiceField(label=_("Answers for"), queryset=Party.objects.none())
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(),
        help_text=_("People who sit in the invited bodies, or work at or represent the "
                    "invited organisations."))

    def __init__(self, *args: Any, parties: QuerySet[Party], people: QuerySet[Person],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8}))
    attachments = FilesField(label=_("Attach files"))
    remove = forms.ModelMultipleChoiceField(
        label=_("Remove files"), queryset=Attachment.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, party: Party, files: QuerySet[Attachment] | None = None,
                 **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"answer-{party.pk}")
        super().__init__(*args, **kwargs)
        self.party = party
        if files is None:
            del self.fields["remove"]
        else:
            self.fields["remove"].queryset = files  # type: ignore[attr-defined]


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("What the collaboration does with the answer"),
                               widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, answer_pk: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"response-{answer_pk}")
        super().__init__(*args, **kwargs)


class SummaryForm(forms.Form):
    summary = forms.CharField(label=_("Overall summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 8}))
    final = forms.BooleanField(
        label=_("Mark the hearing summarised"), required=False,
        help_text=_("The summary becomes final and the respondents are told. Every answer "
                    "needs a response first."))
