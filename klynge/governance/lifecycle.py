"""Accounts that follow seats and roles: invited when a person is seated, closed when the
last seat and role have ended.

- a person with an e-mail address and no account gets an account and an invitation to set a
  password when seated (``klynge.governance.actions.people.invite_if_new``);
- :func:`after_role_ends`: when a seat or role of a person ends, the task worker checks the
  person's account the day after (at once if that day has come), and
  :func:`deactivate_if_unseated` closes an account with no current or coming seat or role and
  tells the person. ``klynge deactivate_ended_accounts`` runs the same check for everyone
  (daily, from the systemd timer in the README), in case a scheduled check was lost.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task

from klynge.accounts.access import is_administrator
from klynge.accounts.actions import do_deactivate_user
from klynge.accounts.models import User
from klynge.core.periods import not_ended
from klynge.governance.models import Person, RoleGrant, Seat

logger = logging.getLogger(__name__)


def has_current_or_coming_role(person: Person, today: dt.date) -> bool:
    """Whether ``person`` holds, or will hold, any seat or granted role from ``today``."""
    if Seat.objects.filter(not_ended(today, "term_end"), person=person).exists():
        return True
    return RoleGrant.objects.filter(not_ended(today), person=person).exists()


def after_role_ends(person: Person, last_day: dt.date | None) -> None:
    """Check ``person``'s account after ``last_day`` (None: now), once the change is saved."""
    if person.user_id is None:
        return
    user_id = person.user_id
    today = timezone.localdate()
    when = None
    if last_day is not None and last_day >= today:
        when = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1),
                                                       dt.time(3, 0)))
    if when is not None and not default_task_backend.supports_defer:
        return  # no scheduler here (tests); the daily sweep catches it

    def enqueue() -> None:
        job = deactivate_if_unseated.using(run_after=when) if when else deactivate_if_unseated
        job.enqueue(user_id)

    transaction.on_commit(enqueue)


@task()
def deactivate_if_unseated(user_id: int) -> bool:
    """Close the account of ``user_id`` if its person has no current or coming seat or role."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or is_administrator(user):
        return False
    person = Person.objects.filter(user=user).first()
    if person is None or has_current_or_coming_role(person, timezone.localdate()):
        return False
    do_deactivate_user(None, user, reason=_("The last seat or role of %(name)s has ended.")
                       % {"name": person.name})
    return True


def deactivate_ended_accounts() -> list[str]:
    """Run the check for every active account that belongs to a person; the usernames closed."""
    closed = []
    for user_id, username in (User.objects.filter(is_active=True, person__isnull=False,
                                                  is_superuser=False)
                              .values_list("pk", "username")):
        if deactivate_if_unseated.call(user_id):
            closed.append(username)
    return closed
