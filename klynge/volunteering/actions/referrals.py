"""Referring a patient, with their consent, and the coordinator's steps: accept, put on the
waiting list, decline with a reason, close with an outcome.

The steps a referral may take::

    submitted ─┬─ accepted ──── matched ─── closed
               ├─ waiting ───── (accepted, declined, closed)
               └─ declined

The referrer is told of every change of status (``tell_referrer``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.audit.actions import acting_user, created, record
from klynge.collaborations.models import Organisation, Partnership
from klynge.core.writes import locked, only_fields
from klynge.governance.models import Person
from klynge.governance.roles import Roles
from klynge.reference.models import Municipality
from klynge.volunteering import access, checks, eligibility
from klynge.volunteering.actions.common import code, locked_referral, refuse_unless, tell_referrer
from klynge.volunteering.models import (
    DiagnosisGroup,
    Gender,
    Match,
    Programme,
    Referral,
    SocialSituation,
)

State = Referral.State
REFERRAL_FIELDS = ("first_name", "year_of_birth", "gender", "needs", "languages", "area",
                   "availability", "wished_traits", "avoided_traits", "volunteer_gender",
                   "urgency", "diagnosis_group", "social_situations")
STEPS_FROM = {
    "accept": (State.SUBMITTED, State.WAITING),
    "waitlist": (State.SUBMITTED, State.ACCEPTED),
    "decline": (State.SUBMITTED, State.WAITING, State.ACCEPTED),
    "match": (State.ACCEPTED,),
    "close": (State.ACCEPTED, State.WAITING, State.MATCHED),
}
HOLDS_A_PLACE = (State.ACCEPTED, State.MATCHED)


def refuse_unless_step(referral: Referral, step: str) -> None:
    if referral.state not in STEPS_FROM[step]:
        raise ValidationError(_("This cannot be done to a referral that is %(state)s.")
                              % {"state": referral.get_state_display()})


def check_patient(values: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """The patient's data as given, checked and tidied."""
    year = checks.whole("year_of_birth", values.get("year_of_birth"), low=day.year - 120,
                        high=day.year, blank=False)
    area = values.get("area")
    if not isinstance(area, Municipality):
        raise ValidationError({"area": _("Choose the patient's municipality.")})
    return {
        "first_name": checks.text(values, "first_name", limit=60,
                                  required=_("Give the patient's first name.")),
        "year_of_birth": year, "area": area,
        "gender": checks.choice("gender", values.get("gender"), Gender),
        "needs": checks.text(values, "needs", limit=2000,
                             required=_("Describe what the patient needs.")),
        "languages": checks.languages("languages", values.get("languages"), required=True),
        "availability": checks.slots("availability", values.get("availability")),
        "wished_traits": checks.traits("wished_traits", values.get("wished_traits")),
        "avoided_traits": checks.traits("avoided_traits", values.get("avoided_traits")),
        "volunteer_gender": checks.choice("volunteer_gender", values.get("volunteer_gender"),
                                          Gender),
        "urgency": checks.whole("urgency", values.get("urgency") or 0, high=2, blank=False),
        "diagnosis_group": checks.choice("diagnosis_group", values.get("diagnosis_group"),
                                         DiagnosisGroup),
        "social_situations": checks.codes("social_situations", values.get("social_situations"),
                                          SocialSituation),
    }


def check_consent(given_at: dt.datetime | None, covers: str) -> tuple[dt.datetime, str]:
    if given_at is None or not (covers or "").strip():
        raise ValidationError({"consent": _(
            "A patient can only be referred with their consent to share this data with the "
            "programme: record when they gave it and what it covers.")})
    if given_at > timezone.now():
        raise ValidationError({"consent": _("Consent cannot be given in the future.")})
    return given_at, checks.text({"consent_covers": covers}, "consent_covers", limit=1000)


def check_referring_organisation(programme: Programme, organisation: Organisation,
                                 day: dt.date) -> None:
    """Refused unless ``programme`` takes referrals now, from ``organisation``: listed by the
    programme, and a partner of its collaboration on ``day``."""
    if not programme.active:
        raise ValidationError(_("%(programme)s takes no referrals at the moment.")
                              % {"programme": programme.name})
    listed = programme.referring_organisations.filter(pk=organisation.pk).exists()
    partner = Partnership.objects.on(day).filter(collaboration_id=programme.collaboration_id,
                                                 organisation=organisation).exists()
    if not (listed and partner):
        raise ValidationError({"organisation": _(
            "%(organisation)s may not refer patients to %(programme)s.")
            % {"organisation": organisation.name, "programme": programme.name}})


def referring_person(actor: Any, programme: Programme, organisation: Organisation,
                     day: dt.date) -> Person:
    """The person referring for ``organisation``, or why they may not."""
    check_referring_organisation(programme, organisation, day)
    names = {"organisation": organisation.name, "programme": programme.name}
    roles = Roles.for_user(actor, day)
    person = Person.objects.filter(user_id=roles.user_id).first() if roles.user_id else None
    if person is None or not access.may_refer_for(roles, programme, {organisation.pk}):
        raise ValidationError(_("Your role does not let you refer patients to %(programme)s "
                                "for %(organisation)s.") % names)
    return person


