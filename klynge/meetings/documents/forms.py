"""The form of the feeds page: a new calendar feed, of one body or of one's own meetings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.meetings.documents.access import feed_bodies


class BodyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.owner.name})"


class FeedForm(forms.Form):
    body = BodyChoice(
        label=_("Meetings of"), queryset=None, required=False,
        empty_label=_("the bodies I sit in (my meetings)"),
        help_text=_("A feed of one body shows its meetings; a feed of your own meetings "
                    "shows those of every body you sit in."),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["body"]
        field.queryset = feed_bodies(user)

