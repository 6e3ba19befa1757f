"""Following, and what a follower is told.

- :class:`Subscription`: a user follows a case, a body or a theme (a topic: kind and number,
  since the apps that own those objects sit above this one).
- :class:`Notification`: one thing one user is told, in the app and by e-mail. Its text is a
  message id from the catalogues and its parameters, rendered in the reader's language when
  shown or sent.
- :class:`Preference`: how a user wants e-mail (a daily digest by default).
- :class:`Delivery` and :class:`Sent`: the outbox. A delivery is one e-mail to send, made in
  the same transaction as its notifications; a sent record says it went to the mail server.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from klynge.collaborations.models import Collaboration


class Topic(models.TextChoices):
    CASE = "case", _("case")
    BODY = "body", _("body")
    THEME = "theme", _("theme")
    HEARING = "hearing", _("hearing")
    MEETING = "meeting", _("meeting")
    REFERRAL = "referral", _("referral")
    PROGRAMME = "programme", _("programme")


class Subscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="subscriptions", verbose_name=_("user"))
    topic = models.CharField(_("follows"), max_length=16, choices=Topic.choices)
    topic_id = models.PositiveBigIntegerField(_("number"))
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic", "topic_id"],
                                    name="one_subscription_per_topic"),
        ]
        indexes = [models.Index(fields=["topic", "topic_id"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.topic} {self.topic_id}"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications", verbose_name=_("user"))
    collaboration = models.ForeignKey(Collaboration, null=True, blank=True,
                                      on_delete=models.CASCADE, related_name="+",
                                      verbose_name=_("collaboration"))
    topic = models.CharField(_("about"), max_length=16, choices=Topic.choices)
    topic_id = models.PositiveBigIntegerField(_("number"))
    message = models.CharField(_("message"), max_length=255)  # a msgid in the catalogues
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=255)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the active language."""
        try:
            return gettext_now(self.message) % self.params
        except (KeyError, TypeError, ValueError):
            return gettext_now(self.message)

    def text_in(self, language: str) -> str:
        with override(language):
            return self.text


class EmailDelivery(models.TextChoices):
    DIGEST = "digest", _("a daily digest")
    IMMEDIATELY = "immediately", _("immediately")
    NONE = "none", _("no e-mail")


class Preference(models.Model):
    """How a user wants to be told by e-mail (in the app they are always told). A user
    without a row gets the daily digest."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference",
                                verbose_name=_("user"))
    email = models.CharField(_("e-mail"), max_length=16, choices=EmailDelivery.choices,
                             default=EmailDelivery.DIGEST)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"


class Delivery(models.Model):
    """One e-mail to send (the outbox): made in the same transaction as its notifications,
    claimed by a sender for a while (the lease), and sent once a :class:`Sent` row exists.

    An immediate delivery carries one notification; a digest carries a user's notifications
    of one day (``day``) and is due the next morning."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("immediate")
        DIGEST = "digest", _("daily digest")

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="deliveries", verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    day = models.DateField(_("day"), null=True, blank=True)  # digests only
    notifications = models.ManyToManyField(Notification, related_name="deliveries",
                                           verbose_name=_("notifications"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    due_at = models.DateTimeField(_("due"), db_index=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    dropped_at = models.DateTimeField(_("dropped"), null=True, blank=True)
    drop_reason = models.CharField(_("why dropped"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # NULL days (immediate deliveries) never collide.
            models.UniqueConstraint(fields=["user", "kind", "day"],
                                    name="one_digest_per_user_and_day"),
        ]
        indexes = [models.Index(fields=["claimed_at", "due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid}"


class Sent(models.Model):
    """That a delivery was handed to the mail server: exactly one per delivery (the one-to-one
    field is a unique constraint; a second sender's record is refused by the database)."""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="sent",
                                    verbose_name=_("delivery"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    message_id = models.CharField(_("Message-ID"), max_length=255)
    recipient = models.CharField(_("recipient"), max_length=254)
    sent_by = models.CharField(_("sent by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")

    def __str__(self) -> str:
        return self.message_id
