"""What a user finds: the index's entries whose audience they belong to.

The audiences are worked out by the access modules of the apps that own the things
(``klynge.cases.access.case_audience`` and the like, from the rules of their ``visible_…``
querysets); here the user's keys (``klynge.governance.audience``) are matched against them,
in one query with the text: nobody finds what they may not see, closed items included.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from klynge.governance.audience import keys_for
from klynge.governance.roles import roles_of
from klynge.hearings.access import audience_keys as respondent_keys
from klynge.search.models import Entry, Key

Clause = Key.Clause


def visible_entries(user: Any) -> QuerySet[Entry]:
    """The entries ``user`` may see (two small queries for their keys). For anyone but an
    administrator, the database starts from the user's keys: the entries they may see are
    few beside all, whatever the words."""
    roles = roles_of(user)
    if roles.user_id is None:
        return Entry.objects.none()
    if roles.is_admin:
        return Entry.objects.all()
    held = sorted(keys_for(roles) | respondent_keys(roles.user_id))
    if not held:
        return Entry.objects.none()

    def holding(clause: str) -> QuerySet[Key, Any]:
        return Key.objects.filter(clause=clause, key__in=held).values("entry_id")

    allowed = holding(Clause.ALLOWED).exclude(entry_id__in=holding(Clause.DENIED))
    later = holding(Clause.LATER).filter(entry__later_from__lte=timezone.now())
    return Entry.objects.filter(pk__in=holding(Clause.KEEPER).union(allowed, later))
