"""Forms only validate one request's input; rules across rows live in ``actions``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.attachments.forms import FilesField
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.forms import DateInput, person_label
from klynge.governance.models import Body, Person
from klynge.hearings.models import Hearing
from klynge.meetings.models import AgendaItem, MeetingRules, Response


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.file_number} {obj.title}"


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class MeetingRulesForm(forms.Form):
    minutes_approved_by = forms.ChoiceField(label=_("Minutes approved by"),
                                            choices=MeetingRules.Approval.choices,
                                            widget=forms.RadioSelect)
    substitutes_allowed = forms.BooleanField(label=_("Members may send a substitute"),
                                             required=False)


class ItemForm(forms.Form):
    case = CaseChoiceField(label=_("Case"), queryset=Case.objects.none(), required=False,
                           empty_label=_("(no case: a free-standing item)"))
    hearing = forms.ModelChoiceField(
        label=_("Hearing summary"), queryset=Hearing.objects.none(), required=False,
        empty_label=_("(none)"),
        help_text=_("A summarised hearing of the collaboration whose summary the item "
                    "presents."))
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("For an item about a case, the case's title if left "
                                        "empty."))
    description = forms.CharField(label=_("Presentation"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    proposal = forms.CharField(label=_("Proposed decision"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    closed = forms.BooleanField(label=_("Closed item"), required=False,
                                help_text=_("Published only by its number and general title."))
    closed_reason = forms.ChoiceField(label=_("Published as"), required=False,
                                      choices=[("", "—"), *AgendaItem.ClosedReason.choices])

    def __init__(self, *args: Any, cases: QuerySet[Case] | None = None,
                 hearings: QuerySet[Hearing] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if cases is None:
            del self.fields["case"]
        else:
            self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        if hearings is None:
            del self.fields["hearing"]
        else:
            self.fields["hearing"].queryset = hearings  # type: ignore[attr-defined]


class ItemEditForm(ItemForm):
    debate = forms.CharField(label=_("Debate"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))


class PapersForm(forms.Form):
    papers = FilesField(label=_("Papers"), required=True)


class ReviewForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Your answer"), coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("I approve the agenda")), ("no", _("The agenda should change"))])
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ResponseForm(forms.Form):
    answer = forms.ChoiceField(label=_("Will you attend?"), choices=Response.Answer.choices,
                               widget=forms.RadioSelect)
    substitute = PersonChoiceField(label=_("Substitute"), queryset=Person.objects.none(),
                                   required=False)

    def __init__(self, *args: Any, people: QuerySet[Person] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["substitute"]
            self.fields["answer"].choices = [  # type: ignore[attr-defined]
                c for c in Response.Answer.choices if c[0] != Response.Answer.SUBSTITUTE]
        else:
            self.fields["substitute"].queryset = people  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=AgendaItem.objects.none(),
                                  widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AgendaItem.Outcome.choices)
    wording = forms.CharField(label=_("Decision"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    forwarded_to = forms.ModelChoiceField(label=_("Forwarded to"), queryset=Body.objects.none(),
                                          required=False)

    def __init__(self, *args: Any, items: QuerySet[AgendaItem], bodies: QuerySet[Body],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
        self.fields["forwarded_to"].queryset = bodies  # type: ignore[attr-defined]


class MinutesNoteForm(forms.Form):
    note = forms.CharField(label=_("General minutes"), required=False,
                           widget=forms.Textarea(attrs={"rows": 5}))


class DissentForm(forms.Form):
    dissent = forms.CharField(label=_("Your dissent"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label=_("Present for this item"), required=False,
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = choices  # type: ignore[attr-defined]


class ConflictForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Member"), coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = choices  # type: ignore[attr-defined]


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("What is to be done"), max_length=200)
    owner = PersonChoiceField(label=_("Owner"), queryset=Person.objects.none())
    due_on = forms.DateField(label=_("Due"), widget=DateInput())
    description = forms.CharField(label=_("Details"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class ActionItemFilterForm(forms.Form):
    SHOW = [("open", _("open")), ("overdue", _("overdue")), ("done", _("done")),
            ("all", _("all"))]
    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)
    owner = forms.CharField(label=_("Owner's name"), max_length=100, required=False)
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none(),
                                  required=False, empty_label=_("(any body)"))

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class CouncilChoiceForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Goes to"), queryset=Collaboration.objects.none())

    def __init__(self, *args: Any, councils: list[Collaboration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Collaboration.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in councils]).order_by("name")
