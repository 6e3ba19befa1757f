"""The patient's data: seeing it (every look is audited), exporting it on the patient's
request, and hiding it when consent is withdrawn or the retention period ends.

Hiding blanks the patient's fields (``Referral.PATIENT_FIELDS``) and the notes of the
volunteer's contacts; the referral's programme, dates, state and outcome, the bookings and
the contacts' dates and minutes stay, so the programme's statistics keep their counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.audit.actions import acting_user, jsonable, object_label, record
from klynge.audit.models import AuditEntry
from klynge.volunteering import access
from klynge.volunteering.actions.common import code, locked_referral, refuse_unless, tell_referrer
from klynge.volunteering.actions.referrals import end_matches
from klynge.volunteering.models import Booking, Contact, Referral

BLANK: dict[str, Any] = {
    "first_name": "", "year_of_birth": None, "gender": "", "needs": "", "languages": [],
    "area": None, "availability": [], "wished_traits": [], "avoided_traits": [],
    "volunteer_gender": "", "diagnosis_group": "", "social_situations": [],
    "decline_reason": "",
}


def blank_patient_data(referrals: Any, now: dt.datetime) -> int:
    """Blank the patient's data of ``referrals`` (a queryset) and their contacts' notes;
    how many referrals."""
    Contact.objects.filter(match__referral__in=referrals).exclude(note="").update(note="")
    return int(referrals.update(anonymised_at=now, **BLANK))


@transaction.atomic
def do_withdraw_consent(actor: Any, referral: Referral) -> Referral:
    """Record that the patient withdrew their consent (told to the coordinator or the
    referrer): the referral closes (an open one, with the outcome *consent withdrawn*), its
    match ends, rooms booked from today on are given back, and its data is hidden."""
    referral = locked_referral(referral)
    refuse_unless(access.may_withdraw_consent(actor, referral))
    if referral.consent_withdrawn_at is not None:
        raise ValidationError(_("The patient's consent has already been withdrawn."))
    now = timezone.now()
    old = referral.state
    referral.consent_withdrawn_at = now
    fields = ["consent_withdrawn_at"]
    if referral.is_open:
        referral.state, referral.outcome, referral.closed_at = (
            Referral.State.CLOSED, Referral.Outcome.CONSENT_WITHDRAWN, now)
        fields += ["state", "outcome", "closed_at"]
    referral.save(update_fields=fields)
    ended = end_matches(referral, now)
    freed = Booking.objects.filter(referral=referral, cancelled_at__isnull=True,
                                   ends_on__gte=timezone.localdate()).update(cancelled_at=now)
    blank_patient_data(Referral.objects.filter(pk=referral.pk), now)
    record(actor, "withdraw", referral, collaboration_code=code(referral.programme),
           changes={"state": (old, referral.state), "consent_withdrawn_at": (None, now)},
           details={"matches_ended": ended, "bookings_cancelled": freed,
                    "patient_data": "hidden"})
    tell_referrer(actor, referral, gettext_noop(
        "Your referral no. %(number)s to %(programme)s was closed: the patient withdrew "
        "their consent."))
    referral.refresh_from_db()
    return referral


@dataclass(frozen=True)
class ReferralView:
    """What one user sees of a referral: ``patient`` holds only the fields their role may
    see; ``status`` is empty for the matched volunteer."""

    pk: int
    role: str
    programme: str
    patient: dict[str, Any]
    status: dict[str, Any] = field(default_factory=dict)


def _patient(referral: Referral, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(referral, name) for name in names}


def do_view_referral(actor: Any, referral: Referral | int) -> ReferralView:
    """The referral (or the one of that number) as ``actor`` may see it (404 for one they
    may not), recorded in the audit trail with the fields shown."""
    if not isinstance(referral, Referral):
        referral = access.get_referral_for_user(actor, referral)
    role = access.role_for(actor, referral)
    if role is None:
        raise Http404
    names = access.shown_fields(role)
    status: dict[str, Any] = {}
    if role != access.VOLUNTEER:
        status = {"state": referral.state, "outcome": referral.outcome,
                  "urgency": referral.urgency, "submitted_at": referral.submitted_at,
                  "closed_at": referral.closed_at,
                  "consent_given_at": referral.consent_given_at,
                  "consent_covers": referral.consent_covers,
                  "consent_withdrawn_at": referral.consent_withdrawn_at}
    record(actor, AuditEntry.Verb.VIEW, referral, collaboration_code=code(referral.programme),
           details={"role": role, "fields": list(names)})
    return ReferralView(pk=referral.pk, role=str(role), programme=referral.programme.name,
                        patient=_patient(referral, names), status=status)


def _matches(referral: Referral) -> list[dict[str, Any]]:
    matches = referral.matches.select_related("volunteer__person").prefetch_related("contacts")
    return [{"volunteer": match.volunteer.person.name, "matched_at": match.matched_at,
             "state": match.state, "ended_at": match.ended_at,
             "contacts": [{"date": c.day, "kind": c.kind, "note": c.note,
                           "minutes": c.minutes} for c in match.contacts.all()]}
            for match in matches]


def _trail(referral: Referral) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(object_type=referral._meta.label_lower,
                                        object_id=str(referral.pk)).order_by("at", "pk")
    return [{"at": entry.at, "action": entry.verb} for entry in entries]


@transaction.atomic
def do_export_referral(actor: Any, referral: Referral) -> dict[str, Any]:
    """Everything Klynge holds about the patient of ``referral``, as a JSON document, for
    the coordinator to give the patient on request (audited)."""
    referral = access.get_referral_for_user(actor, referral.pk, write=True)
    patient = _patient(referral, Referral.PATIENT_FIELDS)
    patient["area"] = (f"{referral.area.name} ({referral.area.code})"
                       if referral.area is not None else None)
    document = {
        "referral": referral.pk,
        "programme": referral.programme.name,
        "referring_organisation": referral.organisation.name,
        "referred_by": referral.referred_by.name if referral.referred_by else None,
        "patient": patient,
        "consent": {"given_at": referral.consent_given_at, "covers": referral.consent_covers,
                    "withdrawn_at": referral.consent_withdrawn_at},
        "state": referral.state, "outcome": referral.outcome,
        "submitted_at": referral.submitted_at, "decided_at": referral.decided_at,
        "matched_at": referral.matched_at, "closed_at": referral.closed_at,
        "anonymised_at": referral.anonymised_at,
        "bookings": [{"room": b.room, "from": b.starts_on, "to": b.ends_on,
                      "cancelled_at": b.cancelled_at} for b in referral.bookings.all()],
        "matches": _matches(referral),
        "audit_trail": _trail(referral),
        "exported_at": timezone.now(),
    }
    record(actor, AuditEntry.Verb.VIEW, referral, collaboration_code=code(referral.programme),
           details={"export": "json"})
    result: dict[str, Any] = jsonable(document)
    return result


def do_view_referral_list(actor: Any, referrals: list[Referral], role: str,
                          fields: tuple[str, ...]) -> None:
    """Record in the audit trail that ``actor`` saw ``fields`` of each of ``referrals`` in a
    list (one query however many)."""
    user = acting_user(actor)
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=user, verb=AuditEntry.Verb.VIEW,
                   object_type=referral._meta.label_lower, object_id=str(referral.pk),
                   object_repr=object_label(referral),
                   collaboration_code=code(referral.programme),
                   details={"role": role, "fields": list(fields), "list": True})
        for referral in referrals])
