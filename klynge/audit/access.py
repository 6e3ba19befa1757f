"""Who may read the audit trail: platform administrators (with their second factor)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from klynge.core.access import is_administrator


def may_read_audit(user: Any) -> bool:
    return is_administrator(user)


def check_audit_reader(user: Any) -> None:
    """403 for anyone else: that the audit page exists is no secret."""
    if not may_read_audit(user):
        raise PermissionDenied
