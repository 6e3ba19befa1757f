"""How the follow page names a followed meeting (``klynge.notifications.topics``)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format

from klynge.meetings.access import visible_meetings


def describe_meetings(user: Any, ids: list[int]) -> dict[int, tuple[str, str]]:
    """The meetings among ``ids`` the user may see: body and date, and the link (one query)."""
    meetings = visible_meetings(user).filter(pk__in=ids).select_related("body")
    return {meeting.pk: (f"{meeting.body.name} {date_format(meeting.day, 'SHORT_DATE_FORMAT')}",
                         meeting.get_absolute_url())
            for meeting in meetings}
