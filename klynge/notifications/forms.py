"""One request's input: the e-mail preference, and following or unfollowing a topic."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.notifications.access import FOLLOWABLE_HERE
from klynge.notifications.models import EmailDelivery, Topic


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label=_("E-mail me about my notifications"), choices=EmailDelivery.choices,
        widget=forms.RadioSelect,
        help_text=_("You always see your notifications in Klynge. The daily digest comes "
                    "once a morning with the notifications of the day before."),
    )


class TopicForm(forms.Form):
    """What to follow or unfollow: a kind of topic and its number."""

    topic = forms.ChoiceField(label=_("What to follow"), choices=Topic.choices)
    id = forms.IntegerField(label=_("Number"), min_value=1)
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)

    def __init__(self, *args: Any, followable_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if followable_only:
            field: Any = self.fields["topic"]
            field.choices = [(value, label) for value, label in Topic.choices
                                            if value in FOLLOWABLE_HERE]
            field.error_messages["invalid_choice"] = _(
                "Only a body or a theme can be followed here.")
