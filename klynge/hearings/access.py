"""Who may see or change a hearing and its answers. The only place that decides it.

- an administrator sees everything and changes what the secretariat may;
- the secretariat of the hearing's collaboration sees everything, drafts included, and
  changes the hearing, its parties and respondents, and the responses and summary;
- a respondent sees the hearing once it is opened, and their party's answer (which they
  write while the hearing accepts answers); once the hearing is summarised, every answer;
- a member of any of the collaboration's bodies (``Roles.member_collaborations``) sees the
  opened hearings and, after the deadline, every answer;
- anybody else gets 404.

Functions take a user (``roles_of`` caches the roles on it) or, outside a request, ``Roles``
from ``Roles.for_user`` together with the user's id.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from klynge.collaborations.models import Collaboration
from klynge.governance import audience as keys
from klynge.governance.access import get_collaboration_for_user
from klynge.governance.audience import Audience
from klynge.governance.roles import roles_of
from klynge.hearings.models import Answer, Hearing, Party, Respondent, past_deadline_q

SHOWN_STATES = (Hearing.State.OPEN, Hearing.State.SUMMARISED)


def _respondent_parties(user_id: int) -> QuerySet[Respondent]:
    return Respondent.objects.filter(person__user_id=user_id)


def visible_hearings(user: Any) -> QuerySet[Hearing]:
    roles = roles_of(user)
    if roles.user_id is None:
        return Hearing.objects.none()
    if roles.is_admin:
        return Hearing.objects.all()
    as_respondent = _respondent_parties(roles.user_id).values("party__hearing_id")
    return Hearing.objects.filter(
        Q(collaboration_id__in=roles.secretariat_of)
        | Q(state__in=SHOWN_STATES, collaboration_id__in=roles.member_collaborations)
        | Q(state__in=SHOWN_STATES, pk__in=as_respondent)
    )


def visible_answers(user: Any) -> QuerySet[Answer]:
    """The answers the user may read (for the hearing page and for search)."""
    roles = roles_of(user)
    if roles.user_id is None:
        return Answer.objects.none()
    if roles.is_admin:
        return Answer.objects.all()
    respondent = _respondent_parties(roles.user_id)
    return Answer.objects.filter(
        Q(hearing__collaboration_id__in=roles.secretariat_of)
        | Q(party_id__in=respondent.values("party_id"), hearing__state__in=SHOWN_STATES)
        | (Q(hearing__collaboration_id__in=roles.member_collaborations)
           & past_deadline_q(prefix="hearing__"))
        | Q(hearing__state=Hearing.State.SUMMARISED,
            hearing_id__in=respondent.values("party__hearing_id"))
    )


def answer_audience(answer: Answer) -> Audience:
    """The rule of :func:`visible_answers` as keys (``klynge.governance.audience``), for an
    answer loaded with its hearing: the members see it from the deadline on."""
    hearing = answer.hearing
    audience = Audience(keepers=keys.secretariat(hearing.collaboration_id))
    if hearing.state in SHOWN_STATES:
        audience.allowed |= keys.respondent(answer.party_id)
    if hearing.state == Hearing.State.SUMMARISED:
        audience.allowed |= (keys.member_in(hearing.collaboration_id)
                             | keys.respondent_in(hearing.pk))
    elif hearing.state == Hearing.State.OPEN:
        audience.later = keys.member_in(hearing.collaboration_id)
        audience.later_from = hearing.deadline
    return audience


def audience_keys(user_id: int | None) -> set[str]:
    """The keys the user holds as a named respondent (one query)."""
    if user_id is None:
        return set()
    found: set[str] = set()
    for party_id, hearing_id in _respondent_parties(user_id).values_list(
            "party_id", "party__hearing_id"):
        found |= keys.respondent(party_id) | keys.respondent_in(hearing_id)
    return found


def respondent_user_ids(hearing: Hearing) -> set[int]:
    """The users who answer for a party of ``hearing`` (one query)."""
    return set(Respondent.objects.filter(party__hearing=hearing, person__user__isnull=False)
               .values_list("person__user_id", flat=True))


def may_change_hearings_of(who: Any, collaboration_id: int) -> bool:
    """Whether ``who`` writes and changes the hearings of the collaboration."""
    return roles_of(who).is_secretariat_of(collaboration_id)


def may_change_hearing(who: Any, hearing: Hearing) -> bool:
    return may_change_hearings_of(who, hearing.collaboration_id)


def get_collaboration_for_hearings(user: Any, code: str, write: bool = False) -> Collaboration:
    """The collaboration whose hearings are listed (``write``: to start a new one)."""
    collaboration = get_collaboration_for_user(user, code)
    if write and not may_change_hearings_of(user, collaboration.pk):
        raise PermissionDenied
    return collaboration


def may_see_hearing(who: Any, hearing: Hearing, respondents: set[int] | None = None) -> bool:
    """Whether ``who`` (a user or their ``Roles``) may see ``hearing``; ``respondents`` (from
    :func:`respondent_user_ids`) saves a query per user when many are asked."""
    roles = roles_of(who)
    if roles.user_id is None:
        return False
    if roles.is_secretariat_of(hearing.collaboration_id):
        return True
    if hearing.state not in SHOWN_STATES:
        return False
    if hearing.collaboration_id in roles.member_collaborations:
        return True
    if respondents is None:
        respondents = respondent_user_ids(hearing)
    return roles.user_id in respondents


def may_see_all_answers(who: Any, hearing: Hearing, respondents: set[int] | None = None
                        ) -> bool:
    """Every answer of ``hearing``: the secretariat; after the deadline the members; once
    summarised, also the respondents (the summary lists every answer)."""
    roles = roles_of(who)
    if roles.is_secretariat_of(hearing.collaboration_id):
        return True
    if not hearing.is_past_deadline:
        return False
    if hearing.collaboration_id in roles.member_collaborations:
        return True
    return hearing.is_summarised and may_see_hearing(roles, hearing, respondents)


def answers_for(who: Any, party: Party) -> bool:
    """Whether the user is one of ``party``'s respondents (and so may write its answer)."""
    roles = roles_of(who)
    if roles.user_id is None:
        return False
    return _respondent_parties(roles.user_id).filter(party=party).exists()


