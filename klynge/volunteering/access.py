"""Who may see or change programmes, volunteers and referrals. The only place that decides.

A patient's data is seen by three kinds of people, and nobody else (administrators
included; the admin site shows no patient data either):

- the **referrer**: the person who referred the patient, while they still hold a referrer
  grant for the referring organisation (leaving the hospital ends it). Not their
  colleagues: least privilege;
- the programme's **coordinators**: a ``coordinator`` role grant for the programme. A seat
  in the organisation's programme team is not enough: health data is seen through a dated
  grant, which records who gave it, and which the second-factor sign-in knows
  (``Roles.sees_personal_data``);
- the **matched volunteer**, while the match is active and they hold a ``volunteer`` grant
  for the programme: the first name, the needs, the languages and the municipality only
  (:data:`VOLUNTEER_FIELDS`).

Anyone else gets 404. Of those who see a referral, only the coordinators change it (403 for
the others), except that the referrer may also record that consent was withdrawn, and the
matched volunteer logs contacts. Programmes themselves are seen by every signed-in user and
changed by administrators, the organisation's secretaries and the programme's coordinators;
a volunteer's profile is seen by the programme's coordinators, administrators and the
volunteer.

**Partners' systems** (the FHIR intake, docs/fhir.md) use an API token of their organisation:
a live token reads the status of the referrals its organisation's system sent (any of the
organisation's live tokens, none of another's: 404), and nothing else. Administrators issue
and revoke tokens.

Functions take a user (``roles_of`` caches the roles on it) or ``Roles``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from klynge.collaborations.models import Organisation, Partnership
from klynge.governance.roles import Roles, roles_of
from klynge.volunteering.models import (
    ApiToken,
    Booking,
    Certificate,
    Match,
    Programme,
    Referral,
    VolunteerProfile,
)

COORDINATOR, REFERRER, VOLUNTEER = "coordinator", "referrer", "volunteer"
VOLUNTEER_FIELDS = ("first_name", "needs", "languages", "area")
FULL_FIELDS = Referral.PATIENT_FIELDS


# Programmes and volunteers --------------------------------------------------------------------

def visible_programmes(user: Any) -> QuerySet[Programme]:
    if roles_of(user).user_id is None:
        return Programme.objects.none()
    return Programme.objects.all()


def may_create_programme(who: Any, organisation: Organisation) -> bool:
    roles = roles_of(who)
    return roles.is_admin or organisation.pk in roles.organisation_secretary_of


def may_change_programme(who: Any, programme: Programme) -> bool:
    roles = roles_of(who)
    return (roles.is_admin or programme.pk in roles.coordinator_of
            or programme.organisation_id in roles.organisation_secretary_of)


def coordinates(who: Any, programme_id: int) -> bool:
    """Whether ``who`` is a coordinator of the programme (an administrator is not)."""
    return programme_id in roles_of(who).coordinator_of


def may_keep_volunteers(who: Any, programme_id: int) -> bool:
    """Add and change volunteers and their certificates: coordinators, administrators."""
    roles = roles_of(who)
    return roles.is_admin or programme_id in roles.coordinator_of


def get_programme_for_user(user: Any, pk: int, write: bool = False) -> Programme:
    try:
        programme = visible_programmes(user).select_related(
            "organisation", "collaboration").get(pk=pk)
    except Programme.DoesNotExist:
        raise Http404 from None
    if write and not may_change_programme(user, programme):
        raise PermissionDenied
    return programme


def visible_volunteers(user: Any) -> QuerySet[VolunteerProfile]:
    roles = roles_of(user)
    if roles.user_id is None:
        return VolunteerProfile.objects.none()
    if roles.is_admin:
        return VolunteerProfile.objects.all()
    return VolunteerProfile.objects.filter(Q(programme_id__in=roles.coordinator_of)
                                           | Q(person__user_id=roles.user_id))


def get_volunteer_for_user(user: Any, pk: int, write: bool = False) -> VolunteerProfile:
    try:
        volunteer = visible_volunteers(user).select_related("person", "programme").get(pk=pk)
    except VolunteerProfile.DoesNotExist:
        raise Http404 from None
    if write and not may_keep_volunteers(user, volunteer.programme_id):
        raise PermissionDenied
    return volunteer


# Referrals ------------------------------------------------------------------------------------

def _as_volunteer(roles: Roles) -> QuerySet[Match]:
    if roles.user_id is None:
        return Match.objects.none()
    return Match.objects.filter(state=Match.State.ACTIVE,
                                volunteer__person__user_id=roles.user_id,
                                volunteer__programme_id__in=roles.volunteer_in)


def visible_referrals(user: Any) -> QuerySet[Referral]:
    """The referrals whose patient data (some of it) the user may see."""
    roles = roles_of(user)
    if roles.user_id is None:
        return Referral.objects.none()
    return Referral.objects.filter(
        Q(programme_id__in=roles.coordinator_of)
        | Q(referred_by__user_id=roles.user_id, organisation_id__in=roles.referrer_for)
        | Q(pk__in=_as_volunteer(roles).values("referral_id")))


def role_for(who: Any, referral: Referral) -> str | None:
    """How ``who`` sees ``referral``: as its coordinator, its referrer or its matched
    volunteer (in that order), or None: not at all."""
    roles = roles_of(who)
    if roles.user_id is None:
        return None
    if referral.programme_id in roles.coordinator_of:
        return COORDINATOR
    if (referral.organisation_id in roles.referrer_for and referral.referred_by_id is not None
            and referral.referred_by.user_id == roles.user_id):  # type: ignore[union-attr]
        return REFERRER
    if _as_volunteer(roles).filter(referral=referral).exists():
        return VOLUNTEER
    return None


def may_see_referral(who: Any, referral: Referral) -> bool:
    return role_for(who, referral) is not None


def shown_fields(role: str | None) -> tuple[str, ...]:
    """The patient's fields a role sees."""
    if role == VOLUNTEER:
        return VOLUNTEER_FIELDS
    return FULL_FIELDS if role in (COORDINATOR, REFERRER) else ()


