"""The ledger's form: who was involved, on which step, when, what they said, the feedback."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.governance.models import Body
from klynge.involvement.models import Step
from klynge.vocabulary.models import Term

STEP_HELP = _("Informed: told of the case. Consulted: asked, and their views heard. "
              "Involved: took part in the work. Co-produced: shaped the result as equal "
              "partners. User-led: led the work themselves.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class InvolvementForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none(), required=False,
                                  empty_label=_("No body: named below"),
                                  help_text=_("The user panel, elder council, student panel "
                                              "or group that was involved."))
    others = forms.CharField(label=_("Others involved"), max_length=200, required=False,
                             help_text=_("Who else, in words: an event, a group of citizens. "
                                         "No names of private persons."))
    step = forms.ChoiceField(label=_("Step"), choices=Step.choices, help_text=STEP_HELP)
    happened_on = forms.DateField(label=_("When"), widget=DateInput())
    said = forms.CharField(label=_("What they said"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    feedback = forms.CharField(label=_("What was fed back to them"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("What came of their contribution, as told to "
                                           "them. Leave empty until it has been fed back."))
    fed_back_on = forms.DateField(label=_("Fed back on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class FollowedForm(forms.Form):
    """The themes and target groups a panel or elder council follows (the page draws the
    boxes by collaboration and kind)."""

    terms = forms.ModelMultipleChoiceField(label=_("Themes and target groups"),
                                           queryset=Term.objects.none(), required=False)

    def __init__(self, *args: Any, terms: list[Term], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["terms"].queryset = Term.objects.filter(  # type: ignore[attr-defined]
            pk__in=[term.pk for term in terms])
