"""Forms only validate one request's input; rules across rows live in ``actions``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Body, Person, RoleGrant, Seat

PEOPLE_OFFERED = 50
SEARCH_MAX_LENGTH = 100
TERM_ORDER = _("The end of the term cannot be before its start.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateForm(forms.Form):
    """The ``?date=`` parameter of the collaboration and body pages."""

    date = forms.DateField(label=_("Show the structure on"), required=False, widget=DateInput())


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


class PersonChoiceForm(forms.Form):
    """Who: an existing person (searched by name, at most ``PEOPLE_OFFERED`` offered) or a new
    one, with an e-mail address for the invitation."""

    person = forms.ModelChoiceField(
        label=_("Existing person"), queryset=Person.objects.none(), required=False,
        empty_label=_("(a new person)"),
    )
    new_person_name = forms.CharField(
        label=_("or the name of a new person"), max_length=150, required=False,
    )
    new_person_email = forms.EmailField(
        label=_("the new person's e-mail address"), required=False,
        help_text=_("If given, the new person is invited by e-mail to set a password."),
    )
    allow_nobody = False

    def __init__(self, *args: Any, people: QuerySet[Person], search: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
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
        if has_person and has_name or not (has_person or has_name or self._nobody(data)):
            raise forms.ValidationError(
                _("Choose an existing person or type the name of a new one (only one of them).")
            )
        if data.get("new_person_email") and not has_name:
            self.add_error("new_person_email", _("An e-mail address goes with a new person's "
                                                 "name."))
        return data

    def _nobody(self, data: dict[str, Any]) -> bool:
        return False


class AddSeatForm(PersonChoiceForm):
    vacant = forms.BooleanField(
        label=_("Leave the seat vacant for now"), required=False,
        help_text=_("For a seat the law requires that nobody holds yet."),
    )
    represents = forms.ModelChoiceField(
        label=_("Represents"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("(no organisation)"),
    )
    constituency = forms.ChoiceField(
        label=_("On behalf of"), choices=Seat.Constituency.choices, required=False,
    )
    role = forms.ChoiceField(label=_("Role"), choices=Seat.Role.choices,
                             initial=Seat.Role.MEMBER)
    capacity = forms.ChoiceField(label=_("Capacity"), choices=Seat.Capacity.choices,
                                 initial=Seat.Capacity.REPRESENTATIVE)
    term_start = forms.DateField(label=_("Term start"), widget=DateInput())
    term_end = forms.DateField(
        label=_("Term end"), required=False, widget=DateInput(),
        help_text=_("The last day of the term; left empty, it lasts as long as the body."),
    )

    def __init__(self, *args: Any, partners: QuerySet[Organisation], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"term_start": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["represents"].queryset = partners  # type: ignore[attr-defined]

    def _nobody(self, data: dict[str, Any]) -> bool:
        return bool(data.get("vacant"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("vacant") and (data.get("person") or data.get("new_person_name")):
            raise forms.ValidationError(_("A vacant seat has nobody in it: leave the person "
                                          "empty, or untick “vacant”."))
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", TERM_ORDER)
        return data


class FillSeatForm(PersonChoiceForm):
    from_date = forms.DateField(
        label=_("Holds the seat from"), widget=DateInput(),
        help_text=_("From a later day than the vacancy began, the vacancy is kept in the "
                    "history until then."),
    )

    def __init__(self, *args: Any, seat: Seat, **kwargs: Any) -> None:
        self.seat = seat
        start = max(seat.term_start, timezone.localdate())
        kwargs.setdefault("initial", {"from_date": start})
        kwargs.setdefault("prefix", f"fill-{seat.pk}")
        super().__init__(*args, **kwargs)


class SeatForm(forms.Form):
    """Correcting a seat: what it represents, role, capacity and term."""

    represents = forms.ModelChoiceField(
        label=_("Represents"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("(no organisation)"),
    )
    constituency = forms.ChoiceField(
        label=_("On behalf of"), choices=Seat.Constituency.choices, required=False,
    )
    role = forms.ChoiceField(label=_("Role"), choices=Seat.Role.choices)
    capacity = forms.ChoiceField(label=_("Capacity"), choices=Seat.Capacity.choices)
    term_start = forms.DateField(label=_("Term start"), widget=DateInput())
    term_end = forms.DateField(label=_("Term end"), required=False, widget=DateInput())

    def __init__(self, *args: Any, partners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["represents"].queryset = partners  # type: ignore[attr-defined]


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
            raise forms.ValidationError(TERM_ORDER)
        return end_date


class LastDayForm(forms.Form):
    """The last day of a partnership, a participation or a role."""

    last_day = forms.DateField(label=_("Last day"), widget=DateInput())

    def __init__(self, *args: Any, first_day: dt.date, **kwargs: Any) -> None:
        self.first_day = first_day
        kwargs.setdefault("initial", {"last_day": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_last_day(self) -> dt.date:
        last_day: dt.date = self.cleaned_data["last_day"]
        if last_day < self.first_day:
            raise forms.ValidationError(_("The last day cannot be before the first day (%(date)s).")
                                        % {"date": self.first_day.isoformat()})
        return last_day


class BodyForm(forms.Form):
    """A body's own fields; an end date closes it."""

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
    valid_to = forms.DateField(
        label=_("Ends on"), required=False, widget=DateInput(),
        help_text=_("The body's last day; leave empty while it goes on."),
    )

    def __init__(self, *args: Any, owner: Collaboration | Organisation, body: Body | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = owner.bodies.all()
        if body is not None:
            parents = parents.exclude(pk=body.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        if isinstance(owner, Organisation):
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in Body.Kind.choices
                if value in Body.ORGANISATION_KINDS]


class NewBodyForm(BodyForm):
    valid_from = forms.DateField(label=_("Starts on"), widget=DateInput())
    field_order = ["name", "kind", "mandate", "parent", "confidential", "valid_from",
                   "valid_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"valid_from": timezone.localdate()})
        kwargs.setdefault("prefix", "body")
        super().__init__(*args, **kwargs)


class CollaborationForm(forms.Form):
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 6}))


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    title = forms.CharField(label=_("Title"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Works at"), queryset=Organisation.objects.order_by("name"), required=False,
        empty_label=_("(no organisation)"),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"),
                                          queryset=Organisation.objects.none())
    valid_from = forms.DateField(label=_("Partner from"), widget=DateInput())
    valid_to = forms.DateField(label=_("Partner until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, collaboration: Collaboration, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"valid_from": max(collaboration.valid_from,
                                                        timezone.localdate())})
        kwargs.setdefault("prefix", "partner")
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(country=collaboration.country_id).order_by("name"))


class GrantForm(PersonChoiceForm):
    role = forms.ChoiceField(label=_("Role"), choices=())
    valid_from = forms.DateField(label=_("From"), widget=DateInput())
    valid_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Why"), max_length=255, required=False)

    def __init__(self, *args: Any, roles: list[RoleGrant.Role], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"valid_from": timezone.localdate()})
        kwargs.setdefault("prefix", "grant")
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (role, RoleGrant.Role(role).label) for role in roles]


class ParticipationForm(forms.Form):
    collaboration = forms.ModelChoiceField(label=_("Collaboration"),
                                           queryset=Collaboration.objects.none())
    valid_from = forms.DateField(label=_("From"), widget=DateInput())
    valid_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"valid_from": timezone.localdate()})
        kwargs.setdefault("prefix", "participation")
        super().__init__(*args, **kwargs)
        self.fields["collaboration"].queryset = (  # type: ignore[attr-defined]
            Collaboration.objects.filter(partnerships__organisation=organisation)
            .distinct().order_by("name"))