def get_hearing_for_user(user: Any, pk: int, write: bool = False) -> Hearing:
    try:
        hearing = visible_hearings(user).select_related("collaboration").get(pk=pk)
    except Hearing.DoesNotExist:
        raise Http404 from None
    if write and not may_change_hearing(user, hearing):
        raise PermissionDenied
    return hearing


def get_party_for_user(user: Any, pk: int, write: bool = False) -> Party:
    """A party of a hearing the user may see. ``write``: change the party (the secretariat)."""
    try:
        party = (Party.objects.filter(hearing__in=visible_hearings(user))
                 .select_related("hearing__collaboration", "body", "organisation").get(pk=pk))
    except Party.DoesNotExist:
        raise Http404 from None
    if write and not may_change_hearing(user, party.hearing):
        raise PermissionDenied
    return party


def get_party_to_answer(user: Any, pk: int) -> Party:
    """A party the user answers for: 404 if they may not see it, 403 if they are not one of
    its respondents. Whether the hearing still accepts answers is the action's to say."""
    party = get_party_for_user(user, pk)
    if not answers_for(user, party):
        raise PermissionDenied
    return party


def get_respondent_for_user(user: Any, pk: int, write: bool = False) -> Respondent:
    try:
        respondent = (Respondent.objects.filter(party__hearing__in=visible_hearings(user))
                      .select_related("party__hearing__collaboration", "person").get(pk=pk))
    except Respondent.DoesNotExist:
        raise Http404 from None
    if write and not may_change_hearing(user, respondent.party.hearing):
        raise PermissionDenied
    return respondent


def get_answer_for_user(user: Any, pk: int, write: bool = False) -> Answer:
    """An answer the user may read; ``write``: the secretariat's response to it."""
    try:
        answer = (visible_answers(user)
                  .select_related("hearing__collaboration", "party__body",
                                  "party__organisation").get(pk=pk))
    except Answer.DoesNotExist:
        raise Http404 from None
    if write and not may_change_hearing(user, answer.hearing):
        raise PermissionDenied
    return answer


def get_summary_for_user(user: Any, pk: int) -> Hearing:
    """The hearing, for its summary page: whoever may read every answer (404 otherwise)."""
    hearing = get_hearing_for_user(user, pk)
    if not may_see_all_answers(user, hearing):
        raise Http404
    return hearing
