"""Geography: countries, regions and counties, municipalities, and which region each lies in.

Each fact carries how sure we are of it (``confidence``) and where it comes from
(``source``). An administrator may correct a fact in the admin; django-simple-history
keeps every earlier version with who changed it and why.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from klynge.core.models import Effective, Sourced


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
