"""Meetings of a body: the agenda, who comes, what happened, the minutes and their approval,
and the action items that follow.

A meeting moves through :class:`Meeting.State`: planned → (agenda in review by the chairs)
→ agenda released → held (minutes drafted) → minutes approved, when they are frozen and
their open items published. A closed item keeps its number and a general title everywhere
it is published; its papers, debate and decision are seen only by those who may.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body, Person
from klynge.hearings.models import Hearing


class MeetingRules(models.Model):
    """How a body meets: who approves its minutes, whether a member may send a substitute.
    A body without a row follows its collaboration's kind (``klynge.meetings.rules``)."""

    class Approval(models.TextChoices):
        CHAIRS = "chairs", _("the chairs (both, where there are two equal chairs)")
        CHAIR = "chair", _("the chair")
        MEMBERS_PRESENT = "members_present", _("the members present")

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="meeting_rules")
    minutes_approved_by = models.CharField(_("minutes approved by"), max_length=16,
                                           choices=Approval.choices)
    substitutes_allowed = models.BooleanField(_("members may send a substitute"),
                                              default=False)

    class Meta:
        verbose_name = _("meeting rules")
        verbose_name_plural = _("meeting rules")

    def __str__(self) -> str:
        return str(self.body)


class Meeting(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        AGENDA_IN_REVIEW = "agenda_in_review", _("agenda with the chairs for review")
        AGENDA_RELEASED = "agenda_released", _("agenda released")
        HELD = "held", _("held; minutes being written")
        MINUTES_IN_APPROVAL = "minutes_in_approval", _("minutes awaiting approval")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings",
                             verbose_name=_("body"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    state = models.CharField(_("state"), max_length=24, choices=State.choices,
                             default=State.PLANNED)
    agenda_released_at = models.DateTimeField(_("agenda released"), null=True, blank=True)
    minutes_note = models.TextField(_("general minutes"), blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE: bumped on change
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="meeting_ends_after_it_starts")]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        return self.title or f"{self.body} {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def day(self) -> dt.date:
        """The local day the meeting starts on (seats are counted on it)."""
        return timezone.localtime(self.starts_at).date()

    @property
    def minutes_frozen(self) -> bool:
        return self.state == self.State.MINUTES_APPROVED

    @property
    def agenda_public(self) -> bool:
        """Whether members see the agenda (released, or later)."""
        return self.state not in (self.State.PLANNED, self.State.AGENDA_IN_REVIEW)


class AgendaItem(models.Model):
    class ClosedReason(models.TextChoices):
        PERSONAL = "personal", pgettext_lazy("closed agenda item", "Closed item – personal matter")
        BUSINESS = "business", pgettext_lazy("closed agenda item",
                                             "Closed item – business confidential")
        NEGOTIATION = "negotiation", pgettext_lazy("closed agenda item",
                                                   "Closed item – negotiation")
        OTHER = "other", pgettext_lazy("closed agenda item", "Closed item")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        POSTPONED = "postponed", _("postponed")
        NOTED = "noted", _("noted")
        FORWARDED = "forwarded", _("forwarded to another body")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("presentation"), blank=True)
    proposal = models.TextField(_("proposed decision"), blank=True)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="agenda_items", verbose_name=_("case"))
    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="agenda_items",
                                verbose_name=_("hearing summary"))
    closed = models.BooleanField(_("closed item"), default=False)
    closed_reason = models.CharField(_("published as"), max_length=16,
                                     choices=ClosedReason.choices, blank=True)
    debate = models.TextField(_("debate"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices,
                               blank=True)
    wording = models.TextField(_("decision"), blank=True)
    forwarded_to = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("forwarded to"))
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"],
                                               name="one_item_per_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.public_title}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:item", args=[self.pk])

    @property
    def public_title(self) -> str:
        """What is published: the title, or for a closed item only its general title."""
        if self.closed:
            reason = self.closed_reason or self.ClosedReason.OTHER
            return str(self.ClosedReason(reason).label)
        return self.title


class AgendaReview(models.Model):
    """The agenda sent to a chair before release, and the chair's answer."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reviews")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"],
                                               name="one_review_per_chair")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.person_id}"


class Response(models.Model):
    """A member's answer to the invitation: attending, absent, or sending a substitute."""

    class Answer(models.TextChoices):
        ATTENDING = "attending", _("attending")
        ABSENT = "absent", _("absent")
        SUBSTITUTE = "substitute", _("sends a substitute")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices)
    substitute = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("substitute"))
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"],
                                               name="one_response_per_member")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.person_id} {self.answer}"


class ItemAttendance(models.Model):
    """Who was present for an item (a member, or a substitute for one)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(default=True)
    substitute_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "person"],
                                               name="one_attendance_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.person_id}"


class Conflict(models.Model):
    """A declared conflict of interest (inhabilitet): the member takes no part in the item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="conflicts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["item", "person"],
                                               name="one_conflict_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.person_id}"


class ActionItem(models.Model):
    """Something someone must do, with a due date: from a meeting's item, or a case."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT,
                                      related_name="action_items")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="action_items", verbose_name=_("agenda item"))
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="action_items", verbose_name=_("case"))
    title = models.CharField(_("what"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="action_items",
                              verbose_name=_("owner"))
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_on = models.DateField(null=True, blank=True)  # the last overdue reminder

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_at"]),
                   models.Index(fields=["collaboration", "done_at", "due_on"])]

    def __str__(self) -> str:
        return self.title


class MinutesApproval(models.Model):
    """One approver's approval of the minutes, with the time, and any dissent recorded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="approvals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    dissent = models.TextField(_("dissent"), blank=True)
    # False for a member who is no approver but recorded a dissent on the minutes.
    approver = models.BooleanField(_("approves the minutes"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"],
                                               name="one_approval_per_person")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.person_id}"


class FeedToken(models.Model):
    """A private calendar-feed address, for a person or a body, that can be revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="feed_tokens")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.body_id or '-'}"


