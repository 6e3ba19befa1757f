"""What the hearing actions share: locking, the audit code, whom to tell and how."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.collaborations.models import Collaboration
from klynge.core.writes import locked
from klynge.governance.models import Body, Seat
from klynge.governance.roles import Roles
from klynge.hearings import access
from klynge.hearings.models import Hearing
from klynge.notifications.actions import TopicRef, do_follow, do_notify
from klynge.notifications.models import Topic


def locked_hearing(hearing: Hearing | int) -> Hearing:
    """The hearing's row, locked until the transaction ends (its state and deadline are what
    every check counts on)."""
    pk = hearing if isinstance(hearing, int) else hearing.pk
    result: Hearing = locked(Hearing).select_related("collaboration").get(pk=pk)
    return result


def code(hearing: Hearing) -> str:
    return hearing.collaboration.code


def refuse_unless_draft(hearing: Hearing, message: str | None = None) -> None:
    if not hearing.is_draft:
        raise ValidationError(message or _("This can only be done while the hearing is a "
                                           "draft."))


def refuse_unless_accepting(hearing: Hearing) -> None:
    """Refuse unless the hearing is open and its deadline has not passed."""
    if hearing.is_draft:
        raise ValidationError(_("The hearing is not open for answers yet."))
    if not hearing.accepts_answers:
        raise ValidationError(late_message(hearing))


def late_message(hearing: Hearing) -> str:
    return _("The deadline for answers was %(date)s at %(time)s; answers can no longer be "
             "given.") % hearing.deadline_parts


def check_future(deadline: Any) -> None:
    if deadline is None:
        raise ValidationError({"deadline": _("Give a deadline for answers.")})
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline must be in the future.")})


def secretariat_user_ids(collaboration: Collaboration) -> set[int]:
    """The users who sit in the collaboration's secretariat today."""
    return set(Seat.objects.on(timezone.localdate())
               .filter(body__collaboration=collaboration, body__kind=Body.Kind.SECRETARIAT,
                       person__user__isnull=False)
               .values_list("person__user_id", flat=True))


def follow_hearing(actor: Any, hearing: Hearing, user_ids: Iterable[int]) -> None:
    """The users follow the hearing (respondents do, so they hear of its summary)."""
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(pk__in=set(user_ids)).order_by("pk"):
        do_follow(actor, user, Topic.HEARING, hearing.pk)


def notify(actor: Any, hearing: Hearing, message: str, params: dict[str, Any], *,
           url: str = "", answers: bool = False, also_topics: Iterable[TopicRef] = (),
           also_users: Iterable[int] = (), only_users: bool = False) -> None:
    """Tell the hearing's followers (and ``also_*``) who may see it; ``answers``: only those
    who may also read every answer; ``only_users``: only ``also_users``."""
    respondents = access.respondent_user_ids(hearing)
    also_users = set(also_users)

    def may_see(user: Any) -> bool:
        if only_users and user.pk not in also_users:
            return False
        roles = Roles.for_user(user)
        if answers:
            return access.may_see_all_answers(roles, hearing, respondents)
        return access.may_see_hearing(roles, hearing, respondents)

    do_notify(actor, topic=(Topic.HEARING, hearing.pk), message=message,
              params={"title": hearing.title, **params},
              url=url or hearing.get_absolute_url(), may_see=may_see,
              collaboration=hearing.collaboration, also_topics=also_topics,
              also_users=also_users)
