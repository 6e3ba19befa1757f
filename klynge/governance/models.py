"""Bodies, the people in them, their seats, and the roles granted outside seats.

A body belongs either to a collaboration (its political level, a working group) or to an
organisation (a municipality's elder council, a voluntary organisation's programme team). An
organisation's body takes part in collaborations through :class:`Participation`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from klynge.collaborations.models import Collaboration, Organisation
from klynge.core.models import Effective, Sourced
from klynge.core.periods import PeriodQuerySet, check_order, covers


class Person(models.Model):
    """Someone who holds or held a seat or a role. Everything here is personal data."""

    PERSONAL_FIELDS = ("name", "email", "phone", "title")
    PERSONAL_REPR = True  # the audit trail names a person by number, not by name

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="people", verbose_name=_("works at"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="person", verbose_name=_("user account"),
    )
    erased = models.BooleanField(_("erased"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:person", args=[self.pk])


class Body(Effective, Sourced):
    class Kind(models.TextChoices):
        POLITICAL = "political", _("political level")
        STRATEGIC = "strategic", _("strategic level")
        STEERING = "steering", _("steering group")
        WORKING_GROUP = "working_group", _("working group")
        USER_PANEL = "user_panel", _("user panel")
        ELDER_COUNCIL = "elder_council", _("elder council")
        STUDENT_PANEL = "student_panel", _("student panel")
        PROGRAMME_TEAM = "programme_team", _("programme team")
        SECRETARIAT = "secretariat", _("secretariat")

    # What a Norwegian health community calls the bodies of these kinds (partnerskapsmøte,
    # strategisk samarbeidsutvalg, faglig samarbeidsutvalg); Danish bodies keep the plain
    # labels (politisk niveau, fagligt strategisk niveau, faggruppe). See docs/glossary.md.
    NORWEGIAN_KIND_LABELS = {
        Kind.POLITICAL: pgettext_lazy("Norwegian health community", "political level"),
        Kind.STRATEGIC: pgettext_lazy("Norwegian health community", "strategic level"),
        Kind.WORKING_GROUP: pgettext_lazy("Norwegian health community", "working group"),
    }
    PANEL_KINDS = (Kind.USER_PANEL, Kind.ELDER_COUNCIL, Kind.STUDENT_PANEL)
    # Kinds a body of an organisation may have (the others are a collaboration's own).
    ORGANISATION_KINDS = (Kind.ELDER_COUNCIL, Kind.USER_PANEL, Kind.PROGRAMME_TEAM,
                          Kind.WORKING_GROUP, Kind.STEERING)

    collaboration = models.ForeignKey(
        Collaboration, null=True, blank=True, on_delete=models.CASCADE, related_name="bodies",
        verbose_name=_("collaboration"),
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="bodies",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    mandate = models.TextField(_("mandate"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        verbose_name=_("reports to"),
    )
    confidential = models.BooleanField(
        _("confidential"), default=False,
        help_text=_("Only its members, the secretariat and administrators can see it."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(collaboration__isnull=False, organisation__isnull=True)
                           | Q(collaboration__isnull=True, organisation__isnull=False)),
                name="body_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body", args=[self.pk])

    @property
    def owner(self) -> Collaboration | Organisation:
        return self.collaboration or self.organisation  # type: ignore[return-value]

    @property
    def is_norwegian(self) -> bool:
        """Whether the body's collaboration or organisation is Norwegian. Reads the owner and
        its country, so a page listing bodies loads them with it (``select_related``)."""
        return self.owner.country.code == "NO"

    @property
    def kind_label(self) -> str:
        """The kind as the body's country names it: a Norwegian body of the political level
        is a partnership meeting (partnerskapsmøte), a Danish one the political level."""
        label = self.NORWEGIAN_KIND_LABELS.get(self.kind)  # type: ignore[call-overload]
        if label is not None and self.is_norwegian:
            return str(label)
        return str(self.get_kind_display())

    @property
    def is_panel(self) -> bool:
        return self.kind in self.PANEL_KINDS

    def clean(self) -> None:
        super().clean()
        if (self.collaboration_id is None) == (self.organisation_id is None):
            raise ValidationError(_("A body belongs either to a collaboration or to an "
                                    "organisation."))
        if self.organisation_id is not None and self.kind not in self.ORGANISATION_KINDS:
            raise ValidationError({"kind": _("An organisation's body cannot be a %(kind)s.")
                                   % {"kind": self.get_kind_display()}})
        parent = self.parent if self.parent_id else None
        if parent is not None and (parent.collaboration_id != self.collaboration_id
                                   or parent.organisation_id != self.organisation_id):
            raise ValidationError(
                {"parent": _("A body can only report to a body of the same collaboration.")}
            )


class Participation(Effective):
    """An organisation's body taking part in a collaboration: it follows the collaboration's
    themes, submits cases and answers hearings there."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="participations",
                             verbose_name=_("body"))
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="participations",
        verbose_name=_("collaboration"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["collaboration", "body__name"]

    def __str__(self) -> str:
        return f"{self.body} – {self.collaboration}"


class SeatQuerySet(PeriodQuerySet):
    start_field = "term_start"
    end_field = "term_end"


class Seat(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        CO_CHAIR = "co_chair", _("co-chair")
        VICE_CHAIR = "vice_chair", _("vice-chair")
        MEMBER = "member", _("member")
        OBSERVER = "observer", _("observer")
        SECRETARY = "secretary", _("secretary")

    class Capacity(models.TextChoices):
        MAYOR = "mayor", _("mayor")
        REGIONAL_COUNCIL_CHAIR = "regional_council_chair", _("chair of the regional council")
        COMMITTEE_MAYOR = "committee_mayor", _("committee mayor or alderman")
        REGIONAL_COUNCILLOR = "regional_councillor", _("member of the regional council")
        MUNICIPAL_COUNCILLOR = "municipal_councillor", _("member of the municipal council")
        POLITICIAN = "politician", _("politician")
        DIRECTOR = "director", _("director or manager")
        PROFESSIONAL = "professional", _("professional")
        GP = "gp", _("general practitioner")
        REPRESENTATIVE = "representative", _("representative")
        STAFF = "staff", _("staff")

    class Constituency(models.TextChoices):
        ORGANISATION = "", _("the organisation")
        GENERAL_PRACTICE = "general_practice", _("general practice")
        PSYCHIATRY = "psychiatry", _("psychiatry")
        PATIENTS = "patients", _("patients")
        RELATIVES = "relatives", _("relatives")
        USERS = "users", _("users")
        ELDERS = "elders", _("older citizens")
        STUDENTS = "students", _("students")
        VOLUNTEERS = "volunteers", _("volunteers")

    CHAIR_ROLES = (Role.CHAIR, Role.CO_CHAIR)
    USER_CONSTITUENCIES = (Constituency.PATIENTS, Constituency.RELATIVES, Constituency.USERS)

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats",
                             verbose_name=_("body"))
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="seats", verbose_name=_("person"))
    represents = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="seats",
        verbose_name=_("represents"),
    )
    constituency = models.CharField(_("on behalf of"), max_length=32, blank=True,
                                    choices=Constituency.choices)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    capacity = models.CharField(_("capacity"), max_length=24, choices=Capacity.choices,
                                default=Capacity.REPRESENTATIVE)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    history = HistoricalRecords()

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["body", "role", "term_start", "id"]

    def __str__(self) -> str:
        who = self.person.name if self.person else _("vacant")
        return f"{self.body}: {who} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        check_order(self.term_start, self.term_end, "term_end",
                    _("The end of the term cannot be before its start."))

    def is_active_on(self, date: dt.date) -> bool:
        return covers(self.term_start, self.term_end, date)

    @property
    def is_chair(self) -> bool:
        return self.role in self.CHAIR_ROLES

    @property
    def is_vacant(self) -> bool:
        return self.person_id is None


