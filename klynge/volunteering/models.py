"""Volunteer programmes, volunteers and their certificates, referrals of patients, room
bookings, matches and the contacts that follow (docs/volunteering.md).

A :class:`Programme` is run by a voluntary organisation that is a partner of a collaboration.
Its volunteers have a :class:`VolunteerProfile` and :class:`Certificate` rows. Staff of a
partner refer a patient with their consent (:class:`Referral`); the coordinator accepts,
waiting-lists or declines it, books a room for a stay (:class:`Booking`) and matches it with
a volunteer (:class:`Match`), who logs their :class:`Contact` with the patient.

A referral holds a patient's first name, year of birth and needs: no CPR number or
fødselsnummer, no surname, no address. ``klynge.volunteering.access`` decides who sees it;
``klynge.volunteering.actions`` are the only writers.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from klynge.collaborations.models import Collaboration, Organisation
from klynge.governance.models import Body, Person
from klynge.reference.models import Municipality

USER = settings.AUTH_USER_MODEL
DEFAULT_RETENTION_DAYS = 365


class DiagnosisGroup(models.TextChoices):
    CANCER = "cancer", _("cancer")
    HEART = "heart", _("heart disease")
    LUNG = "lung", _("lung disease")
    DIABETES = "diabetes", _("diabetes")
    DEMENTIA = "dementia", _("dementia")
    STROKE = "stroke", _("stroke or brain injury")
    MENTAL_HEALTH = "mental_health", _("mental illness")
    OTHER = "other", _("other illness")


class SocialSituation(models.TextChoices):
    LIVES_ALONE = "lives_alone", _("lives alone")
    LONELY = "lonely", _("lonely")
    BEREAVED = "bereaved", _("recently bereaved")
    CARER = "carer", _("cares for a relative")
    NO_NETWORK = "no_network", _("little or no network")
    NEWLY_ARRIVED = "newly_arrived", _("newly arrived in the country")


class PartOfDay(models.TextChoices):
    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")
    EVENING = "evening", _("evening")


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other")


class Programme(models.Model):
    """A voluntary organisation's programme in a collaboration, with who it is for."""

    class Kind(models.TextChoices):
        NAVIGATOR = "navigator", _("navigator")
        RECOVERY_STAY = "recovery_stay", _("recovery stay")
        CHOIR = "choir", _("choir")
        OTHER = "other", _("other programme")

    class ReferringRole(models.TextChoices):
        REFERRER = "referrer", _("referrer")
        COORDINATOR = "coordinator", _("programme coordinator")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="programmes", verbose_name=_("organisation"))
    collaboration = models.ForeignKey(Collaboration, on_delete=models.PROTECT,
                                      related_name="programmes",
                                      verbose_name=_("collaboration"))
    team = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="programmes",
        verbose_name=_("programme team"),
        help_text=_("The organisation's body where the coordinators sit."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    purpose = models.TextField(_("purpose"), blank=True)
    volunteer_task = models.TextField(_("what the volunteer does"), blank=True)
    duration_weeks = models.PositiveSmallIntegerField(_("for how long (weeks)"), null=True,
                                                      blank=True)
    # Who it is for: an empty criterion holds for everybody.
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("up to age"), null=True, blank=True)
    areas = models.ManyToManyField(Municipality, blank=True, related_name="+",
                                   verbose_name=_("municipalities"))
    diagnosis_groups = models.JSONField(_("diagnosis groups"), default=list, blank=True)
    social_situations = models.JSONField(_("social situations"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Capacity: open places, or rooms and the longest stay.
    places = models.PositiveIntegerField(_("open places"), null=True, blank=True)
    rooms = models.PositiveSmallIntegerField(_("rooms"), null=True, blank=True)
    max_stay_days = models.PositiveSmallIntegerField(_("longest stay (days)"), null=True,
                                                     blank=True)
    # Who may refer.
    referring_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("may refer"))
    referring_roles = models.JSONField(_("roles that may refer"), default=list, blank=True)
    required_certificates = models.JSONField(_("required certificates"), default=list,
                                             blank=True)
    required_course = models.CharField(_("required course"), max_length=150, blank=True)
    retention_days = models.PositiveIntegerField(_("retention period (days)"),
                                                 default=DEFAULT_RETENTION_DAYS)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_stay(self) -> bool:
        return self.kind == self.Kind.RECOVERY_STAY


class VolunteerProfile(models.Model):
    """A person volunteering in a programme: where, in which languages, when, how much."""

    PERSONAL_FIELDS = ("languages", "skills", "availability", "gender", "supports_gender",
                       "note")
    PERSONAL_REPR = True

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="volunteering",
                               verbose_name=_("person"))
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT,
                                  related_name="volunteers", verbose_name=_("programme"))
    areas = models.ManyToManyField(Municipality, blank=True, related_name="+",
                                   verbose_name=_("municipalities"))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    skills = models.JSONField(_("skills and traits"), default=list, blank=True)
    availability = models.JSONField(_("availability"), default=list, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    supports_gender = models.CharField(_("prefers to support"), max_length=8,
                                       choices=Gender.choices, blank=True)
    max_load = models.PositiveSmallIntegerField(_("most people at a time"), default=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["programme", "person__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "programme"],
                                               name="one_profile_per_programme")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Certificate(models.Model):
    """A volunteer's certificate: valid from ``issued`` up to the day before ``expires``."""

    class Kind(models.TextChoices):
        DK_CRIMINAL_RECORD = "dk_criminal_record", _("criminal record certificate (Denmark)")
        DK_CHILD_CERTIFICATE = "dk_child_certificate", _("child protection certificate "
                                                          "(Denmark)")
        NO_POLICE_CERTIFICATE = "no_police_certificate", _("police certificate (Norway)")
        COURSE = "course", _("course")

    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE,
                                  related_name="certificates", verbose_name=_("volunteer"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    course_name = models.CharField(_("course"), max_length=150, blank=True)
    issued = models.DateField(_("issued"))
    expires = models.DateField(_("expires"), null=True, blank=True,
                               help_text=_("The first day it is no longer valid."))
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    added_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("added by"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["volunteer", "kind", "issued", "pk"]

    def __str__(self) -> str:
        label = self.course_name if self.kind == self.Kind.COURSE else self.get_kind_display()
        return f"{label} ({self.issued})"


class Referral(models.Model):
    """A patient referred to a programme, with their consent to share this data with it."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        WAITING = "waiting", _("on the waiting list")
        DECLINED = "declined", _("declined")
        MATCHED = "matched", _("matched with a volunteer")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("completed")
        ENDED_EARLY = "ended_early", _("ended early by the patient")
        NO_VOLUNTEER = "no_volunteer", _("no volunteer could be found")
        NO_LONGER_NEEDED = "no_longer_needed", _("no longer needed")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
        OTHER = "other", _("other")

    class Urgency(models.IntegerChoices):
        ROUTINE = 0, _("routine")
        SOON = 1, _("soon")
        URGENT = 2, _("urgent")

    # The patient's data: blanked when consent is withdrawn or the retention period ends.
    PATIENT_FIELDS = ("first_name", "year_of_birth", "gender", "needs", "languages", "area",
                      "availability", "wished_traits", "avoided_traits", "volunteer_gender",
                      "diagnosis_group", "social_situations", "decline_reason")
    PERSONAL_FIELDS = (*PATIENT_FIELDS, "consent_covers")
    PERSONAL_REPR = True

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT,
                                  related_name="referrals", verbose_name=_("programme"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("referring organisation"))
    referred_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("referred by"))
    # A referral a partner's system sent (docs/fhir.md): no person referred it, a token did;
    # ``uid`` is its FHIR Task's id (not the sequential number).
    api_token = models.ForeignKey("ApiToken", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="referrals", verbose_name=_("sent with token"))
    uid = models.UUIDField(_("FHIR id"), default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=60, blank=True)
    year_of_birth = models.PositiveSmallIntegerField(_("year of birth"), null=True,
                                                     blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    needs = models.TextField(_("needs"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    area = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("municipality"))
    availability = models.JSONField(_("availability"), default=list, blank=True)
    wished_traits = models.JSONField(_("wishes"), default=list, blank=True)
    avoided_traits = models.JSONField(_("must avoid"), default=list, blank=True)
    volunteer_gender = models.CharField(_("volunteer of gender"), max_length=8,
                                        choices=Gender.choices, blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices,
                                               default=Urgency.ROUTINE)
    diagnosis_group = models.CharField(_("diagnosis group"), max_length=16,
                                       choices=DiagnosisGroup.choices, blank=True)
    social_situations = models.JSONField(_("social situation"), default=list, blank=True)
    consent_given_at = models.DateTimeField(_("consent given"))
    consent_covers = models.TextField(_("what the consent covers"))
    consent_recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                            related_name="+",
                                            verbose_name=_("consent recorded by"))
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices,
                             default=State.SUBMITTED)
    decline_reason = models.CharField(_("why declined"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices,
                               blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    matched_at = models.DateTimeField(_("matched"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["programme", "state"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state not in (self.State.DECLINED, self.State.CLOSED)


class Booking(models.Model):
    """A room for a stay, from the first to the last day (both included)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="bookings",
                                 verbose_name=_("referral"))
    room = models.PositiveSmallIntegerField(_("room"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    booked_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("booked by"))
    booked_at = models.DateTimeField(_("booked"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_on", "room", "pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Match(models.Model):
    """A referral matched with a volunteer, until the referral closes."""

    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="matches",
                                 verbose_name=_("referral"))
    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.PROTECT,
                                  related_name="matches", verbose_name=_("volunteer"))
    matched_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("matched by"))
    matched_at = models.DateTimeField(_("matched"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices,
                             default=State.ACTIVE)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-matched_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["referral"],
                                               condition=Q(state="active"),
                                               name="one_active_match_per_referral")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Contact(models.Model):
    """One contact between a volunteer and the person they support."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("visit")
        PHONE = "phone", _("phone call")
        ACCOMPANIED = "accompanied", _("accompanied to an appointment")
        OTHER = "other", _("other")

    PERSONAL_FIELDS = ("note",)

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="contacts",
                              verbose_name=_("match"))
    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("short note"), max_length=500, blank=True)
    minutes = models.PositiveIntegerField(_("minutes spent"))
    logged_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("logged by"))
    logged_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class ApiToken(models.Model):
    """A partner organisation's key to the FHIR referral interface (docs/fhir.md). Only a
    hash of the secret is kept: it is shown once, when the token is issued. A revoked token
    opens nothing."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    label = models.CharField(_("label"), max_length=100,
                             help_text=_("Which system uses it, e.g. the hospital's EHR."))
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("issued by"),
                                   editable=False)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["organisation", "-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.organisation})"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
