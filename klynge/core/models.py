"""What every app's models share: effective periods, how sure a fact is, and version counters."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.core.periods import PeriodQuerySet, check_order, covers


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    REPORTED = "reported", _("reported")
    UNCONFIRMED = "unconfirmed", _("unconfirmed")


class EffectiveQuerySet(PeriodQuerySet):
    """Rows with ``valid_from``/``valid_to``, both days included."""


class Effective(models.Model):
    """A fact that holds from ``valid_from`` to ``valid_to``, both days included."""

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        check_order(self.valid_from, self.valid_to)

    def is_valid_on(self, date: dt.date) -> bool:
        return covers(self.valid_from, self.valid_to, date)


class Sourced(models.Model):
    """A fact with how sure we are of it and where it comes from."""

    confidence = models.CharField(
        _("confidence"), max_length=16, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def is_unconfirmed(self) -> bool:
        return self.confidence == Confidence.UNCONFIRMED


class Counter(models.Model):
    """A named number that only grows: e.g. the structure version that keys cached findings."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class PeriodicRun(models.Model):
    """The last period a scheduled job (``klynge.core.schedule``) ran for: one row per job,
    locked while a tick claims the period, so the job runs once per period however often
    ``klynge tick`` runs and even when two ticks overlap."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_slot = models.DateTimeField(_("last period"), null=True, blank=True)
    started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_slot}"
