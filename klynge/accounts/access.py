"""Who is a platform administrator, and who may use the Django admin.

The roles that come from seats and grants are decided in ``klynge.governance.roles``; this is
the part below them: the account itself.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from klynge.core.access import is_administrator

__all__ = ["is_administrator", "is_verified", "may_use_admin"]


def is_verified(user: Any) -> bool:
    """Whether the user signed in with a second factor in this session (django-otp)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def may_use_admin(request: HttpRequest) -> bool:
    """The Django admin is for platform administrators, signed in with a second factor."""
    return is_administrator(request.user) and is_verified(request.user)
