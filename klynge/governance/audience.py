"""Who may see a thing, written as keys: the form in which search keeps access facts beside
its texts, so that one query over one table finds what a user may see.

A thing's :class:`Audience` is worked out by the access module of the app that owns it
(``klynge.cases.access.case_audience`` and the like), from the same rule as its
``visible_…`` queryset; a user holds the keys of their roles (:func:`keys_for`, and the
owning apps' own additions). The user sees the thing when

- they hold one of its ``keepers`` keys, or
- they hold one of its ``allowed`` keys and none of its ``denied`` ones, or
- ``later_from`` has come and they hold one of its ``later`` keys.

Administrators see everything and signed-out users nothing; neither needs keys. A test
(``klynge/search/tests/test_index_agrees.py``) checks, for every demo user and every thing,
that the keys give the same answer as the access modules' querysets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from klynge.governance.models import Person
from klynge.governance.roles import Roles


@dataclass
class Audience:
    keepers: set[str] = field(default_factory=set)
    allowed: set[str] = field(default_factory=set)
    denied: set[str] = field(default_factory=set)
    later: set[str] = field(default_factory=set)
    later_from: dt.datetime | None = None


# The keys. Short, as there are many rows of them.
def secretariat(collaboration_id: int | None) -> set[str]:
    """The collaboration's secretariat."""
    return {f"s{collaboration_id}"} if collaboration_id else set()


def organisation_secretary(organisation_id: int | None) -> set[str]:
    return {f"os{organisation_id}"} if organisation_id else set()


def member(body_id: int | None) -> set[str]:
    """A seat in the body."""
    return {f"b{body_id}"} if body_id else set()


def member_in(collaboration_id: int | None) -> set[str]:
    """A seat in any body of the collaboration (``Roles.member_collaborations``)."""
    return {f"m{collaboration_id}"} if collaboration_id else set()


def open_to(collaboration_ids: Iterable[int | None]) -> set[str]:
    """A seat in the collaboration or in an organisation's body taking part in it."""
    return {f"o{c}" for c in collaboration_ids if c}


def person(person_id: int | None) -> set[str]:
    """The person (whichever user account is theirs when the user asks)."""
    return {f"p{person_id}"} if person_id else set()


def person_in_body(person_id: int | None, body_id: int | None) -> set[str]:
    """The person, while they have a seat in the body."""
    return {f"pb{body_id}.{person_id}"} if person_id and body_id else set()


def respondent(party_id: int) -> set[str]:
    """A named respondent of a hearing's party."""
    return {f"r{party_id}"}


def respondent_in(hearing_id: int) -> set[str]:
    """A named respondent of any party of the hearing."""
    return {f"rh{hearing_id}"}


def keys_for(roles: Roles) -> set[str]:
    """The keys of the user's roles and person (one query, for the person)."""
    if roles.user_id is None:
        return set()
    persons = list(Person.objects.filter(user_id=roles.user_id).values_list("pk", flat=True))
    keys: set[str] = set()
    for collaboration_id in roles.secretariat_of:
        keys |= secretariat(collaboration_id)
    for organisation_id in roles.organisation_secretary_of:
        keys |= organisation_secretary(organisation_id)
    for body_id in roles.member_of:
        keys |= member(body_id)
        for person_id in persons:
            keys |= person_in_body(person_id, body_id)
    for collaboration_id in roles.member_collaborations:
        keys |= member_in(collaboration_id)
    keys |= open_to(roles.open_case_collaborations)
    for person_id in persons:
        keys |= person(person_id)
    return keys
