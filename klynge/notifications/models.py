"""Following, and what a follower is told.

- :class:`Subscription`: a user follows a case, a body or a theme (a topic: kind and number,
  since the apps that own those objects sit above this one).
- :class:`Notification`: one thing one user is told, in the app and by e-mail. Its text is a
  message id from the catalogues and its parameters, rendered in the reader's language when
  shown or sent.
"""

from __future__ import annotations

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


class Subscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="subscriptions", verbose_name=_("user"))
    topic = models.CharField(_("follows a"), max_length=16, choices=Topic.choices)
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
    topic = models.CharField(_("about a"), max_length=16, choices=Topic.choices)
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