class RoleGrant(Effective):
    """A role that does not come from a seat, granted to a person for a period, in a scope."""

    class Role(models.TextChoices):
        ANALYST = "analyst", _("analyst")
        REFERRER = "referrer", _("referrer")
        ORGANISATION_SECRETARY = ("organisation_secretary",
                                  _("secretary of an organisation's bodies"))
        COORDINATOR = "coordinator", _("programme coordinator")
        VOLUNTEER = "volunteer", _("volunteer")

    class Scope(models.TextChoices):
        COLLABORATION = "collaboration", _("collaboration")
        ORGANISATION = "organisation", _("organisation")
        PROGRAMME = "programme", _("programme")

    # The scope each role is granted in.
    SCOPES = {
        Role.ANALYST: Scope.COLLABORATION,
        Role.REFERRER: Scope.ORGANISATION,
        Role.ORGANISATION_SECRETARY: Scope.ORGANISATION,
        Role.COORDINATOR: Scope.PROGRAMME,
        Role.VOLUNTEER: Scope.PROGRAMME,
    }

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="grants",
                               verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    collaboration = models.ForeignKey(
        Collaboration, null=True, blank=True, on_delete=models.CASCADE, related_name="grants",
        verbose_name=_("collaboration"),
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="grants",
        verbose_name=_("organisation"),
    )
    # A programme of the volunteering app (which is above this one, so no foreign key here).
    programme_id = models.PositiveBigIntegerField(_("programme"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("granted by"),
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["person__name", "role", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="collaboration", collaboration__isnull=False,
                      organisation__isnull=True, programme_id__isnull=True)
                    | Q(scope="organisation", collaboration__isnull=True,
                        organisation__isnull=False, programme_id__isnull=True)
                    | Q(scope="programme", collaboration__isnull=True,
                        organisation__isnull=True, programme_id__isnull=False)
                ),
                name="role_grant_scope_matches",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()} ({self.scope_label})"

    @property
    def scope_id(self) -> int | None:
        return {self.Scope.COLLABORATION: self.collaboration_id,
                self.Scope.ORGANISATION: self.organisation_id,
                self.Scope.PROGRAMME: self.programme_id}.get(self.scope)  # type: ignore[call-overload]

    @property
    def scope_label(self) -> str:
        if self.scope == self.Scope.COLLABORATION and self.collaboration_id:
            return str(self.collaboration)
        if self.scope == self.Scope.ORGANISATION and self.organisation_id:
            return str(self.organisation)
        return f"{self.get_scope_display()} #{self.scope_id}"
