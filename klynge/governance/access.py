"""Who may see or change what. The only place that decides it, from the user's roles.

The roles (``klynge.governance.roles``) are computed once per request:
- a platform administrator sees and changes everything;
- the secretariat of a collaboration changes that collaboration and sees all of it,
  confidential bodies included; an organisation's secretary (a role grant) does the same for
  the organisation's own bodies;
- a member of a body, a panel member and a guest (any other signed-in user) see every
  collaboration and its non-confidential bodies, and the confidential bodies they sit in.

An object the user may not see is answered with 404, never 403, so its existence does not
leak; an object they may see but not change is answered with 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.governance.models import Body, Participation, Person, RoleGrant, Seat
from klynge.governance.roles import roles_of


def active_seats(user: Any) -> QuerySet[Seat]:
    """The seats the user holds today."""
    roles = roles_of(user)
    if roles.user_id is None:
        return Seat.objects.none()
    return Seat.objects.on(roles.on).filter(person__user_id=roles.user_id)


def is_admin(user: Any) -> bool:
    return roles_of(user).is_admin


def can_edit_collaboration(user: Any, collaboration: Collaboration) -> bool:
    return roles_of(user).is_secretariat_of(collaboration.pk)


def can_edit_body(user: Any, body: Body) -> bool:
    return roles_of(user).keeps_body(body)


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    roles = roles_of(user)
    return roles.is_admin or organisation.pk in roles.organisation_secretary_of


def visible_collaborations(user: Any) -> QuerySet[Collaboration]:
    if not getattr(user, "is_authenticated", False):
        return Collaboration.objects.none()
    return Collaboration.objects.all()


def _visible_bodies_filter(user: Any) -> Q | None:
    """None: every body; otherwise the bodies the user may see."""
    roles = roles_of(user)
    if roles.is_admin:
        return None
    return (Q(confidential=False)
            | Q(collaboration_id__in=roles.secretariat_of)
            | Q(organisation_id__in=roles.organisation_secretary_of)
            | Q(pk__in=roles.member_of))


def visible_bodies(user: Any) -> QuerySet[Body]:
    if not getattr(user, "is_authenticated", False):
        return Body.objects.none()
    condition = _visible_bodies_filter(user)
    return Body.objects.all() if condition is None else Body.objects.filter(condition)


def may_see_body(user: Any, body: Body) -> bool:
    """The same rule as :func:`visible_bodies`, for a body already loaded (no query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = roles_of(user)
    return (roles.is_admin or not body.confidential or roles.keeps_body(body)
            or body.pk in roles.member_of)


def visible_seats(user: Any) -> QuerySet[Seat]:
    return Seat.objects.filter(body__in=visible_bodies(user))


def visible_people(user: Any) -> QuerySet[Person]:
    """People in a body the user may see, and the user's own person; for a secretariat also
    the people who work at its collaboration's partners today (whom it names as respondents
    to a hearing or seats in a body)."""
    roles = roles_of(user)
    if roles.is_admin:
        return Person.objects.all()
    own = Q(user_id=roles.user_id) if roles.user_id is not None else Q(pk__in=[])
    # A subquery, not a join through the seats: no duplicates to remove, and one person
    # (the person page) is found by its key first.
    condition = Q(pk__in=visible_seats(user).values("person_id")) | own
    if roles.secretariat_of:
        partners = (Partnership.objects.on(roles.on)
                    .filter(collaboration_id__in=roles.secretariat_of).values("organisation_id"))
        condition |= Q(organisation_id__in=partners)
    return Person.objects.filter(condition)


def seatable_people(user: Any) -> QuerySet[Person]:
    """Whom the user may put in a seat: people they may see, and nobody erased."""
    return visible_people(user).filter(erased=False)


def can_see_contact_details(user: Any, person: Person) -> bool:
    """E-mail and phone: the person, the secretariats they sit under, administrators."""
    roles = roles_of(user)
    if roles.is_admin or (roles.user_id is not None and person.user_id == roles.user_id):
        return True
    seats = person.seats.values_list("body__collaboration_id", "body__organisation_id")
    return any(c in roles.secretariat_of or o in roles.organisation_secretary_of
               for c, o in seats)


def can_edit_person(user: Any, person: Person) -> bool:
    """Whoever sees the contact details may correct them (not the user's own: the person
    asks their secretariat, so one sitting in several collaborations is told once)."""
    roles = roles_of(user)
    if roles.is_admin:
        return True
    if roles.user_id is not None and person.user_id == roles.user_id:
        return False
    return can_see_contact_details(user, person)


def get_collaboration_for_user(user: Any, code: str, write: bool = False) -> Collaboration:
    try:
        collaboration = visible_collaborations(user).select_related("country").get(code=code)
    except Collaboration.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_collaboration(user, collaboration):
        raise PermissionDenied
    return collaboration


def get_body_for_user(user: Any, pk: int, write: bool = False) -> Body:
    try:
        body = (visible_bodies(user)
                .select_related("collaboration__country", "organisation__country", "parent")
                .get(pk=pk))
    except Body.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_body(user, body):
        raise PermissionDenied
    return body


def get_seat_for_user(user: Any, pk: int, write: bool = False) -> Seat:
    try:
        seat = (visible_seats(user)
                .select_related("body__collaboration", "body__organisation", "person").get(pk=pk))
    except Seat.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_body(user, seat.body):
        raise PermissionDenied
    return seat


def get_person_for_user(user: Any, pk: int, write: bool = False) -> Person:
    try:
        person = visible_people(user).select_related("organisation", "user").get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_person(user, person):
        raise PermissionDenied
    return person


def get_organisation_for_user(user: Any, pk: int, write: bool = False) -> Organisation:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        organisation = Organisation.objects.select_related("country", "municipality").get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_organisation(user, organisation):
        raise PermissionDenied
    return organisation


def visible_grants(user: Any) -> QuerySet[RoleGrant]:
    """Role grants: administrators see all; a secretariat those in its collaborations; an
    organisation's secretary those in the organisation; everyone their own."""
    roles = roles_of(user)
    if roles.is_admin:
        return RoleGrant.objects.all()
    if roles.user_id is None:
        return RoleGrant.objects.none()
    return RoleGrant.objects.filter(
        Q(person__user_id=roles.user_id)
        | Q(collaboration_id__in=roles.secretariat_of)
        | Q(organisation_id__in=roles.organisation_secretary_of)
    )


def can_grant(user: Any, role: str, collaboration: Collaboration | None = None,
              organisation: Organisation | None = None) -> bool:
    """Who may grant a role: administrators any; a secretariat the analyst role in its
    collaboration; an organisation's secretary the referrer role in its organisation.
    Programme roles are granted by administrators until the volunteering app manages them."""
    roles = roles_of(user)
    if roles.is_admin:
        return True
    if role == RoleGrant.Role.ANALYST and collaboration is not None:
        return collaboration.pk in roles.secretariat_of
    if role == RoleGrant.Role.REFERRER and organisation is not None:
        return organisation.pk in roles.organisation_secretary_of
    return False


def get_grant_for_user(user: Any, pk: int, write: bool = False) -> RoleGrant:
    try:
        grant = visible_grants(user).select_related("person", "collaboration",
                                                    "organisation").get(pk=pk)
    except RoleGrant.DoesNotExist:
        raise Http404 from None
    if write and not can_grant(user, grant.role, grant.collaboration, grant.organisation):
        raise PermissionDenied
    return grant


def get_partnership_for_user(user: Any, pk: int, write: bool = False) -> Partnership:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        partnership = Partnership.objects.select_related("collaboration", "organisation").get(pk=pk)
    except Partnership.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_collaboration(user, partnership.collaboration):
        raise PermissionDenied
    return partnership


def get_participation_for_user(user: Any, pk: int, write: bool = False) -> Participation:
    try:
        participation = (Participation.objects.select_related("body__organisation",
                                                              "collaboration").get(pk=pk))
    except Participation.DoesNotExist:
        raise Http404 from None
    if not may_see_body(user, participation.body):
        raise Http404
    if write and not can_edit_body(user, participation.body):
        raise PermissionDenied
    return participation
