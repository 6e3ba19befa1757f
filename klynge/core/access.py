"""The one access rule every app shares: who is a platform administrator.

Everything else about who may see or change what is decided in each app's ``access.py``,
from the roles of ``klynge.governance.roles``.
"""

from __future__ import annotations

from typing import Any


def is_administrator(user: Any) -> bool:
    """A platform administrator: an active superuser."""
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.is_active and user.is_superuser)