def may_change_referral(who: Any, referral: Referral) -> bool:
    """Accept, waiting-list, decline, book, match, close, export: the coordinators."""
    return role_for(who, referral) == COORDINATOR


def may_withdraw_consent(who: Any, referral: Referral) -> bool:
    """Record that the patient withdrew their consent: the coordinators and the referrer."""
    return role_for(who, referral) in (COORDINATOR, REFERRER)


def get_referral_for_user(user: Any, pk: int, write: bool = False) -> Referral:
    """A referral the user may see (404 otherwise); ``write``: one they may change (403).
    A page that shows the patient's data gets it from ``actions.do_view_referral``, which
    gives only the fields the user's role sees and records the look in the audit trail."""
    try:
        referral = (visible_referrals(user)
                    .select_related("programme__collaboration", "referred_by", "area")
                    .get(pk=pk))
    except Referral.DoesNotExist:
        raise Http404 from None
    if write and not may_change_referral(user, referral):
        raise PermissionDenied
    return referral


def get_referral_to_withdraw_consent(user: Any, pk: int) -> Referral:
    """A referral whose patient's withdrawn consent the user records (its coordinators and
    its referrer; 404 for those who do not see it, 403 for the matched volunteer)."""
    referral = get_referral_for_user(user, pk)
    if not may_withdraw_consent(user, referral):
        raise PermissionDenied
    return referral


def get_booking_for_user(user: Any, referral_pk: int, pk: int) -> Booking:
    """A room booking of a referral the user may change (404 / 403 as for the referral;
    404 for a booking of another referral)."""
    referral = get_referral_for_user(user, referral_pk, write=True)
    booking = Booking.objects.filter(pk=pk, referral=referral).first()
    if booking is None:
        raise Http404
    return booking


