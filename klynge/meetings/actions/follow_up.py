"""Action items: given at a meeting (and noted on the item's case), marked done by their
owner or the secretariat, and reminded of once a day when overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.audit.actions import acting_user, created, record
from klynge.audit.models import AuditEntry
from klynge.core.writes import locked
from klynge.governance.models import Person, Seat
from klynge.meetings.actions import cases_link
from klynge.meetings.actions.common import (
    lock_meeting,
    minutes_changed,
    refuse_before_release,
    refuse_if_frozen,
    written,
)
from klynge.meetings.models import ActionItem, AgendaItem
from klynge.notifications.actions import do_notify


def _check_owner(item: AgendaItem, owner: Person) -> None:
    collaboration_id = item.meeting.body.collaboration_id
    if not Seat.objects.filter(person=owner, body__collaboration_id=collaboration_id or 0).exists():
        raise ValidationError({"owner": _("%(name)s has no seat in this collaboration.")
                               % {"name": owner.name}})


@transaction.atomic
def do_add_action_item(actor: Any, item: AgendaItem, *, title: str, owner: Person,
                       due_on: dt.date, description: str = "") -> ActionItem:
    """An action item given at the meeting on ``item``, with an owner and a due date."""
    meeting = lock_meeting(item.meeting_id)
    refuse_if_frozen(meeting)
    refuse_before_release(meeting)
    item = AgendaItem.objects.select_related("case").get(pk=item.pk)
    item.meeting = meeting
    collaboration = meeting.body.collaboration
    if collaboration is None:
        raise ValidationError(_("Action items belong to a collaboration; %(body)s is an "
                                "organisation's own body.") % {"body": meeting.body.name})
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Say what is to be done.")})
    _check_owner(item, owner)
    action_item = ActionItem.objects.create(
        collaboration=collaboration, item=item, case=item.case, title=title,
        description=description.strip(), owner=owner, due_on=due_on,
        created_by=acting_user(actor))
    if item.case is not None:
        cases_link.note_action_item(actor, item.case, cases_link.item_details(item) | {
            "action_item": action_item.pk, "due_on": due_on.isoformat()})
    written(actor, AuditEntry.Verb.CREATE, action_item, meeting,
            changes=created(action_item, ["title", "owner", "due_on", "case"]))
    minutes_changed(meeting)
    return action_item


@transaction.atomic
def do_mark_action_item_done(actor: Any, action_item: ActionItem) -> ActionItem:
    """The owner or the secretariat marks an action item done (the access check decides
    who)."""
    action_item = locked(ActionItem).select_related("collaboration").get(pk=action_item.pk)
    if action_item.done_at is not None:
        raise ValidationError(_("This action item is already done."))
    action_item.done_at = timezone.now()
    action_item.done_by = acting_user(actor)
    action_item.save(update_fields=["done_at", "done_by"])
    record(actor, AuditEntry.Verb.UPDATE, action_item,
           changes={"done_at": (None, action_item.done_at)},
           collaboration_code=action_item.collaboration.code)
    return action_item


def remind_overdue_action_items(today: dt.date | None = None) -> int:
    """Tell the owner of each open action item due before ``today`` that it is overdue, at
    most once a day (for the scheduler). Returns how many owners were told."""
    today = today or timezone.localdate()
    told = 0
    overdue = (ActionItem.objects.filter(done_at__isnull=True, due_on__lt=today,
                                         owner__user__isnull=False)
               .exclude(reminded_on=today).values_list("pk", flat=True))
    for pk in list(overdue):
        told += _remind(pk, today)
    return told


@transaction.atomic
def _remind(pk: int, today: dt.date) -> int:
    action_item = (locked(ActionItem).select_related("owner", "collaboration", "item")
                   .filter(pk=pk, done_at__isnull=True).first())
    if action_item is None or action_item.reminded_on == today:
        return 0
    owner_user = action_item.owner.user_id
    topic = (("meeting", action_item.item.meeting_id) if action_item.item_id is not None
             else ("case", action_item.case_id or 0))
    made = do_notify(
        None, topic=topic,  # type: ignore[arg-type]
        message=gettext_noop("Your action item \"%(title)s\" was due on %(date)s."),
        params={"title": action_item.title, "date": action_item.due_on.isoformat()},
        url=reverse("meetings:me"), may_see=lambda user: user.pk == owner_user,
        collaboration=action_item.collaboration, also_users=[owner_user])
    action_item.reminded_on = today
    action_item.save(update_fields=["reminded_on"])
    return 1 if made else 0
