"""Reference facts: countries, regions and counties, municipalities; effective-dated.

Each fact carries how sure we are of it (``confidence``) and where it comes from
(``source``). An administrator may correct a fact in the admin; django-simple-history
keeps every earlier version with who changed it and why.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    REPORTED = "reported", _("reported")
    UNCONFIRMED = "unconfirmed", _("unconfirmed")


class EffectiveQuerySet(models.QuerySet):
    def on(self, date: dt.date) -> EffectiveQuerySet:
        """Rows in force on ``date`` (``valid_to`` is the last day, inclusive)."""
        return self.filter(
            Q(valid_from__lte=date), Q(valid_to__isnull=True) | Q(valid_to__gte=date)
        )


class Effective(models.Model):
    """A fact that holds from ``valid_from`` to ``valid_to``, both days included."""

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The end date cannot be before the start date.")}
            )

    def is_valid_on(self, date: dt.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date <= self.valid_to)


class Sourced(models.Model):
    confidence = models.CharField(
        _("confidence"), max_length=16, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def is_unconfirmed(self) -> bool:
        return self.confidence == Confidence.UNCONFIRMED


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Region(Effective, Sourced):
    """A Danish region or a Norwegian county (fylke)."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        COUNTY = "county", _("county")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    code = models.CharField(_("code"), max_length=16, unique=True)
    official_code = models.CharField(_("official code"), max_length=8, blank=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region or county")
        verbose_name_plural = _("regions and counties")
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name


class Municipality(Effective, Sourced):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    code = models.CharField(_("code"), max_length=4)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="municipality_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def region_on(self, date: dt.date) -> Region | None:
        link = self.region_links.on(date).select_related("region").first()
        return link.region if link else None


class MunicipalityRegion(Effective, Sourced):
    """Which region or county a municipality lies in, and when."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="region_links",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipality_links",
        verbose_name=_("region or county"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality's region")
        verbose_name_plural = _("municipalities' regions")
        ordering = ["municipality", "valid_from"]

    def __str__(self) -> str:
        return f"{self.municipality.name} → {self.region.name}"
