"""Who may see, submit and change cases. The only place that decides it, from the roles.

- an administrator sees and changes every case;
- the collaboration's secretariat sees all its cases and changes them;
- anyone with a seat in a body of the collaboration, or in an organisation's body taking
  part in it (a municipality's elder council), sees its cases that are not confidential;
- the submitter (the person's user account) and the members of the body it was submitted
  as see their case, and so do the members of every body it has been with (where it came
  from, where it is, and any body a step of its history took it to);
- a confidential case is seen only by the secretariat, administrators, the submitter, the
  submitting body's members and the members of the bodies it has been with.

Everything else answers 404. A case the user may see but not change answers 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from klynge.cases.models import Case, CaseEvent, State
from klynge.collaborations.models import Collaboration
from klynge.governance import audience as keys
from klynge.governance.audience import Audience
from klynge.governance.models import Body, Participation, Person, Seat
from klynge.governance.roles import Roles, roles_of

# The submitter may change the case while the secretariat has not taken it up.
SUBMITTER_EDITS = (State.SUBMITTED, State.RETURNED)


def _been_with(bodies: frozenset[int]) -> Q:
    """Cases that are, came from or have been with one of ``bodies``."""
    moved_there = CaseEvent.objects.filter(to_body_id__in=bodies).values("case_id")
    return (Q(origin_body_id__in=bodies) | Q(current_body_id__in=bodies)
            | Q(submitting_body_id__in=bodies) | Q(pk__in=moved_there))


def _open_to(roles: Roles) -> frozenset[int]:
    """The collaborations whose open (not confidential) cases the user sees."""
    return roles.open_case_collaborations


def sees_open_cases(user: Any, collaboration_id: int) -> bool:
    """Whether ``user`` sees every case of the collaboration that is not confidential."""
    roles = roles_of(user)
    return (roles.is_secretariat_of(collaboration_id)
            or collaboration_id in _open_to(roles))


def _own_person(roles: Roles) -> QuerySet[Person, Any]:
    """The user's person, as a subquery: ``submitted_by__in`` it is one condition PostgreSQL
    can combine with the others, where ``submitted_by__user_id`` joined every case to its
    submitter first (four times slower on a collaboration's case list)."""
    return Person.objects.filter(user_id=roles.user_id or 0).values("pk")


def visible_cases(user: Any) -> QuerySet[Case]:
    """The cases ``user`` may see (a Roles object is accepted too)."""
    roles = roles_of(user)
    if roles.is_admin:
        return Case.objects.all()
    if roles.user_id is None:
        return Case.objects.none()
    condition = (Q(collaboration_id__in=roles.secretariat_of)
                 | Q(submitted_by__in=_own_person(roles))
                 | Q(confidential=False, collaboration_id__in=_open_to(roles)))
    if roles.member_of:
        condition |= _been_with(roles.member_of)
    return Case.objects.filter(condition)


def case_collaborations(user: Any) -> frozenset[int] | None:
    """The collaborations in which ``user`` may see some case (``None``: every one, for an
    administrator), by the rule of :func:`visible_cases`, without reading every visible case:
    those of the roles, and those of the few cases the user sees as submitter or because a
    body they sit in has had them (one query, served by the indexes of those columns)."""
    roles = roles_of(user)
    if roles.is_admin:
        return None
    if roles.user_id is None:
        return frozenset()
    # The branches of the submitter's and :func:`_been_with`'s rules, as one UNION: each
    # branch is served by its own index (as one OR, PostgreSQL read every case).
    parts = [Case.objects.filter(submitted_by__in=_own_person(roles))]
    if roles.member_of:
        bodies = roles.member_of
        parts.append(Case.objects.filter(Q(origin_body_id__in=bodies)
                                         | Q(current_body_id__in=bodies)
                                         | Q(submitting_body_id__in=bodies)))
        parts.append(Case.objects.filter(
            pk__in=CaseEvent.objects.filter(to_body_id__in=bodies).values("case_id")))
    first, *rest = (part.order_by().values_list("collaboration_id", flat=True)
                    for part in parts)
    return (roles.secretariat_of | _open_to(roles)
            | frozenset(first.union(*rest) if rest else first.distinct()))


def case_audience(case: Case, been_with: set[int]) -> Audience:
    """The rule of :func:`visible_cases` for one case, as keys (``klynge.governance.audience``):
    ``been_with`` are the bodies its history's steps took it to. Its decisions have the same."""
    allowed = keys.person(case.submitted_by_id)
    if not case.confidential:
        allowed |= keys.open_to([case.collaboration_id])
    for body_id in {case.origin_body_id, case.current_body_id, case.submitting_body_id,
                    *been_with}:
        allowed |= keys.member(body_id)
    return Audience(keepers=keys.secretariat(case.collaboration_id), allowed=allowed)


def submitted_cases(user: Any) -> QuerySet[Case]:
    """The cases the user submitted, or a body they sit in submitted ("my cases")."""
    roles = roles_of(user)
    if roles.user_id is None:
        return Case.objects.none()
    return Case.objects.filter(Q(submitted_by__in=_own_person(roles))
                               | Q(submitting_body_id__in=roles.member_of))


def is_submitter(roles: Roles, case: Case) -> bool:
    """The person who submitted ``case``, or a member of the body it was submitted as.
    Reads ``case.submitted_by`` (load it with the case)."""
    if roles.user_id is None:
        return False
    if case.submitting_body_id is not None and case.submitting_body_id in roles.member_of:
        return True
    person = case.submitted_by if case.submitted_by_id is not None else None
    return person is not None and person.user_id == roles.user_id


def is_chair_of(roles: Roles, body_id: int | None) -> bool:
    """A chair or co-chair of the body today: one query, only for one of its members."""
    if body_id is None or body_id not in roles.member_of:
        return False
    return Seat.objects.on(roles.on).filter(person__user_id=roles.user_id, body_id=body_id,
                                            role__in=Seat.CHAIR_ROLES).exists()


def _has_been_with(roles: Roles, case: Case) -> bool:
    """Whether a body the user sits in has had the case: at most one query."""
    if not roles.member_of:
        return False
    direct = {case.origin_body_id, case.current_body_id, case.submitting_body_id}
    if direct & roles.member_of:
        return True
    return case.events.filter(to_body_id__in=roles.member_of).exists()


def may_see_case(roles_or_user: Any, case: Case) -> bool:
    """The rule of :func:`visible_cases` for one loaded case (at most one query, for a
    member of some body, when the case is neither theirs nor open to them otherwise)."""
    roles = roles_of(roles_or_user)
    if roles.is_secretariat_of(case.collaboration_id):
        return True
    if roles.user_id is None:
        return False
    if is_submitter(roles, case):
        return True
    if not case.confidential and case.collaboration_id in _open_to(roles):
        return True
    return _has_been_with(roles, case)


def may_change_case(roles_or_user: Any, case: Case) -> bool:
    """The secretariat's changes (routing, closing, confidentiality): the secretariat."""
    return roles_of(roles_or_user).is_secretariat_of(case.collaboration_id)


def may_edit_case(roles_or_user: Any, case: Case) -> bool:
    """Changing the text, tags and attachments: the secretariat while the case is open, the
    submitter while it waits for screening or has been returned."""
    roles = roles_of(roles_or_user)
    if not case.is_open:
        return False
    if roles.is_secretariat_of(case.collaboration_id):
        return True
    return case.state in SUBMITTER_EDITS and is_submitter(roles, case)


def get_case_for_user(user: Any, pk: int, write: bool = False) -> Case:
    """The case, or 404 if the user may not see it (:func:`may_see_case`, the rule of
    :func:`visible_cases` for one case: cheaper than asking the database the whole rule);
    with ``write``, 403 unless the user is its secretariat."""
    try:
        case = Case.objects.select_related(
            "collaboration__country", "submitted_by", "submitting_body", "origin_body",
            "current_body", "moved_from").get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None
    if not may_see_case(user, case):
        raise Http404
    if write and not may_change_case(user, case):
        raise PermissionDenied
    return case


def get_case_for_editing(user: Any, pk: int) -> Case:
    """The case to change its text, tags or attachments: 404 as above, 403 unless
    :func:`may_edit_case`."""
    case = get_case_for_user(user, pk)
    if not may_edit_case(user, case):
        raise PermissionDenied
    return case


def submitting_bodies(user: Any, collaboration: Collaboration) -> QuerySet[Body]:
    """The panels, elder councils and student panels the user sits in that may submit in
    ``collaboration``: its own, or an organisation's taking part in it today."""
    roles = roles_of(user)
    if not roles.panel_member_of:
        return Body.objects.none()
    taking_part = (Participation.objects.on(roles.on).filter(collaboration=collaboration)
                   .values("body_id"))
    return (Body.objects.on(roles.on).filter(pk__in=roles.panel_member_of)
            .filter(Q(collaboration=collaboration) | Q(pk__in=taking_part))
            .order_by("name"))


def may_submit_as_self(user: Any, collaboration: Collaboration) -> bool:
    """A seat in a body of the collaboration lets a person submit in their own name."""
    return collaboration.pk in roles_of(user).member_collaborations


def can_submit_in(user: Any, collaboration: Collaboration) -> bool:
    """Anyone with a seat in a body of the collaboration, or who sits in a panel or elder
    council that may submit there."""
    return (may_submit_as_self(user, collaboration)
            or submitting_bodies(user, collaboration).exists())


def get_collaboration_for_submitting(user: Any, collaboration: Collaboration) -> Collaboration:
    """403 unless the user may submit a case in ``collaboration``."""
    if not can_submit_in(user, collaboration):
        raise PermissionDenied
    return collaboration
