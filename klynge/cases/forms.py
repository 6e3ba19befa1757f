"""The case pages' forms; they validate one request's input, the actions check the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.attachments.forms import FilesField
from klynge.cases.models import OPEN_STATES, Case, State
from klynge.cases.states import Transition
from klynge.governance.models import Body
from klynge.vocabulary.models import Term

SEARCH_MAX_LENGTH = 100
YOURSELF = ""


class TermChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class CaseForm(forms.Form):
    """The text and tags of a case; a new case also says who submits it, with files."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(
        attrs={"rows": 6}))
    request = forms.CharField(label=_("What is asked for"), widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("What should the collaboration do or decide?"))
    target_groups = TermChoiceField(label=_("Target groups"), required=False,
                                    queryset=Term.objects.none())
    themes = TermChoiceField(label=_("Themes"), required=False, queryset=Term.objects.none())

    def __init__(self, *args: Any, terms: QuerySet[Term], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = terms.target_groups()  # type: ignore[attr-defined]
        self.fields["themes"].queryset = terms.themes()  # type: ignore[attr-defined]


class NewCaseForm(CaseForm):
    submit_as = forms.ChoiceField(label=_("Submit as"), required=False)
    attachments = FilesField()

    def __init__(self, *args: Any, bodies: QuerySet[Body], as_self: bool,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies = {str(body.pk): body for body in bodies}
        choices: list[tuple[str, Any]] = [(YOURSELF, _("Yourself"))] if as_self else []
        choices += [(pk, body.name) for pk, body in self.bodies.items()]
        field = self.fields["submit_as"]
        field.choices = choices  # type: ignore[attr-defined]
        field.required = not as_self
        field.help_text = _("Yourself, or a panel or council you sit in.")

    def clean_submit_as(self) -> Body | None:
        value = self.cleaned_data.get("submit_as") or YOURSELF
        return None if value == YOURSELF else self.bodies[value]


class FilesForm(forms.Form):
    attachments = FilesField(required=True)


def body_choices(bodies: list[Body], first: Body | None) -> list[tuple[Any, str]]:
    """The bodies, the one to offer first (the current body's parent: up the hierarchy)
    at the top."""
    ordered = sorted(bodies, key=lambda body: (first is None or body.pk != first.pk,
                                               body.name))
    return [("", "---------"), *((body.pk, f"{body.name} ({body.kind_label})")
                                 for body in ordered)]


class StepForm(forms.Form):
    """One transition's input: the body it goes to, the reason, a recommendation's text."""

    to_body = forms.TypedChoiceField(label=_("To the body"), coerce=int, required=True)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, step: Transition, bodies: list[Body],
                 first: Body | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", step.name)
        super().__init__(*args, **kwargs)
        self.step = step
        self.bodies = {body.pk: body for body in bodies}
        if step.needs_body:
            field = self.fields["to_body"]
            field.choices = body_choices(bodies, first)  # type: ignore[attr-defined]
            field.required = step.name != "reopen"
            if first is not None and step.name == "route":
                field.help_text = _("%(body)s, which the case's body reports to, comes first.") % {
                    "body": first.name}
        else:
            del self.fields["to_body"]
        if step.name == "recommend":
            del self.fields["reason"]
            return
        del self.fields["text"]
        self.fields["reason"].required = step.reason_required
        if step.reason_required:
            self.fields["reason"].help_text = _("Required. The submitter sees it.")

    def clean_to_body(self) -> Body | None:
        value = self.cleaned_data.get("to_body")
        if value in (None, ""):
            return None
        body = self.bodies.get(int(value))
        if body is None:
            raise forms.ValidationError(_("Choose one of the bodies offered."))
        return body


class ConfidentialForm(forms.Form):
    confidential = forms.BooleanField(label=_("Confidential"), required=False, help_text=_(
        "Only the secretariat, the submitter and the bodies it has been with can see it."))
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class CaseFilterForm(forms.Form):
    """The case list's filters; a GET form that works without JavaScript."""

    q = forms.CharField(label=_("Title contains"), required=False, max_length=SEARCH_MAX_LENGTH)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states")), ("open", _("All open")),
                                       *State.choices])
    body = forms.TypedChoiceField(label=_("With the body"), required=False, coerce=int,
                                  empty_value=None)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int,
                                   empty_value=None)
    target_group = forms.TypedChoiceField(label=_("Target group"), required=False, coerce=int,
                                          empty_value=None)

    def __init__(self, *args: Any, bodies: list[Body], terms: list[Term],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [  # type: ignore[attr-defined]
            ("", _("All bodies")), *((b.pk, b.name) for b in bodies)]
        self.fields["theme"].choices = [  # type: ignore[attr-defined]
            ("", _("All themes")),
            *((t.pk, t.label) for t in terms if t.kind == Term.Kind.THEME)]
        self.fields["target_group"].choices = [  # type: ignore[attr-defined]
            ("", _("All target groups")),
            *((t.pk, t.label) for t in terms if t.kind == Term.Kind.TARGET_GROUP)]

    def filter(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        if not self.is_bound:
            return cases
        if not self.is_valid():
            return cases.none()
        data = self.cleaned_data
        if data["q"].strip():
            cases = cases.filter(title__icontains=data["q"].strip())
        if data["state"] == "open":
            cases = cases.filter(state__in=OPEN_STATES)
        elif data["state"]:
            cases = cases.filter(state=data["state"])
        if data["body"]:
            cases = cases.filter(current_body_id=data["body"])
        if data["theme"]:
            cases = cases.filter(themes=data["theme"])
        if data["target_group"]:
            cases = cases.filter(target_groups=data["target_group"])
        return cases
