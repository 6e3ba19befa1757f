"""Forms only validate one request's input; rules across rows live in ``actions``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.governance.models import Body, Collaboration, Organisation, Person, Seat


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateForm(forms.Form):
    """The ``?date=`` parameter of the collaboration and body pages."""

    date = forms.DateField(label=_("Show the structure on"), required=False, widget=DateInput())


PEOPLE_OFFERED = 50
SEARCH_MAX_LENGTH = 100


def person_label(person: Person) -> str:
    """A person as offered in a choice: the workplace tells namesakes apart."""
    if person.organisation is None:
        return person.name
    return f"{person.name} ({person.organisation.name})"


def group_people(people: list[Person]) -> list[tuple[Any, Any]]:
    """Choices for ``people``; those annotated ``in_collaboration`` (sitting in the body's
    collaboration) and the others under two headings when there are both."""
    here = [(p.pk, person_label(p)) for p in people if getattr(p, "in_collaboration", False)]
    elsewhere = [(p.pk, person_label(p)) for p in people
                 if not getattr(p, "in_collaboration", False)]
    if not here or not elsewhere:
        return here + elsewhere
    return [(_("In this collaboration"), here), (_("In other collaborations"), elsewhere)]


class AddSeatForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Existing person"), queryset=Person.objects.none(), required=False,
        empty_label=_("(a new person)"),
    )
    new_person_name = forms.CharField(
        label=_("or the name of a new person"), max_length=150, required=False,
    )
    represents = forms.ModelChoiceField(
        label=_("Represents"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("(no organisation)"),
    )
    constituency = forms.ChoiceField(
        label=_("Constituency"), choices=Seat.Constituency.choices, required=False,
    )
    role = forms.ChoiceField(label=_("Role"), choices=Seat.Role.choices,
                             initial=Seat.Role.MEMBER)
    capacity = forms.ChoiceField(label=_("Capacity"), choices=Seat.Capacity.choices,
                                 initial=Seat.Capacity.REPRESENTATIVE)
    term_start = forms.DateField(label=_("Term start"), widget=DateInput())
    term_end = forms.DateField(
        label=_("Term end"), required=False, widget=DateInput(),
        help_text=_("The last day of the term; leave empty if it is open."),
    )

    def __init__(self, *args: Any, people: QuerySet[Person], partners: QuerySet[Organisation],
                 search: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"term_start": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["represents"].queryset = partners  # type: ignore[attr-defined]
        self.search = search.strip()[:SEARCH_MAX_LENGTH]
        self._offer_people(people)

    def _offer_people(self, people: QuerySet[Person]) -> None:
        """Offer at most ``PEOPLE_OFFERED`` people matching the search.

        Validation still accepts anybody in ``people``: the list only narrows what is shown.
        """
        matching = people.filter(name__icontains=self.search) if self.search else people
        offered = list(matching.select_related("organisation")[:PEOPLE_OFFERED + 1])
        more = len(offered) > PEOPLE_OFFERED
        offered = offered[:PEOPLE_OFFERED]
        chosen = str(self["person"].value() or "") if self.is_bound else ""
        if chosen.isdigit() and int(chosen) not in {person.pk for person in offered}:
            offered += list(people.filter(pk=chosen).select_related("organisation"))
        field = self.fields["person"]
        field.widget.choices = [("", field.empty_label), *group_people(offered)]  # type: ignore[attr-defined]
        if self.search and not offered:
            field.help_text = _("Nobody matches the search. Type the name of a new person "
                                "below, or search again.")
        elif more:
            field.help_text = _("Only the first %(count)s are listed; search by name to "
                                "find others.") % {"count": PEOPLE_OFFERED}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_person = data.get("person") is not None
        has_name = bool((data.get("new_person_name") or "").strip())
        if has_person == has_name:
            raise forms.ValidationError(
                _("Choose an existing person or type the name of a new one (only one of them).")
            )
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The end of the term cannot be before its start."))
        return data


class EndSeatForm(forms.Form):
    end_date = forms.DateField(label=_("Last day of the term"), widget=DateInput())

    def __init__(self, *args: Any, seat: Seat, **kwargs: Any) -> None:
        self.seat = seat
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        kwargs.setdefault("prefix", f"end-{seat.pk}")
        super().__init__(*args, **kwargs)

    def clean_end_date(self) -> dt.date:
        end_date: dt.date = self.cleaned_data["end_date"]
        if end_date < self.seat.term_start:
            raise forms.ValidationError(_("The end of the term cannot be before its start."))
        return end_date


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Body.Kind.choices)
    mandate = forms.CharField(label=_("Mandate"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.ModelChoiceField(label=_("Reports to"), queryset=Body.objects.none(),
                                    required=False, empty_label=_("(nobody)"))
    confidential = forms.BooleanField(
        label=_("Confidential"), required=False,
        help_text=_("Only its members, the secretariat and administrators can see it."),
    )

    def __init__(self, *args: Any, collaboration: Collaboration, body: Body | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = collaboration.bodies.all()
        if body is not None:
            parents = parents.exclude(pk=body.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class NewBodyForm(BodyForm):
    valid_from = forms.DateField(label=_("Starts on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"valid_from": timezone.localdate()})
        kwargs.setdefault("prefix", "body")
        super().__init__(*args, **kwargs)