def get_match_to_log(user: Any, pk: int) -> Match:
    """A match whose contacts the user logs: 404 unless they are its active volunteer."""
    roles = roles_of(user)
    match = (_as_volunteer(roles).select_related("referral__programme__collaboration",
                                                 "volunteer__person")
             .filter(pk=pk).first() if roles.user_id is not None else None)
    if match is None:
        raise Http404
    return match


def may_log_contact(who: Any, match: Match) -> bool:
    roles = roles_of(who)
    return roles.user_id is not None and _as_volunteer(roles).filter(pk=match.pk).exists()


# Referring ------------------------------------------------------------------------------------

def may_refer_for(roles: Roles, programme: Programme, partners: set[int]) -> list[int]:
    """Of ``partners`` (the programme's referring organisations that are partners of its
    collaboration on the day), those ``roles`` may refer for."""
    allowed: set[int] = set()
    if Programme.ReferringRole.REFERRER in programme.referring_roles:
        allowed |= partners & set(roles.referrer_for)
    if (Programme.ReferringRole.COORDINATOR in programme.referring_roles
            and programme.pk in roles.coordinator_of):
        allowed |= partners
    return sorted(allowed)


def referring_organisation_ids(who: Any, programme: Programme, day: dt.date) -> list[int]:
    """The organisations for which ``who`` may refer patients to ``programme`` on ``day``
    (the rule ``actions.referrals.referring_person`` enforces): listed by the programme,
    partners of its collaboration on the day, and either theirs as a referrer, or any of
    them for a coordinator when the programme lets coordinators refer."""
    roles = roles_of(who)
    if roles.user_id is None or not programme.active:
        return []
    listed = set(programme.referring_organisations.values_list("pk", flat=True))
    partners = set(Partnership.objects.on(day).filter(
        collaboration_id=programme.collaboration_id, organisation_id__in=listed)
        .values_list("organisation_id", flat=True))
    return may_refer_for(roles, programme, partners)


def referable_programmes(who: Any, day: dt.date) -> list[Programme]:
    """The active programmes ``who`` may refer patients to on ``day`` (three queries)."""
    roles = roles_of(who)
    if roles.user_id is None or not (roles.referrer_for or roles.coordinator_of):
        return []
    programmes = list(Programme.objects.filter(active=True)
                      .filter(Q(referring_organisations__in=roles.referrer_for)
                              | Q(pk__in=roles.coordinator_of))
                      .distinct().select_related("organisation", "collaboration")
                      .prefetch_related("referring_organisations"))
    partnerships = set(Partnership.objects.on(day).filter(
        collaboration_id__in={p.collaboration_id for p in programmes})
        .values_list("collaboration_id", "organisation_id"))
    return [p for p in programmes if may_refer_for(roles, p, {
        o.pk for o in p.referring_organisations.all()
        if (p.collaboration_id, o.pk) in partnerships})]


def get_programme_to_refer(user: Any, pk: int, day: dt.date) -> tuple[Programme, list[int]]:
    """A programme and the organisations the user may refer for (403 when none)."""
    programme = get_programme_for_user(user, pk)
    organisations = referring_organisation_ids(user, programme, day)
    if not organisations:
        raise PermissionDenied
    return programme, organisations


def has_volunteering_role(who: Any) -> bool:
    """Whether ``who`` refers, coordinates or volunteers (the header links to the overview)."""
    roles = roles_of(who)
    return bool(roles.referrer_for or roles.coordinator_of or roles.volunteer_in)


def _programme_where(user: Any, pk: int, allowed: Callable[[Programme], bool]) -> Programme:
    """A programme the user sees (404 otherwise) and that ``allowed`` lets them in to (403
    otherwise)."""
    programme = get_programme_for_user(user, pk)
    if not allowed(programme):
        raise PermissionDenied
    return programme


def get_programme_to_coordinate(user: Any, pk: int) -> Programme:
    """A programme whose referrals the user handles: its coordinators."""
    return _programme_where(user, pk, lambda p: coordinates(user, p.pk))


