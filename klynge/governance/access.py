"""Who may see or change what. The only place that decides it.

Roles come from seats whose term covers today:
- a platform administrator (``is_superuser``) sees and changes everything;
- the secretariat of a collaboration (a seat in its ``secretariat`` body) changes that
  collaboration and sees all of it, confidential bodies included;
- a member of a body, a panel member and a guest (any other signed-in user) see every
  collaboration and its non-confidential bodies, and the confidential bodies they sit in.

An object the user may not see is answered with 404, never 403, so its existence
does not leak; an object they may see but not change is answered with 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from klynge.governance.models import Body, Collaboration, Organisation, Person, Seat


def _today() -> dt.date:
    return timezone.localdate()


def active_seats(user: Any) -> QuerySet[Seat]:
    """The seats the user holds today: where every role comes from."""
    if not user.is_authenticated:
        return Seat.objects.none()
    return Seat.objects.on(_today()).filter(person__user=user)


def secretariat_collaboration_ids(user: Any) -> set[int]:
    """Collaborations whose secretariat the user sits in today."""
    seats = active_seats(user).filter(body__kind=Body.Kind.SECRETARIAT)
    return set(seats.values_list("body__collaboration_id", flat=True))


def member_body_ids(user: Any) -> set[int]:
    return set(active_seats(user).values_list("body_id", flat=True))


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def can_edit_collaboration(user: Any, collaboration: Collaboration) -> bool:
    if is_admin(user):
        return True
    return collaboration.pk in secretariat_collaboration_ids(user)


def visible_collaborations(user: Any) -> QuerySet[Collaboration]:
    if not user.is_authenticated:
        return Collaboration.objects.none()
    return Collaboration.objects.all()


def visible_bodies(user: Any) -> QuerySet[Body]:
    if not user.is_authenticated:
        return Body.objects.none()
    if is_admin(user):
        return Body.objects.all()
    return Body.objects.filter(
        Q(confidential=False)
        | Q(collaboration_id__in=secretariat_collaboration_ids(user))
        | Q(pk__in=member_body_ids(user))
    )


def visible_seats(user: Any) -> QuerySet[Seat]:
    return Seat.objects.filter(body__in=visible_bodies(user))


def visible_people(user: Any) -> QuerySet[Person]:
    if is_admin(user):
        return Person.objects.all()
    own = Q(user=user) if user.is_authenticated else Q(pk__in=[])
    return Person.objects.filter(Q(seats__in=visible_seats(user)) | own).distinct()


def can_see_contact_details(user: Any, person: Person) -> bool:
    """E-mail and phone: the person, the secretariats they sit under, administrators."""
    if is_admin(user) or (user.is_authenticated and person.user_id == user.pk):
        return True
    collaboration_ids = set(person.seats.values_list("body__collaboration_id", flat=True))
    return bool(collaboration_ids & secretariat_collaboration_ids(user))


def get_collaboration_for_user(user: Any, code: str, write: bool = False) -> Collaboration:
    try:
        collaboration = visible_collaborations(user).get(code=code)
    except Collaboration.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_collaboration(user, collaboration):
        raise PermissionDenied
    return collaboration


def get_body_for_user(user: Any, pk: int, write: bool = False) -> Body:
    try:
        body = visible_bodies(user).select_related("collaboration", "parent").get(pk=pk)
    except Body.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_collaboration(user, body.collaboration):
        raise PermissionDenied
    return body


def get_seat_for_user(user: Any, pk: int, write: bool = False) -> Seat:
    try:
        seat = visible_seats(user).select_related("body__collaboration", "person").get(pk=pk)
    except Seat.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_collaboration(user, seat.body.collaboration):
        raise PermissionDenied
    return seat


def get_person_for_user(user: Any, pk: int, write: bool = False) -> Person:
    try:
        person = visible_people(user).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None
    if write and not (is_admin(user) or can_see_contact_details(user, person)):
        raise PermissionDenied
    return person


def get_organisation_for_user(user: Any, pk: int, write: bool = False) -> Organisation:
    if not user.is_authenticated:
        raise Http404
    try:
        organisation = Organisation.objects.get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if write and not is_admin(user):
        raise PermissionDenied
    return organisation
