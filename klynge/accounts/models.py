"""Accounts. A user's roles come from the seats and grants of their person (governance)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    PERSONAL_FIELDS = ("first_name", "last_name", "email", "username", "password")
    PERSONAL_REPR = True

    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
