"""The structure of a collaboration: partners, bodies, seats and the people in them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from klynge.reference.models import Country, Effective, Municipality, Region, Sourced


class Collaboration(Effective, Sourced):
    class Kind(models.TextChoices):
        HEALTH_CLUSTER = "health_cluster", _("health cluster")
        HEALTH_COUNCIL = "health_council", _("health council")
        HEALTH_COMMUNITY = "health_community", _("health community")
        INNOVATION_CLUSTER = "innovation_cluster", _("innovation cluster")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:collaboration", args=[self.code])


class Organisation(Sourced):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        REGION = "region", _("region or health trust")
        HOSPITAL = "hospital", _("hospital")
        GENERAL_PRACTICE = "general_practice", _("general practice")
        VOLUNTARY = "voluntary", _("voluntary organisation")
        PATIENT = "patient", _("patient organisation")
        UNIVERSITY = "university", _("university or college")
        RESEARCH = "research", _("research institute")
        COUNTY = "county", _("county")
        COMPANY = "company", _("company")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    municipality = models.OneToOneField(
        Municipality, null=True, blank=True, on_delete=models.PROTECT,
        related_name="organisation", verbose_name=_("municipality"),
    )
    region = models.OneToOneField(
        Region, null=True, blank=True, on_delete=models.PROTECT,
        related_name="organisation", verbose_name=_("region or county"),
    )
    website = models.URLField(_("website"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "kind", "name"], name="organisation_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:organisation", args=[self.pk])


class Partnership(Effective, Sourced):
    """An organisation's membership of a collaboration, for a period."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="partnerships",
        verbose_name=_("collaboration"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships",
        verbose_name=_("organisation"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["collaboration", "organisation__kind", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.collaboration}"


class Person(models.Model):
    """Someone who holds or held a seat. Contact details are personal data."""

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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:person", args=[self.pk])


class Body(Effective):
    class Kind(models.TextChoices):
        POLITICAL = "political", _("political level")
        STRATEGIC = "strategic", _("strategic level")
        STEERING = "steering", _("steering group")
        WORKING_GROUP = "working_group", _("working group")
        USER_PANEL = "user_panel", _("user panel")
        ELDER_COUNCIL = "elder_council", _("elder council")
        STUDENT_PANEL = "student_panel", _("student panel")
        SECRETARIAT = "secretariat", _("secretariat")

    PANEL_KINDS = (Kind.USER_PANEL, Kind.ELDER_COUNCIL, Kind.STUDENT_PANEL)

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="bodies",
        verbose_name=_("collaboration"),
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
        ordering = ["collaboration", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.parent and self.parent.collaboration_id != self.collaboration_id:
            raise ValidationError(
                {"parent": _("A body can only report to a body of the same collaboration.")}
            )


class SeatQuerySet(models.QuerySet):
    def on(self, date: dt.date) -> SeatQuerySet:
        """Seats whose term covers ``date`` (``term_end`` is the last day, inclusive)."""
        return self.filter(
            Q(term_start__lte=date), Q(term_end__isnull=True) | Q(term_end__gte=date)
        )


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
        POLITICIAN = "politician", _("politician")
        DIRECTOR = "director", _("director or manager")
        PROFESSIONAL = "professional", _("professional")
        GP = "gp", _("general practitioner")
        REPRESENTATIVE = "representative", _("representative")
        STAFF = "staff", _("staff")

    class Constituency(models.TextChoices):
        ORGANISATION = "", _("the organisation")
        GENERAL_PRACTICE = "general_practice", _("general practice")
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
    constituency = models.CharField(_("constituency"), max_length=32, blank=True,
                                    choices=Constituency.choices)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    capacity = models.CharField(_("capacity"), max_length=16, choices=Capacity.choices,
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
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError(
                {"term_end": _("The end of the term cannot be before its start.")}
            )

    def is_active_on(self, date: dt.date) -> bool:
        return self.term_start <= date and (self.term_end is None or date <= self.term_end)

    @property
    def is_chair(self) -> bool:
        return self.role in self.CHAIR_ROLES