@transaction.atomic
def do_refer(actor: Any, programme: Programme, organisation: Organisation, *,
             consent_given_at: dt.datetime | None, consent_covers: str,
             **values: Any) -> Referral:
    """Refer a patient (``REFERRAL_FIELDS``) to ``programme`` for ``organisation``, with
    the patient's recorded consent. Refused without consent, for an organisation or a role
    that may not refer, and for a patient the programme is not for (saying why)."""
    only_fields(values, REFERRAL_FIELDS, "do_refer")
    given_at, covers = check_consent(consent_given_at, consent_covers)
    day = timezone.localdate()
    programme = Programme.objects.select_related("collaboration").get(pk=programme.pk)
    person = referring_person(actor, programme, organisation, day)
    return create_referral(actor, programme, organisation, values, day,
                           referred_by=person, consent_given_at=given_at,
                           consent_covers=covers, consent_recorded_by=acting_user(actor))


def create_referral(actor: Any, programme: Programme, organisation: Organisation,
                    values: dict[str, Any], day: dt.date, *,
                    details: dict[str, Any] | None = None, **row: Any) -> Referral:
    """Check the patient (``values``) against ``programme`` and write the referral with
    ``row`` (who referred it, the consent), audited; the caller has checked who refers and
    the consent, inside its transaction."""
    clean = check_patient(values, day)
    reasons = eligibility.reasons(
        programme, year_of_birth=clean["year_of_birth"], area=clean["area"],
        diagnosis_group=clean["diagnosis_group"], social_situations=clean["social_situations"],
        languages=clean["languages"], day=day)
    if reasons:
        raise ValidationError(reasons)
    referral = Referral.objects.create(programme=programme, organisation=organisation,
                                       submitted_at=timezone.now(), **row, **clean)
    record(actor, "create", referral, collaboration_code=code(programme), details=details,
           changes=created(referral, ["programme", "organisation", "referred_by", "state",
                                      "consent_given_at", "consent_covers", *clean]))
    return referral


def _step(actor: Any, referral: Referral, new_state: str, verb: str, message: str,
          **more: Any) -> Referral:
    """Move the (locked) referral to ``new_state``, audit it and tell the referrer."""
    old = referral.state
    referral.state = new_state
    referral.decided_at = timezone.now()
    fields = {"state", "decided_at", *more}
    for name, value in more.items():
        setattr(referral, name, value)
    referral.save(update_fields=sorted(fields))
    changes = {"state": (old, new_state)} | {name: (None, value) for name, value in more.items()}
    record(actor, verb, referral, changes=changes, collaboration_code=code(referral.programme),
           details={"step": new_state})
    tell_referrer(actor, referral, message)
    return referral


def _check_place(referral: Referral) -> None:
    programme = locked(Programme).get(pk=referral.programme_id)
    if programme.places is None:
        return
    taken = (Referral.objects.filter(programme=programme, state__in=HOLDS_A_PLACE)
             .exclude(pk=referral.pk).count())
    if taken >= programme.places:
        raise ValidationError(_("All %(places)d places of the programme are taken; put the "
                                "referral on the waiting list.") % {"places": programme.places})


@transaction.atomic
def do_accept_referral(actor: Any, referral: Referral) -> Referral:
    """The coordinator accepts the referral (it takes one of the programme's places)."""
    referral = locked_referral(referral)
    refuse_unless(access.may_change_referral(actor, referral))
    refuse_unless_step(referral, "accept")
    _check_place(referral)
    return _step(actor, referral, State.ACCEPTED, "update",
                 gettext_noop("Your referral no. %(number)s to %(programme)s was accepted."))


@transaction.atomic
def do_waitlist_referral(actor: Any, referral: Referral) -> Referral:
    referral = locked_referral(referral)
    refuse_unless(access.may_change_referral(actor, referral))
    refuse_unless_step(referral, "waitlist")
    return _step(actor, referral, State.WAITING, "update",
                 gettext_noop("Your referral no. %(number)s to %(programme)s was put on the "
                              "waiting list."))


@transaction.atomic
def do_decline_referral(actor: Any, referral: Referral, reason: str) -> Referral:
    """Decline the referral, saying why (the referrer reads the reason in Klynge)."""
    referral = locked_referral(referral)
    refuse_unless(access.may_change_referral(actor, referral))
    refuse_unless_step(referral, "decline")
    why = checks.text({"reason": reason}, "reason", limit=300,
                      required=_("Say why the referral is declined."))
    return _step(actor, referral, State.DECLINED, "reject",
                 gettext_noop("Your referral no. %(number)s to %(programme)s was declined."),
                 decline_reason=why, closed_at=timezone.now())


def end_matches(referral: Referral, now: dt.datetime) -> int:
    return Match.objects.filter(referral=referral, state=Match.State.ACTIVE).update(
        state=Match.State.ENDED, ended_at=now)


@transaction.atomic
def do_close_referral(actor: Any, referral: Referral, outcome: str) -> Referral:
    """Close the referral with an outcome; the volunteer's match ends."""
    referral = locked_referral(referral)
    refuse_unless(access.may_change_referral(actor, referral))
    refuse_unless_step(referral, "close")
    if outcome not in Referral.Outcome.values or outcome == Referral.Outcome.CONSENT_WITHDRAWN:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    now = timezone.now()
    old = referral.state
    referral.state, referral.outcome, referral.closed_at = State.CLOSED, outcome, now
    referral.save(update_fields=["state", "outcome", "closed_at"])
    ended = end_matches(referral, now)
    record(actor, "close", referral, collaboration_code=code(referral.programme),
           changes={"state": (old, State.CLOSED), "outcome": (None, outcome)},
           details={"matches_ended": ended})
    tell_referrer(actor, referral, gettext_noop(
        "Your referral no. %(number)s to %(programme)s was closed."))
    return referral
