"""Signal receivers: an audit entry for every login, through the accounts' actions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from klynge.accounts.actions import do_record_login


@receiver(user_logged_in, dispatch_uid="klynge.accounts.audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    do_record_login(user)
