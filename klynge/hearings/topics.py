"""How the follow page names a followed hearing (registered in ``HearingsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from klynge.hearings.access import visible_hearings


def describe_hearings(user: Any, ids: list[int]) -> dict[int, tuple[str, str]]:
    return {hearing.pk: (hearing.title, hearing.get_absolute_url())
            for hearing in visible_hearings(user).filter(pk__in=ids)}
