"""The spine every app points to: collaborations, the organisations in them, and partnerships."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from klynge.core.models import Effective, Sourced
from klynge.core.periods import check_order, covers
from klynge.reference.models import Country, Municipality, Region


class Collaboration(Effective, Sourced):
    """A formal cross-sector health collaboration, in force from ``valid_from`` to ``valid_to``.

    A collaboration may begin with a preparatory phase (``valid_from`` to
    ``preparatory_until``): a Danish health council is set up in 2026 as a preparatory
    council under the transition act, and is the same collaboration from 2027.
    """

    class Kind(models.TextChoices):
        HEALTH_CLUSTER = "health_cluster", _("health cluster")
        HEALTH_COUNCIL = "health_council", _("health council")
        HEALTH_COMMUNITY = "health_community", _("health community")
        INNOVATION_CLUSTER = "innovation_cluster", _("innovation cluster")

    # The kinds that carry a shared population responsibility (innovation clusters do not).
    POPULATION_KINDS = (Kind.HEALTH_CLUSTER, Kind.HEALTH_COUNCIL, Kind.HEALTH_COMMUNITY)

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    preparatory_until = models.DateField(
        _("preparatory phase until"), null=True, blank=True,
        help_text=_("The last day of a preparatory phase that begins on the first day."),
    )
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

    def clean(self) -> None:
        super().clean()
        message = _("The preparatory phase must lie within the collaboration's period.")
        check_order(self.valid_from, self.preparatory_until, "preparatory_until", message)
        check_order(self.preparatory_until, self.valid_to, "preparatory_until", message)

    def is_preparatory_on(self, date: dt.date) -> bool:
        """Whether ``date`` falls in the preparatory phase."""
        return self.preparatory_until is not None and covers(
            self.valid_from, self.preparatory_until, date)

    @property
    def regular_from(self) -> dt.date:
        """The first day after any preparatory phase."""
        if self.preparatory_until is None:
            return self.valid_from
        return self.preparatory_until + dt.timedelta(days=1)


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
