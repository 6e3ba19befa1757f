"""Matching a referral with a volunteer, and the contacts the volunteer logs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.audit.actions import acting_user, created, record
from klynge.core.writes import locked
from klynge.volunteering import access, checks, inputs
from klynge.volunteering.actions.common import (
    code,
    locked_referral,
    refuse_unless,
    tell_referrer,
    tell_user,
)
from klynge.volunteering.actions.referrals import do_accept_referral, refuse_unless_step
from klynge.volunteering.models import Contact, Match, Programme, Referral, VolunteerProfile


def why_not(referral: Referral, volunteer: VolunteerProfile, day: dt.date) -> list[str]:
    """Why ``volunteer`` may not be matched with ``referral`` on ``day``, as sentences
    (empty: they may); the matching core's exclusions (``inputs.exclusions``)."""
    if volunteer.programme_id != referral.programme_id:
        return [_("the volunteer is not in this programme")]
    profiles = inputs.profiles_for(referral.programme, day, ids=[volunteer.pk])
    codes = inputs.exclusions(referral, profiles, day).get(volunteer.pk, [])
    return inputs.explain(codes, profiles[0], referral.programme, day) if codes else []


@transaction.atomic
def do_match(actor: Any, referral: Referral, volunteer: VolunteerProfile) -> Match:
    """Match an accepted referral with a volunteer. Refused, with every reason, when the
    matching core excludes the volunteer (an expired or missing certificate, no common
    language, a full load...)."""
    referral = locked_referral(referral)
    refuse_unless(access.may_change_referral(actor, referral))
    refuse_unless_step(referral, "match")
    volunteer = locked(VolunteerProfile).select_related("person").get(pk=volunteer.pk)
    reasons = why_not(referral, volunteer, timezone.localdate())
    if reasons:
        raise ValidationError({"volunteer": _(
            "This volunteer cannot be matched with the referral: %(reasons)s.")
            % {"reasons": "; ".join(reasons)}})
    now = timezone.now()
    match = Match.objects.create(referral=referral, volunteer=volunteer,
                                 matched_by=acting_user(actor), matched_at=now)
    old = referral.state
    referral.state, referral.matched_at = Referral.State.MATCHED, now
    referral.save(update_fields=["state", "matched_at"])
    programme = referral.programme
    record(actor, "create", match, collaboration_code=code(programme),
           changes=created(match, ["referral", "volunteer", "state"]))
    record(actor, "update", referral, collaboration_code=code(programme),
           changes={"state": (old, Referral.State.MATCHED)}, details={"match": match.pk})
    tell_referrer(actor, referral, gettext_noop(
        "Your referral no. %(number)s to %(programme)s was matched with a volunteer."))
    tell_user(actor, volunteer.person.user_id, programme, gettext_noop(
        "You have been matched with someone to support in %(programme)s."))
    return match


@transaction.atomic
def do_log_contact(actor: Any, match: Match, *, day: dt.date | None, kind: str,
                   minutes: int, note: str = "") -> Contact:
    """The matched volunteer logs a contact (only they may)."""
    match = locked(Match).select_related("referral__programme__collaboration").get(pk=match.pk)
    refuse_unless(access.may_log_contact(actor, match))
    if day is None or day > timezone.localdate():
        raise ValidationError({"day": _("Give the date of the contact, today or earlier.")})
    if day < timezone.localdate(match.matched_at):
        raise ValidationError({"day": _("The contact cannot be before the match.")})
    clean = {
        "kind": checks.choice("kind", kind, Contact.Kind, blank=False),
        "minutes": checks.whole("minutes", minutes, low=1, high=24 * 60, blank=False),
        "note": checks.text({"note": note}, "note", limit=500),
    }
    contact = Contact.objects.create(match=match, day=day, logged_by=acting_user(actor),
                                     **clean)
    record(actor, "create", contact, collaboration_code=code(match.referral.programme),
           changes=created(contact, ["match", "day", *clean]))
    return contact


@transaction.atomic
def do_confirm_assignment(actor: Any, programme: Programme,
                          pairs: list[tuple[int, int]], *, adjusted: int = 0) -> list[Match]:
    """Confirm the coordinator's assignment of the waiting list: each ``(referral id,
    volunteer id)`` is matched (a referral on the waiting list is accepted first, which
    needs a free place). All or nothing: the first pair refused refuses them all, naming the
    referral and why. ``adjusted``: how many referrals the coordinator changed from the
    proposal (for the audit entry)."""
    refuse_unless(access.coordinates(actor, programme.pk))
    if not pairs:
        raise ValidationError(_("Choose a volunteer for at least one referral."))
    referrals = Referral.objects.in_bulk([r for r, _v in pairs])
    volunteers = VolunteerProfile.objects.in_bulk([v for _r, v in pairs])
    matches = []
    for referral_id, volunteer_id in pairs:
        referral, volunteer = referrals.get(referral_id), volunteers.get(volunteer_id)
        if referral is None or referral.programme_id != programme.pk or volunteer is None:
            raise ValidationError(_("Referral no. %(number)s is not waiting in this "
                                    "programme.") % {"number": referral_id})
        try:
            if referral.state == Referral.State.WAITING:
                referral = do_accept_referral(actor, referral)
            matches.append(do_match(actor, referral, volunteer))
        except ValidationError as error:
            raise ValidationError(_("Referral no. %(number)s: %(reasons)s") % {
                "number": referral_id, "reasons": " ".join(error.messages)}) from error
    record(actor, "update", programme, collaboration_code=code(programme),
           details={"assignment": len(pairs), "adjusted": adjusted})
    return matches
