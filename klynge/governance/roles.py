"""A user's roles on a day, computed once: from the seats they hold and the roles granted them.

- **administrator**: a platform administrator (an active superuser);
- **secretariat of** a collaboration: a seat in its ``secretariat`` body;
- **member of** a body: any seat in it; **panel member of** a user panel, elder council or
  student panel: a seat in it;
- from a :class:`~klynge.governance.models.RoleGrant`: **analyst of** a collaboration,
  **referrer for** an organisation (staff of a partner who may refer patients),
  **organisation secretary of** an organisation (keeps its own bodies), **coordinator of** and
  **volunteer in** a programme.

:func:`roles_of` caches the answer on the user object, so it is computed once per request
(``request.user`` is one object for the whole request) and a page's queries do not grow with
the number of access checks it makes. :meth:`Roles.for_user` computes afresh, for tasks,
notifications and search outside a request. Two queries either way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone

from klynge.accounts.access import is_administrator
from klynge.governance.models import Body, Participation, RoleGrant, Seat

_CACHE_ATTRIBUTE = "_klynge_roles"
EMPTY: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Roles:
    user_id: int | None
    on: dt.date
    is_admin: bool = False
    secretariat_of: frozenset[int] = EMPTY  # collaboration ids
    member_of: frozenset[int] = EMPTY  # body ids
    panel_member_of: frozenset[int] = EMPTY  # body ids
    analyst_of: frozenset[int] = EMPTY  # collaboration ids
    referrer_for: frozenset[int] = EMPTY  # organisation ids
    organisation_secretary_of: frozenset[int] = EMPTY  # organisation ids
    coordinator_of: frozenset[int] = EMPTY  # programme ids
    volunteer_in: frozenset[int] = EMPTY  # programme ids
    member_collaborations: frozenset[int] = field(default=EMPTY)  # via a seat in a body
    # Via a seat in an organisation's body taking part (a municipality's elder council).
    participating_collaborations: frozenset[int] = field(default=EMPTY)

    @classmethod
    def none(cls, on: dt.date | None = None) -> Roles:
        return cls(user_id=None, on=on or timezone.localdate())

    @classmethod
    def for_user(cls, user: Any, on: dt.date | None = None) -> Roles:
        """The roles of ``user`` on ``on`` (default today), computed afresh."""
        on = on or timezone.localdate()
        if user is None or not user.is_authenticated or not user.is_active:
            return cls.none(on)
        seats = (Seat.objects.on(on).filter(person__user=user)
                 .values_list("body_id", "body__kind", "body__collaboration_id"))
        grants = (RoleGrant.objects.on(on).filter(person__user=user)
                  .values_list("role", "collaboration_id", "organisation_id", "programme_id"))
        seats_list = list(seats)
        roles = cls._build(user, on, seats_list, list(grants))
        own_bodies = [body for body, _kind, collaboration in seats_list if collaboration is None]
        if not own_bodies:  # one more query only for those who sit in an organisation's body
            return roles
        taking_part = (Participation.objects.on(on).filter(body_id__in=own_bodies)
                       .values_list("collaboration_id", flat=True))
        return replace(roles, participating_collaborations=frozenset(taking_part))

    @classmethod
    def _build(cls, user: Any, on: dt.date, seats: list[tuple[int, str, int | None]],
               grants: list[tuple[str, int | None, int | None, int | None]]) -> Roles:
        by_role: dict[str, set[int]] = {role: set() for role in RoleGrant.Role.values}
        for role, collaboration_id, organisation_id, programme_id in grants:
            scope_id = collaboration_id or organisation_id or programme_id
            if scope_id is not None:
                by_role[role].add(scope_id)
        return cls(
            user_id=user.pk, on=on, is_admin=is_administrator(user),
            secretariat_of=frozenset(c for _b, kind, c in seats
                                     if kind == Body.Kind.SECRETARIAT and c is not None),
            member_of=frozenset(body for body, _k, _c in seats),
            panel_member_of=frozenset(body for body, kind, _c in seats
                                      if kind in Body.PANEL_KINDS),
            member_collaborations=frozenset(c for _b, _k, c in seats if c is not None),
            analyst_of=frozenset(by_role[RoleGrant.Role.ANALYST]),
            referrer_for=frozenset(by_role[RoleGrant.Role.REFERRER]),
            organisation_secretary_of=frozenset(by_role[RoleGrant.Role.ORGANISATION_SECRETARY]),
            coordinator_of=frozenset(by_role[RoleGrant.Role.COORDINATOR]),
            volunteer_in=frozenset(by_role[RoleGrant.Role.VOLUNTEER]),
        )

    # Questions -----------------------------------------------------------------------------
    def is_secretariat_of(self, collaboration_id: int | None) -> bool:
        return self.is_admin or collaboration_id in self.secretariat_of

    def is_member_of(self, body_id: int | None) -> bool:
        return body_id in self.member_of

    def keeps_body(self, body: Body) -> bool:
        """Whether the user may change ``body``: its collaboration's secretariat, or its
        organisation's secretary, or an administrator."""
        if self.is_admin:
            return True
        if body.collaboration_id is not None:
            return body.collaboration_id in self.secretariat_of
        return body.organisation_id in self.organisation_secretary_of

    @property
    def open_case_collaborations(self) -> frozenset[int]:
        """The collaborations whose cases that are not confidential the user sees: a seat
        in one of its bodies or in a taking-part organisation's body, or its analyst role
        (analysts prepare the numbers cases cite)."""
        return self.member_collaborations | self.participating_collaborations | self.analyst_of

    @property
    def has_any(self) -> bool:
        """Whether the user holds any seat or granted role on the day (or administers)."""
        return self.is_admin or bool(self.member_of) or any((
            self.analyst_of, self.referrer_for, self.organisation_secretary_of,
            self.coordinator_of, self.volunteer_in))

    @property
    def sees_personal_data(self) -> bool:
        """Roles that see personal or health data; they sign in with a second factor."""
        return self.is_admin or any((self.secretariat_of, self.analyst_of,
                                     self.organisation_secretary_of, self.coordinator_of))


def roles_of(user: Any, on: dt.date | None = None) -> Roles:
    """The roles of ``user`` on ``on`` (default today), cached on the user object. Given
    roles already worked out (a :class:`Roles`, e.g. for a feed or a task), it returns them,
    so an access rule takes either a user or their roles."""
    if isinstance(user, Roles):
        if on is not None and on != user.on:
            raise ValueError(f"roles of {user.on} asked for {on}")
        return user
    on = on or timezone.localdate()
    if user is None or not getattr(user, "is_authenticated", False):
        return Roles.none(on)
    cache: dict[dt.date, Roles] = user.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if on not in cache:
        cache[on] = Roles.for_user(user, on)
    return cache[on]


def forget_roles(user: Any) -> None:
    """Drop the cached roles (after an action changed them within the same request)."""
    if user is not None:
        user.__dict__.pop(_CACHE_ATTRIBUTE, None)
