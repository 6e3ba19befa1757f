"""Hearings: a collaboration consults chosen parties on a document, with a deadline.

The secretariat writes a :class:`Hearing` (a draft), invites :class:`Party` rows (a partner
organisation, or an elder council, user panel or student panel) and names each party's
:class:`Respondent` people. Opening the hearing tells them. A party answers as itself: one
:class:`Answer` per party, written by any of its respondents, changeable until the deadline.
After the deadline the secretariat writes, for each answer, what the collaboration does with
it, and an overall summary (the hearing summary, *høringsnotat*), and marks it summarised.

The stored ``state`` is draft, open or summarised; an open hearing whose deadline has passed
is *closed* (:attr:`Hearing.status`): the clock, not a job, closes it, so an answer a second
late is refused however busy the server is.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Body, Person
from klynge.vocabulary.models import Term

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def deadline_parts(moment: dt.datetime) -> dict[str, str]:
    """``{"date": "15 December 2026", "time": "12:00"}`` in Copenhagen time, in the active
    language (the date's format is itself a message, so each language orders it its way)."""
    local = timezone.localtime(moment, COPENHAGEN)
    return {"date": date_format(local, pgettext("date format of a deadline", "j F Y")),
            "time": date_format(local, "H:i")}


class HearingQuerySet(models.QuerySet["Hearing"]):
    def accepting_answers(self, now: dt.datetime | None = None) -> HearingQuerySet:
        return self.filter(state=Hearing.State.OPEN, deadline__gt=now or timezone.now())

    def past_deadline(self, now: dt.datetime | None = None) -> HearingQuerySet:
        """Closed or summarised: the hearings whose answers members may read."""
        return self.filter(past_deadline_q(now))


def past_deadline_q(now: dt.datetime | None = None, prefix: str = "") -> Q:
    """Hearings (through ``prefix``, e.g. ``"hearing__"``) past their deadline."""
    return (Q(**{f"{prefix}state": Hearing.State.SUMMARISED})
            | Q(**{f"{prefix}state": Hearing.State.OPEN,
                   f"{prefix}deadline__lte": now or timezone.now()}))


class Hearing(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for answers")
        CLOSED = "closed", _("closed (the deadline has passed)")  # never stored: see status
        SUMMARISED = "summarised", _("summarised")

    collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT,
                                      related_name="hearings", verbose_name=_("collaboration"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Term, blank=True, related_name="hearings",
                                    verbose_name=_("themes"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices,
                             default=State.DRAFT)
    deadline = models.DateTimeField(_("deadline for answers"))
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summarised_at = models.DateTimeField(_("summarised"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = HearingQuerySet.as_manager()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["-deadline", "-pk"]
        indexes = [models.Index(fields=["collaboration", "state"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("hearings:hearing", args=[self.pk])

    def get_summary_url(self) -> str:
        return reverse("hearings:summary", args=[self.pk])

    @property
    def status(self) -> str:
        """The state as people see it: an open hearing past its deadline is closed."""
        if self.state == self.State.OPEN and self.deadline <= timezone.now():
            return self.State.CLOSED
        return str(self.state)

    def get_status_display(self) -> str:
        return str(self.State(self.status).label)

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def accepts_answers(self) -> bool:
        return self.status == self.State.OPEN

    @property
    def is_past_deadline(self) -> bool:
        return self.status in (self.State.CLOSED, self.State.SUMMARISED)

    @property
    def is_summarised(self) -> bool:
        return self.state == self.State.SUMMARISED

    @property
    def deadline_parts(self) -> dict[str, str]:
        return deadline_parts(self.deadline)


class Party(models.Model):
    """Who is asked: a partner organisation, or a panel or elder council, answering as itself."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="parties",
                                verbose_name=_("hearing"))
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="hearing_parties",
                                     verbose_name=_("organisation"))
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="hearing_parties", verbose_name=_("body"))
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("invited by"))

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["hearing", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False, body__isnull=True)
                           | Q(organisation__isnull=True, body__isnull=False)),
                name="hearing_party_is_one_thing"),
            models.UniqueConstraint(fields=["hearing", "organisation"],
                                    name="hearing_party_organisation_once"),
            models.UniqueConstraint(fields=["hearing", "body"], name="hearing_party_body_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return str(self.body.name if self.body_id else self.organisation.name)  # type: ignore[union-attr]

    @property
    def who(self) -> Body | Organisation:
        return self.body or self.organisation  # type: ignore[return-value]


class Respondent(models.Model):
    """A person who may answer for a party."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="respondents",
                              verbose_name=_("party"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT,
                               related_name="hearing_respondents", verbose_name=_("person"))
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("added by"))

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["party", "person__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["party", "person"],
                                               name="respondent_once_per_party")]

    def __str__(self) -> str:
        return f"{self.party}: {self.person}"


class Answer(models.Model):
    """A party's answer (one per party), and what the collaboration does with it."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="answers",
                                verbose_name=_("hearing"))
    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="answer",
                                 verbose_name=_("party"))
    text = models.TextField(_("answer"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("written by"))
    answered_at = models.DateTimeField(_("answered"))
    changed_at = models.DateTimeField(_("last changed"))
    response = models.TextField(_("what the collaboration does with it"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("response by"))
    responded_at = models.DateTimeField(_("response written"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["hearing", "answered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.hearing}: {self.party}"

    def get_absolute_url(self) -> str:
        return f"{self.hearing.get_absolute_url()}#answer-{self.pk}"


def summary_ready(hearing: Hearing) -> bool:
    """Whether the hearing summary is final, so it can go on an agenda
    (``hearing.get_summary_url()`` is its page)."""
    return hearing.state == Hearing.State.SUMMARISED
