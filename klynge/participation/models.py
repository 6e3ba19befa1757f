"""Citizens' part: the public page's settings, what is published on it, contributions
(stories, ideas and answers to public hearings, moderated), idea workshops with dot voting,
and the hashed client addresses the rate limit counts.

Personal data here is a citizen's: a teller's name and contact, a participant's name, a
client address. Each has a retention period (docs/participation.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.hearings.models import Hearing
from klynge.vocabulary.models import Term

DEFAULT_RETENTION_DAYS = 365
USER = settings.AUTH_USER_MODEL


class PublicPage(models.Model):
    """A collaboration's settings for its public page (a collaboration without a row has the
    defaults)."""

    collaboration = models.OneToOneField(Collaboration, on_delete=models.CASCADE,
                                         related_name="public_page",
                                         verbose_name=_("collaboration"))
    introduction = models.TextField(
        _("introduction"), blank=True,
        help_text=_("A few words to citizens at the top of the public page."))
    accepts_contributions = models.BooleanField(
        _("accepts stories and ideas"), default=True,
        help_text=_("Citizens can send stories, ideas and answers to public hearings."))
    retention_days = models.PositiveIntegerField(
        _("retention period (days)"), default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_("After this many days the names and contact details of tellers and "
                    "workshop participants are removed."))

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")

    def __str__(self) -> str:
        return str(self.collaboration)


class PublicCase(models.Model):
    """A case the secretariat has marked public."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="publication",
                                verbose_name=_("case"))
    published_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("public case")
        verbose_name_plural = _("public cases")

    def __str__(self) -> str:
        return str(self.case)


class PublicHearing(models.Model):
    """A hearing the secretariat has marked public: citizens read it and may answer."""

    hearing = models.OneToOneField(Hearing, on_delete=models.CASCADE,
                                   related_name="publication", verbose_name=_("hearing"))
    published_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("public hearing")
        verbose_name_plural = _("public hearings")

    def __str__(self) -> str:
        return str(self.hearing)


class Workshop(models.Model):
    """An idea workshop: citizens' stories become ideas, prioritised by dot voting."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        VOTING = "voting", _("voting open")
        CLOSED = "closed", _("voting closed")

    collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT,
                                      related_name="workshops", verbose_name=_("collaboration"))
    title = models.CharField(_("title"), max_length=200)
    theme = models.ForeignKey(Term, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="workshops", verbose_name=_("theme"))
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("when"))
    place = models.CharField(_("place"), max_length=200)
    dots = models.PositiveSmallIntegerField(
        _("dots per participant"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)])
    state = models.CharField(_("state"), max_length=16, choices=State.choices,
                             default=State.PLANNED)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("idea workshop")
        verbose_name_plural = _("idea workshops")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:workshop", args=[self.pk])


class Participant(models.Model):
    """An invited participant: votes through a personal code, without an account."""

    PERSONAL_FIELDS = ("name",)
    PERSONAL_REPR = True

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE,
                                 related_name="participants", verbose_name=_("workshop"))
    name = models.CharField(_("name"), max_length=120, blank=True)
    code = models.CharField(_("personal code"), max_length=12, unique=True)
    invited_at = models.DateTimeField(_("invited"))
    voted_at = models.DateTimeField(_("voted"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop participant")
        verbose_name_plural = _("workshop participants")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name or self.code


class Contribution(models.Model):
    """A citizen's story, idea or answer to a public hearing. It waits for moderation; the
    teller's consent is recorded; a teller can withdraw it with the key they were given."""

    class Kind(models.TextChoices):
        STORY = "story", _("story")
        IDEA = "idea", _("idea")
        ANSWER = "answer", _("answer to a hearing")

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn by the teller")

    class Via(models.TextChoices):
        PUBLIC = "public", _("the public page")
        WORKSHOP = "workshop", _("a workshop participant")
        SECRETARIAT = "secretariat", _("the secretariat")

    PERSONAL_FIELDS = ("name", "contact", "text", "title", "feedback")
    PERSONAL_REPR = True

    collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT,
                                      related_name="contributions",
                                      verbose_name=_("collaboration"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="public_answers", verbose_name=_("hearing"))
    workshop = models.ForeignKey(Workshop, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="stories", verbose_name=_("workshop"))
    theme = models.ForeignKey(Term, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("theme"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    name = models.CharField(_("name"), max_length=120, blank=True)
    contact = models.CharField(_("e-mail or phone"), max_length=200, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    show_publicly = models.BooleanField(_("may be shown on the public page"), default=False)
    consent_at = models.DateTimeField(_("consent given"))
    via = models.CharField(_("received through"), max_length=16, choices=Via.choices)
    participant = models.ForeignKey(Participant, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="contributions")
    state = models.CharField(_("state"), max_length=16, choices=State.choices,
                             default=State.PENDING)
    withdraw_digest = models.CharField(max_length=64, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("received"))
    moderated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    feedback = models.TextField(_("what was fed back"), blank=True)
    fed_back_at = models.DateTimeField(_("fed back"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["collaboration", "state"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(kind="answer")
                                   | models.Q(hearing__isnull=False),
                                   name="answer_has_hearing"),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]

    @property
    def teller(self) -> str:
        """How the teller is named where the contribution is shown."""
        if self.anonymous or not self.name:
            return str(_("Anonymous"))
        return self.name


class Idea(models.Model):
    """An idea at a workshop, from the stories behind it; it may become a case."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="ideas",
                                 verbose_name=_("workshop"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("description"))
    theme = models.ForeignKey(Term, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("theme"))
    stories = models.ManyToManyField(Contribution, blank=True, related_name="ideas",
                                     verbose_name=_("stories behind it"))
    case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="workshop_idea", verbose_name=_("case"))
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Vote(models.Model):
    """The dots one participant put on one idea."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE,
                                    related_name="votes")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    dots = models.PositiveSmallIntegerField(_("dots"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["participant", "idea"],
                                               name="one_vote_per_idea")]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.idea_id}: {self.dots}"


class Event(models.Model):
    """A user-led day, a course or a seminar, open to citizens, with registration and a
    waiting list; what it produced is recorded in the ledgers of the cases it concerns."""

    class Kind(models.TextChoices):
        USER_LED_DAY = "user_led_day", _("user-led day")
        COURSE = "course", _("course")
        SEMINAR = "seminar", _("seminar")

    collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT,
                                      related_name="events", verbose_name=_("collaboration"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(10000)])
    cases = models.ManyToManyField(Case, blank=True, related_name="citizen_events",
                                   verbose_name=_("cases it concerns"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    involvement_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:event", args=[self.pk])


class Registration(models.Model):
    """A citizen's registration for an event: a place, or a place on the waiting list."""

    PERSONAL_FIELDS = ("name", "contact", "needs")
    PERSONAL_REPR = True

    class State(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations",
                              verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=120)
    contact = models.CharField(_("e-mail or phone"), max_length=200)
    needs = models.CharField(_("needs"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    registered_at = models.DateTimeField(_("registered"))
    cancel_digest = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=8, blank=True,
                                help_text=_("The language the citizen registered in: e-mails "
                                            "to them are written in it."))
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.get_state_display()}"


class AddressHit(models.Model):
    """One submission from a client address, kept only as a keyed hash of the address and
    the day, and only for a day (the rate limit counts them)."""

    digest = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["digest", "at"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.digest[:8]}… {self.at:%H:%M:%S}"
