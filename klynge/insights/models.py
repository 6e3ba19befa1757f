"""Data sets registered by a collaboration's analysts, the engine's runs on them, and the
runs' results (``klynge.population``: the engine, which this app alone imports).

A data set is person-level data: it stays in its folder under ``KLYNGE_DATASETS_DIR`` and
is never shown; the platform keeps its validation report, row counts and fingerprint. A
run's results are kept twice, apart: published (disclosure control applied) and
unsuppressed (for the analysts only).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from klynge.collaborations.models import Collaboration


class DataSet(models.Model):
    class Source(models.TextChoices):
        FOLDER = "folder", _("a folder on the server")
        UPLOAD = "upload", _("uploaded files")
        SYNTHETIC = "synthetic", _("generated (synthetic)")

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting to be validated")
        VALIDATING = "validating", _("being validated")
        VALID = "valid", _("valid")
        INVALID = "invalid", _("invalid")

    collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT,
                                      related_name="datasets", verbose_name=_("collaboration"))
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    folder = models.CharField(_("folder"), max_length=300,
                              help_text=_("Under the data sets' folder on the server."))
    persons = models.PositiveIntegerField(_("persons"), null=True, blank=True)  # generated
    seed = models.PositiveIntegerField(_("seed"), null=True, blank=True)  # generated
    # Generated: the municipalities its persons live in (empty: the whole country).
    municipalities = models.JSONField(_("municipalities"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.WAITING)
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors found"), default=0)
    row_counts = models.JSONField(_("rows"), default=dict, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("data set", "registered"))
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)

    class Meta:
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("insights:dataset", args=[self.pk])

    @property
    def busy(self) -> bool:
        return self.state in (self.State.WAITING, self.State.VALIDATING)


class Run(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Engine(models.TextChoices):
        DUCKDB = "duckdb", "DuckDB"

    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="runs",
                                verbose_name=_("data set"))
    year = models.PositiveSmallIntegerField(_("year"))
    engine = models.CharField(_("engine"), max_length=10, choices=Engine.choices,
                              default=Engine.DUCKDB)
    spec = models.JSONField(_("specification"), default=dict, blank=True)  # as it ran
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.QUEUED)
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    fingerprint = models.CharField(_("data set's fingerprint"), max_length=64, blank=True)
    codelists = models.JSONField(_("code lists' versions"), default=dict, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("result rows"), default=0)
    suppressed = models.PositiveIntegerField(_("suppressed cells"), default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("requested"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last word from the worker"), null=True, blank=True)

    class Meta:
        verbose_name = _("run")
        verbose_name_plural = _("runs")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dataset} {self.year} ({self.engine})"

    def get_absolute_url(self) -> str:
        return reverse("insights:run", args=[self.pk])

    @property
    def busy(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


def in_areas(places: Iterable[tuple[str, str]]) -> Q:
    """Results of any of ``places``, each a (level, code) pair."""
    wanted = Q()
    for level, code in places:
        wanted |= Q(level=level, code=code)
    return wanted


class Result(models.Model):
    """One row of a run's output (``klynge.population.output``): published (suppressed
    cells have no numbers) or unsuppressed."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="results")
    published = models.BooleanField()
    # Text as the engine writes it (collaboration codes, code-list group names): roomy.
    indicator = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=40)
    code = models.CharField(max_length=100)
    group_by = models.CharField(max_length=100)
    group = models.CharField(max_length=200)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    value = models.FloatField(null=True)
    variance = models.FloatField(null=True)  # of the value (docs/indicators.md)
    suppressed = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["run", "published", "indicator", "level", "code"],
                                name="insights_result_lookup")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.level} {self.code} {self.group_by}={self.group}"


class Citation(models.Model):
    """A view of a run's published results attached to a case: one indicator, its areas, its
    years and its breakdown, frozen as it was when attached (``figure``) and naming the runs
    it came from. Only published results are ever frozen (``klynge.insights.citations``)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="citations",
                             verbose_name=_("case"))
    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="citations",
                            verbose_name=_("run"))  # the newest of the view's runs
    indicator = models.CharField(_("indicator"), max_length=200)
    group_by = models.CharField(_("breakdown"), max_length=100, default="total")
    areas = models.JSONField(_("areas"), default=list)  # [[level, code], ...]
    years = models.JSONField(_("years"), default=list)
    figure = models.JSONField(_("figure"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("citation", "attached"))
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator view")
        verbose_name_plural = _("indicator views")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator} ({', '.join(str(year) for year in self.years)})"
