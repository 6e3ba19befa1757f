"""Signal receivers: an audit entry for every login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry


@receiver(user_logged_in, dispatch_uid="klynge.accounts.audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(user, AuditEntry.Verb.LOGIN, user)
