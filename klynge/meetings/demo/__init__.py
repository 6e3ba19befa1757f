"""The working cycle's demo: cases, meetings, hearings and follow-up in Horsensklyngen.

``klynge load_demo`` (``klynge.governance.demo``) sends ``demo_loading`` once the structure
and the logins exist; :func:`load_working_cycle` then makes, through the apps' own actions,
what the demo's people would have made in the weeks before today: cases in every state,
two past meetings with approved minutes, a coming meeting with its agenda released, a
summarised hearing and an open one, follows and the notifications all this sent. The logins
``sekretariat``, ``medlem`` and ``panel`` act as the secretariat and the submitters; the
chairs who approve agendas and minutes, and the elder council's chair who answers a hearing,
are given accounts without a password (:data:`ACCOUNT_PREFIX`), so they act as themselves but
nobody signs in as them.

Dates follow today (``timezone.localdate()``): the past meetings were held 6 and 4 weeks ago,
the coming one is in 2 weeks. The actions stamp "now"; so that the history reads as it
happened, the loader afterwards moves the timestamps of the rows it has just made (never any
other row) to the day of the step: a case's submission and events, recommendations,
notifications, subscriptions, answers to invitations, reviews, approvals, outcomes, action
items, attachments, and the hearings' opening, deadline, answers and summary. The closed
hearing is opened with a deadline tomorrow, answered, and then given its deadline five weeks
ago (the actions refuse a deadline in the past), before it is summarised. The audit trail keeps
the real times of the load.

The cycle is built only while Horsensklyngen's strategic level exists (until 2026-12-31);
loading it again adds nothing (its first case marks it), and :func:`remove_working_cycle`
(on ``demo_removing``) removes what depends on the demo's bodies and people.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from klynge.accounts.models import User
from klynge.attachments.actions import do_remove_attachment
from klynge.attachments.models import Attachment
from klynge.cases.models import Case, FileSeries
from klynge.governance.demo import DemoResult
from klynge.governance.demo_data import (
    ALREK_CODE,
    BODY_SPECS,
    DEMO_EMAIL_DOMAIN,
    DEMO_SOURCE,
    HORSENS_CODE,
    ORGANISATION_BODIES,
)
from klynge.governance.models import Body, Person
from klynge.hearings.models import Answer, Hearing, Respondent
from klynge.meetings.demo.common import ACCOUNT_PREFIX, CODES, FIRST_CASE
from klynge.meetings.demo.story import WorkingCycle
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaReview,
    Conflict,
    ItemAttendance,
    Meeting,
    MinutesApproval,
    Response,
)
from klynge.notifications.models import Notification, Subscription, Topic
from klynge.vocabulary.actions import do_seed_vocabulary

__all__ = ["ACCOUNT_PREFIX", "load_working_cycle", "remove_working_cycle",
           "seed_vocabularies"]


# Loading and removing -------------------------------------------------------------------

def load_working_cycle(sender: Any, result: DemoResult, **kwargs: Any) -> None:
    """``demo_loading``: build Horsensklyngen's working cycle unless it is there, or the
    cluster has ended, or a login it needs is not the demo's."""
    horsens = next((c for c in result.collaborations if c.code == HORSENS_CODE), None)
    if horsens is None or Case.objects.filter(collaboration=horsens, title=FIRST_CASE).exists():
        return
    if {"sekretariat", "medlem", "panel"} & set(result.skipped_logins):
        return
    strategic = horsens.bodies.filter(name=BODY_SPECS[HORSENS_CODE][1].name).first()
    if strategic is None or not strategic.is_valid_on(timezone.localdate()):
        return
    WorkingCycle(horsens, result.counts).build()


def seed_vocabularies(sender: Any, result: DemoResult, **kwargs: Any) -> None:
    """``demo_loading``: every demo collaboration has the default themes and target groups
    (Horsensklyngen's secretariat seeds its own as it builds the working cycle)."""
    for collaboration in result.collaborations:
        result.counts["terms"] += do_seed_vocabulary(None, collaboration)


def _demo_bodies() -> models.QuerySet[Body]:
    names = [spec.name for specs in BODY_SPECS.values() for spec in specs]
    names += [spec.body.name for spec in ORGANISATION_BODIES]
    return Body.objects.filter(name__in=names).exclude(collaboration__code=ALREK_CODE)


def remove_working_cycle(sender: Any, **kwargs: Any) -> int:
    """``demo_removing``: remove what depends on the demo's bodies and people (which the
    structure's removal needs gone); the rows deleted."""
    bodies = list(_demo_bodies().values_list("pk", flat=True))
    people = Person.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    meeting_ids = list(Meeting.objects.filter(body__in=bodies).values_list("pk", flat=True))
    case_ids = list(Case.objects.filter(collaboration__code__in=CODES).filter(
        Q(current_body__in=bodies) | Q(origin_body__in=bodies) | Q(submitting_body__in=bodies)
        | Q(submitted_by__in=people) | Q(events__to_body__in=bodies)
        | Q(events__from_body__in=bodies)).values_list("pk", flat=True).distinct())
    hearing_ids = list(Hearing.objects.filter(collaboration__code__in=CODES).filter(
        Q(parties__body__in=bodies) | Q(parties__organisation__source=DEMO_SOURCE)
        | Q(parties__respondents__person__in=people)
        | Q(created_by__email__endswith=f"@{DEMO_EMAIL_DOMAIN}"))
        .values_list("pk", flat=True).distinct())
    items = AgendaItem.objects.filter(Q(meeting__in=meeting_ids) | Q(case__in=case_ids))
    answers = Answer.objects.filter(hearing__in=hearing_ids)
    deleted = _remove_files([(Case, case_ids), (AgendaItem, items.values("pk")),
                             (Hearing, hearing_ids), (Answer, answers.values("pk"))])
    deleted += ActionItem.objects.filter(Q(item__in=items) | Q(case__in=case_ids)
                                         | Q(owner__in=people)).delete()[0]
    deleted += items.delete()[0]
    deleted += Meeting.objects.filter(pk__in=meeting_ids).delete()[0]
    deleted += Case.objects.filter(pk__in=case_ids).delete()[0]
    deleted += Hearing.objects.filter(pk__in=hearing_ids).delete()[0]
    for model in (Respondent, Response, ItemAttendance, Conflict, MinutesApproval,
                  AgendaReview):
        deleted += model.objects.filter(person__in=people).delete()[0]  # type: ignore[attr-defined]
    for topic, ids in ((Topic.CASE, case_ids), (Topic.MEETING, meeting_ids),
                       (Topic.HEARING, hearing_ids)):
        deleted += Subscription.objects.filter(topic=topic, topic_id__in=ids).delete()[0]
        deleted += Notification.objects.filter(topic=topic, topic_id__in=ids).delete()[0]
    deleted += User.objects.filter(username__startswith=ACCOUNT_PREFIX,
                                   email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()[0]
    deleted += FileSeries.objects.filter(collaboration__code__in=CODES).exclude(
        collaboration__cases__isnull=False).delete()[0]
    return deleted


def _remove_files(owners: list[tuple[type[models.Model], Any]]) -> int:
    """Remove the attachments of the owners (model, ids), files and all."""
    removed = 0
    for model, ids in owners:
        kind = ContentType.objects.get_for_model(model)
        for attachment in Attachment.objects.filter(content_type=kind, object_id__in=ids):
            do_remove_attachment(None, attachment)
            removed += 1
    return removed
