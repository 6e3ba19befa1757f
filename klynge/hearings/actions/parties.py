"""Who is asked: inviting parties and naming the people who answer for them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.audit.actions import acting_user, record
from klynge.collaborations.models import Organisation, Partnership
from klynge.governance.models import Body, Participation, Person, Seat
from klynge.hearings.actions.common import (
    code,
    follow_hearing,
    locked_hearing,
    notify,
    refuse_unless_accepting,
    refuse_unless_draft,
)
from klynge.hearings.models import Hearing, Party, Respondent


def eligible_organisations(hearing: Hearing) -> QuerySet[Organisation]:
    """The collaboration's partners today."""
    partners = (Partnership.objects.on(timezone.localdate())
                .filter(collaboration_id=hearing.collaboration_id).values("organisation_id"))
    return Organisation.objects.filter(pk__in=partners).order_by("name")


def eligible_bodies(hearing: Hearing) -> QuerySet[Body]:
    """Elder councils, user panels and student panels in force today, not confidential: the
    collaboration's own, and those of organisations that take part in it."""
    day = timezone.localdate()
    taking_part = (Participation.objects.on(day)
                   .filter(collaboration_id=hearing.collaboration_id).values("body_id"))
    return (Body.objects.on(day)
            .filter(kind__in=Body.PANEL_KINDS, confidential=False)
            .filter(Q(collaboration_id=hearing.collaboration_id) | Q(pk__in=taking_part))
            .select_related("organisation").order_by("name"))


def _check_party(hearing: Hearing, organisation: Organisation | None, body: Body | None) -> None:
    if (organisation is None) == (body is None):
        raise ValidationError(_("Choose one organisation or one body to invite."))
    if organisation is not None:
        if not eligible_organisations(hearing).filter(pk=organisation.pk).exists():
            raise ValidationError({"organisation": _(
                "%(name)s is not a partner of the collaboration today.")
                % {"name": organisation.name}})
        taken = Party.objects.filter(hearing=hearing, organisation=organisation)
    else:
        assert body is not None
        if not eligible_bodies(hearing).filter(pk=body.pk).exists():
            raise ValidationError({"body": _(
                "%(name)s cannot be invited: only elder councils, user panels and student "
                "panels of the collaboration, or taking part in it, answer hearings.")
                % {"name": body.name}})
        taken = Party.objects.filter(hearing=hearing, body=body)
    if taken.exists():
        raise ValidationError(_("%(name)s is already invited.")
                              % {"name": (organisation or body).name})  # type: ignore[union-attr]


def _refuse_unless_changeable(hearing: Hearing) -> None:
    """Parties and respondents change while a draft, or while answers are accepted."""
    if not hearing.is_draft:
        refuse_unless_accepting(hearing)


def _members(body: Body) -> list[Person]:
    seats = (Seat.objects.on(timezone.localdate())
             .filter(body=body, person__isnull=False, person__erased=False)
             .select_related("person").order_by("person__name"))
    people: dict[int, Person] = {}
    for seat in seats:
        assert seat.person is not None
        people.setdefault(seat.person.pk, seat.person)
    return list(people.values())


@transaction.atomic
def do_invite_party(actor: Any, hearing: Hearing, *, organisation: Organisation | None = None,
                    body: Body | None = None) -> Party:
    """Invite a partner organisation, or a panel or elder council; a body's current members
    become its respondents."""
    hearing = locked_hearing(hearing)
    _refuse_unless_changeable(hearing)
    _check_party(hearing, organisation, body)
    by = acting_user(actor)
    party = Party.objects.create(hearing=hearing, organisation=organisation, body=body,
                                 invited_by=by)
    members = _members(body) if body is not None else []
    Respondent.objects.bulk_create([Respondent(party=party, person=person, added_by=by)
                                    for person in members])
    record(actor, "invite", hearing, collaboration_code=code(hearing),
           details={"party": party.pk, "organisation": organisation.pk if organisation else None,
                    "body": body.pk if body else None,
                    "respondents": [person.pk for person in members]})
    if not hearing.is_draft:
        _tell_new_respondents(actor, hearing, [p.user_id for p in members if p.user_id])
    return party


@transaction.atomic
def do_remove_party(actor: Any, party: Party) -> None:
    hearing = locked_hearing(party.hearing_id)
    refuse_unless_draft(hearing, _("A party can only be removed while the hearing is a "
                                   "draft."))
    record(actor, "uninvite", hearing, collaboration_code=code(hearing),
           details={"party": party.pk, "organisation": party.organisation_id,
                    "body": party.body_id})
    party.delete()


@transaction.atomic
def do_add_respondent(actor: Any, party: Party, person: Person) -> Respondent:
    """Name ``person`` to answer for ``party``."""
    hearing = locked_hearing(party.hearing_id)
    _refuse_unless_changeable(hearing)
    if person.erased:
        raise ValidationError({"person": _("An erased person cannot answer a hearing.")})
    if Respondent.objects.filter(party=party, person=person).exists():
        raise ValidationError({"person": _("%(person)s already answers for %(party)s.")
                               % {"person": person.name, "party": party.name}})
    respondent = Respondent.objects.create(
        party=party, person=person,
        added_by=acting_user(actor))
    record(actor, "create", respondent, collaboration_code=code(hearing),
           details={"party": party.pk, "person": person.pk})
    if not hearing.is_draft and person.user_id:
        _tell_new_respondents(actor, hearing, [person.user_id])
    return respondent


@transaction.atomic
def do_remove_respondent(actor: Any, respondent: Respondent) -> None:
    hearing = locked_hearing(respondent.party.hearing_id)
    _refuse_unless_changeable(hearing)
    record(actor, "delete", respondent, collaboration_code=code(hearing),
           details={"party": respondent.party_id, "person": respondent.person_id})
    respondent.delete()


def _tell_new_respondents(actor: Any, hearing: Hearing, user_ids: list[int]) -> None:
    """People named after the hearing opened follow it and are told, as at the opening."""
    if not user_ids:
        return
    follow_hearing(actor, hearing, user_ids)
    notify(actor, hearing, gettext_noop("You are asked to answer the hearing %(title)s."), {},
           also_users=user_ids, only_users=True)
