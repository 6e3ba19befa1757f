"""The participation app's forms: a citizen's contribution and hearing answer (with the
honeypot), moderation, workshops, ideas, the ballot, and the public page's settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.cases.models import Case
from klynge.involvement.models import Step
from klynge.meetings.forms import DateTimeInput
from klynge.participation.models import Contribution, Event, Idea, Workshop
from klynge.vocabulary.models import Term

CONSENT_LABEL = _("I agree that the collaboration may use what I write in its work on "
                  "health services.")
CONSENT_REQUIRED = _("We can only receive your contribution with your consent to our "
                     "using it.")


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class HoneypotForm(forms.Form):
    """A citizen's form with the honeypot: hidden from people (and screen readers); bots
    fill in every field (``views.public.refusal`` refuses a submission that has it)."""

    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))


class TellerFields(HoneypotForm):
    """What every citizen's form asks of the teller."""

    name = forms.CharField(label=_("Your name"), max_length=120, required=False,
                           help_text=_("Leave it empty, or tick “anonymous”, to be "
                                       "anonymous."))
    contact = forms.CharField(label=_("E-mail or phone (not shown)"), max_length=200,
                              required=False,
                              help_text=_("Only if you want to hear what came of it."))
    anonymous = forms.BooleanField(label=_("Anonymous: do not keep my name"), required=False)
    show_publicly = forms.BooleanField(
        label=_("You may show it on the public page (with my name unless I am anonymous)"),
        required=False)
    consent = forms.BooleanField(label=CONSENT_LABEL,
                                 error_messages={"required": CONSENT_REQUIRED})


class ContributionForm(TellerFields):
    kind = forms.ChoiceField(label=_("What do you send?"), widget=forms.RadioSelect,
                             choices=[(Contribution.Kind.STORY, _("A story: something you "
                                                                  "experienced")),
                                      (Contribution.Kind.IDEA, _("An idea: something that "
                                                                 "could be better"))],
                             initial=Contribution.Kind.STORY)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    text = forms.CharField(label=_("Your story or idea"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": _("Write your story or idea.")})
    theme = TermChoiceField(label=_("Theme"), queryset=Term.objects.none(), required=False,
                            empty_label=_("I don't know"))
    workshop = forms.ModelChoiceField(label=_("For the workshop"), required=False,
                                      queryset=Workshop.objects.none(),
                                      empty_label=_("No particular workshop"))
    code = forms.CharField(label=_("Personal workshop code"), max_length=20, required=False,
                           help_text=_("If you were invited to a workshop."))
    field_order = ["kind", "title", "text", "theme", "workshop", "code", "name", "contact",
                   "anonymous", "show_publicly", "consent", "website"]

    def __init__(self, *args: Any, themes: QuerySet[Term], workshops: QuerySet[Workshop],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
        self.fields["workshop"].queryset = workshops  # type: ignore[attr-defined]
        if not workshops.exists():
            del self.fields["workshop"]


class AnswerForm(TellerFields):
    text = forms.CharField(label=_("Your answer"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": _("Write your answer.")})
    field_order = ["text", "name", "contact", "anonymous", "show_publicly", "consent",
                   "website"]


class ModerationForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", _("Approve")), ("no", _("Reject"))])
    theme = TermChoiceField(label=_("Theme"), queryset=Term.objects.none(), required=False,
                            empty_label=_("As it is"))
    reason = forms.CharField(label=_("Reason (for the secretariat only)"), max_length=300,
                             required=False)

    def __init__(self, *args: Any, themes: QuerySet[Term], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = TermChoiceField(label=_("Theme"), queryset=Term.objects.none(), required=False,
                            empty_label=_("No single theme"))
    starts_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    dots = forms.IntegerField(label=_("Dots per participant"), min_value=1, max_value=20,
                              initial=5)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, themes: QuerySet[Term], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    names = forms.CharField(label=_("Names, one per line"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))
    unnamed = forms.IntegerField(label=_("Codes without a name"), min_value=0,
                                 max_value=200, initial=0, required=False)


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    theme = TermChoiceField(label=_("Theme"), queryset=Term.objects.none(), required=False,
                            empty_label=_("The workshop's theme"))
    stories = forms.ModelMultipleChoiceField(label=_("The stories behind it"), required=False,
                                             queryset=Contribution.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, themes: QuerySet[Term],
                 stories: QuerySet[Contribution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
        self.fields["stories"].queryset = stories  # type: ignore[attr-defined]
        self.fields["stories"].label_from_instance = (  # type: ignore[attr-defined]
            lambda story: story.title or story.text[:80])


class BallotForm(forms.Form):
    """A number of dots for each idea."""

    def __init__(self, *args: Any, ideas: list[Idea], dots: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for idea in ideas:
            self.fields[f"idea_{idea.pk}"] = forms.IntegerField(
                label=idea.title, min_value=0, max_value=dots, initial=0, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def allocation(self) -> dict[int, int]:
        return {int(name.removeprefix("idea_")): value or 0
                for name, value in self.cleaned_data.items()}


class MakeCasesForm(forms.Form):
    ideas = forms.ModelMultipleChoiceField(label=_("Ideas that become cases"),
                                           queryset=Idea.objects.none(),
                                           widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": _(
                                               "Choose the ideas that become cases.")})

    def __init__(self, *args: Any, ideas: QuerySet[Idea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ideas"].queryset = ideas  # type: ignore[attr-defined]


class PublicPageForm(forms.Form):
    introduction = forms.CharField(label=_("Introduction"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    accepts_contributions = forms.BooleanField(label=_("Accept stories, ideas and answers"),
                                               required=False)
    retention_days = forms.IntegerField(
        label=_("Retention period (days)"), min_value=30, max_value=3650,
        help_text=_("After this many days the names and contact details of tellers and "
                    "workshop participants are removed."))


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)
    cases = forms.ModelMultipleChoiceField(label=_("Cases it concerns"), required=False,
                                           queryset=Case.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases  # type: ignore[attr-defined]
        self.fields["cases"].label_from_instance = (  # type: ignore[attr-defined]
            lambda case: f"{case.file_number} {case.title}")


class RegistrationForm(HoneypotForm):
    name = forms.CharField(label=_("Your name"), max_length=120,
                           error_messages={"required": _("Give your name.")})
    contact = forms.CharField(label=_("E-mail or phone"), max_length=200,
                              error_messages={"required": _(
                                  "Give an e-mail address or a phone number, so we can "
                                  "reach you about the event.")})
    needs = forms.CharField(label=_("Anything we should know (access, diet)"),
                            max_length=300, required=False)
    field_order = ["name", "contact", "needs", "consent", "website"]
    consent = forms.BooleanField(
        label=_("I agree that my name and contact are kept until the event and used only "
                "for it."),
        error_messages={"required": _("We can only register you with your consent to our "
                                      "keeping your name and contact until the event.")})


class EventInvolvementForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=Step.choices, initial=Step.INVOLVED)
    said = forms.CharField(label=_("What they said"), widget=forms.Textarea(attrs={"rows": 4}),
                           required=False)