def get_programme_to_keep_volunteers(user: Any, pk: int) -> Programme:
    """A programme whose volunteers the user keeps: coordinators, administrators."""
    return _programme_where(user, pk, lambda p: may_keep_volunteers(user, p.pk))


def get_programme_to_delete(user: Any, pk: int) -> Programme:
    """A programme the user may delete: who may create one for its organisation."""
    return _programme_where(user, pk, lambda p: may_create_programme(user, p.organisation))


def get_programme_statistics_for_user(user: Any, pk: int) -> Programme:
    """A programme whose statistics the user sees (``may_see_statistics``)."""
    return _programme_where(user, pk, lambda p: may_see_statistics(user, p))


# The programme pages --------------------------------------------------------------------------

def get_organisations_for_new_programme(user: Any, collaboration_id: int,
                                        on: dt.date) -> QuerySet[Organisation]:
    """``organisations_for_new_programme``, 403 when there is none."""
    found = organisations_for_new_programme(user, collaboration_id, on)
    if not found.exists():
        raise PermissionDenied
    return found


def organisations_for_new_programme(user: Any, collaboration_id: int,
                                    on: dt.date) -> QuerySet[Organisation]:
    """The organisations ``user`` may create a programme for in the collaboration: voluntary
    and patient organisations that are its partners on ``on`` and whose secretary the user
    is (every such partner for an administrator)."""
    roles = roles_of(user)
    if roles.user_id is None:
        return Organisation.objects.none()
    found = Organisation.objects.filter(
        kind__in=(Organisation.Kind.VOLUNTARY, Organisation.Kind.PATIENT),
        pk__in=Partnership.objects.on(on).filter(collaboration_id=collaboration_id)
        .values("organisation_id"))
    if not roles.is_admin:
        found = found.filter(pk__in=roles.organisation_secretary_of)
    return found.order_by("name", "pk")


def may_see_statistics(who: Any, programme: Programme) -> bool:
    """A programme's statistics: those who may change it (its coordinators, the
    organisation's secretaries and administrators)."""
    return may_change_programme(who, programme)


def may_refer(who: Any, programme: Programme) -> bool:
    """Whether ``who`` may refer a patient to ``programme`` for some organisation today (the
    rule ``actions.referrals.referring_person`` enforces: ``referring_organisation_ids``)."""
    return bool(referring_organisation_ids(who, programme, timezone.localdate()))


def get_certificate_for_user(user: Any, pk: int, write: bool = False) -> Certificate:
    """A certificate of a volunteer the user may see (404 otherwise); ``write``: one they
    may change (403)."""
    try:
        certificate = (Certificate.objects.filter(volunteer__in=visible_volunteers(user))
                       .select_related("volunteer").get(pk=pk))
    except Certificate.DoesNotExist:
        raise Http404 from None
    if write and not may_keep_volunteers(user, certificate.volunteer.programme_id):
        raise PermissionDenied
    return certificate


# Partners' systems ----------------------------------------------------------------------------

def may_keep_api_tokens(who: Any) -> bool:
    """Issue and revoke partners' API tokens: administrators (or None, the command line)."""
    return who is None or roles_of(who).is_admin


def get_live_api_token(secret_hash: str) -> ApiToken | None:
    """The live token with this hash, or None (unknown or revoked)."""
    return (ApiToken.objects.select_related("organisation")
            .filter(secret_hash=secret_hash, revoked_at__isnull=True).first())


def may_read_task(token: ApiToken, referral: Referral) -> bool:
    return (token.is_live and referral.api_token_id is not None
            and referral.organisation_id == token.organisation_id)


def get_referral_for_token(token: ApiToken, uid: Any) -> Referral:
    """A referral ``token``'s organisation sent through the API (404 otherwise)."""
    referral = (Referral.objects.select_related("programme__collaboration",
                                                "programme__organisation", "organisation")
                .filter(uid=uid).first())
    if referral is None or not may_read_task(token, referral):
        raise Http404
    return referral
