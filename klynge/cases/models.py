"""Cases: what a collaboration's bodies work on, from submission to follow-up.

A case is submitted by someone with a seat, or by a panel or elder council as a body. The
secretariat screens it and routes it: to a working group, up the body hierarchy, back to the
submitter, or rejects it. Each step is a :class:`CaseEvent` (who, when, why), taken only as
``klynge.cases.states`` allows. A lower body's :class:`Recommendation` and the deciding
body's :class:`Decision` are kept apart. Meetings (an app above this one) put cases on
agendas and record decisions through this app's actions, so the case's own history shows
its whole life.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body, Person
from klynge.vocabulary.models import Term


class State(models.TextChoices):
    SUBMITTED = "submitted", _("submitted, awaiting screening")
    AT_BODY = "at_body", _("with a body")
    ON_AGENDA = "on_agenda", _("on an agenda")
    DECIDED = "decided", _("decided")
    RETURNED = "returned", _("returned to the submitter")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CLOSED = "closed", _("closed")


OPEN_STATES = (State.SUBMITTED, State.AT_BODY, State.ON_AGENDA, State.DECIDED, State.RETURNED)


class FileSeries(models.Model):
    """The last file number a collaboration gave in a year; the row is locked to count on."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collaboration", "year"],
                                               name="one_file_series_per_year")]

    def __str__(self) -> str:
        return f"{self.collaboration_id}/{self.year}: {self.last}"


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(state__in=OPEN_STATES)


class Case(models.Model):
    collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT,
                                      related_name="cases", verbose_name=_("collaboration"))
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    request = models.TextField(_("what is asked for"))
    target_groups = models.ManyToManyField(Term, blank=True, related_name="cases_for_group",
                                           verbose_name=_("target groups"))
    themes = models.ManyToManyField(Term, blank=True, related_name="cases_on_theme",
                                    verbose_name=_("themes"))
    submitted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="submitted_cases",
                                     verbose_name=_("submitted by"))
    submitting_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="submitted_cases",
        verbose_name=_("submitted by the body"),
        help_text=_("A panel or elder council that submits the case as a body."))
    origin_body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="originated_cases",
                                    verbose_name=_("came from"))
    current_body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="current_cases", verbose_name=_("now with"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices,
                             default=State.SUBMITTED)
    confidential = models.BooleanField(
        _("confidential"), default=False,
        help_text=_("Only the secretariat, the submitter and the bodies it has been with "
                    "can see it."))
    submitted_at = models.DateTimeField(_("submitted"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    former_file_number = models.CharField(
        _("former file number"), max_length=40, blank=True,
        help_text=_("The number it had in the collaboration it was moved from."))
    moved_from = models.ForeignKey(Collaboration, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="cases_moved_away",
                                   verbose_name=_("moved from"))

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "year", "serial"],
                                    name="one_file_number_per_case"),
        ]
        indexes = [models.Index(fields=["collaboration", "state"]),
                   models.Index(fields=["current_body", "state"])]

    def __str__(self) -> str:
        return f"{self.file_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case", args=[self.pk])

    @property
    def file_number(self) -> str:
        """The number in the collaboration's own series, e.g. ``2026-0042``."""
        return f"{self.year}-{self.serial:04d}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class CaseEvent(models.Model):
    """One step in a case's life; the case's history, in order."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        CHANGED = "changed", _("changed")
        ROUTED = "routed", _("routed")
        RETURNED = "returned", _("returned to the submitter")
        RESUBMITTED = "resubmitted", _("submitted again")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        RECOMMENDED = "recommended", _("recommendation given")
        PUT_ON_AGENDA = "put_on_agenda", _("put on an agenda")
        TAKEN_OFF_AGENDA = "taken_off_agenda", _("taken off an agenda")
        DECIDED = "decided", _("decided")
        POSTPONED = "postponed", _("postponed")
        FORWARDED = "forwarded", _("forwarded")
        ACTION_ITEM = "action_item", _("action item given")
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")
        MOVED = "moved", _("moved to another collaboration")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("by"))
    from_state = models.CharField(_("from state"), max_length=16, choices=State.choices,
                                  blank=True)
    to_state = models.CharField(_("to state"), max_length=16, choices=State.choices,
                                blank=True)
    from_body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("from"))
    to_body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("to"))
    reason = models.TextField(_("why"), blank=True)
    # What the step refers to, for the history's text: e.g. the meeting, its date and the
    # item's number, or the collaboration a case was moved from. Never personal data.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class Recommendation(models.Model):
    """What a body (e.g. a working group) recommends the deciding body to do."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="recommendations",
                             verbose_name=_("recommended by"))
    text = models.TextField(_("recommendation"))
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    details = models.JSONField(default=dict, blank=True)  # e.g. the meeting it came from

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["given_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Decision(models.Model):
    """What the deciding body decided on the case (recorded from the meeting's minutes)."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        NOTED = "noted", _("noted")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions",
                             verbose_name=_("decided by"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    wording = models.TextField(_("decision"))
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    details = models.JSONField(default=dict, blank=True)  # the meeting and the item number

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return self.wording[:60]
