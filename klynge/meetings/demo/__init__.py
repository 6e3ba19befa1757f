"""The working cycle's demo: cases, meetings, hearings and follow-up in Horsensklyngen (until
2026-12-31) or Sundhedsråd Horsens (from 2027-01-01), and a smaller cycle in Nynorsk in the
Bergen health community.

``klynge load_demo`` (``klynge.governance.demo``) sends ``demo_loading`` once the structure
and the logins exist; :func:`load_working_cycle` then makes, through the apps' own actions,
what the demo's people would have made in the weeks before today. The Danish story
(``story``, texts in ``texts``): cases in every state, two past meetings with approved
minutes, a coming meeting with its agenda released, a summarised hearing and an open one,
follows and the notifications all this sent. While Horsensklyngen exists it is the cluster's
(``sekretariat``, ``medlem`` and ``panel`` act); from 2027 the same story is the council's:
``sekretariat`` is its secretariat, and as ``medlem`` and ``panel`` hold no seat there, a
council member and a member of its user panel act. Bergen's story (``bergen``): three cases,
a past meeting with approved minutes, a coming one with its agenda released, an open hearing;
``bergen`` is the secretariat. Those who act without a login (chairs, members, the council's
submitters) are given accounts without a password (:data:`ACCOUNT_PREFIX`), so they act as
themselves but nobody signs in as them.

Dates follow today (``timezone.localdate()``; ``base`` keeps the story's clock, and presses
the past of a council younger than the story into its time so far). The actions stamp "now";
so that the history reads as it happened, the loader afterwards moves the timestamps of the
rows it has just made (never any other row) to the moment of the step: a case's submission
and events, recommendations, notifications, subscriptions, answers to invitations, reviews,
approvals, outcomes, action items, attachments, and the hearings' opening, deadline, answers
and summary. The closed hearing is opened with a deadline tomorrow, answered, and then given
its deadline five weeks ago (the actions refuse a deadline in the past), before it is
summarised. The audit trail keeps the real times of the load.

Loading again adds nothing (each story's first case marks it), and
:func:`remove_working_cycle` (on ``demo_removing``) removes what depends on the demo's bodies
and people.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from klynge.accounts.models import User
from klynge.attachments.actions import do_remove_attachment
from klynge.attachments.models import Attachment
from klynge.cases.models import Case, FileSeries
from klynge.collaborations.models import Collaboration
from klynge.governance.demo import DemoResult
from klynge.governance.demo_data import (
    ALREK_CODE,
    BERGEN_CODE,
    BODY_SPECS,
    COUNCIL_CODE,
    DEMO_EMAIL_DOMAIN,
    DEMO_SOURCE,
    HORSENS_CODE,
    ORGANISATION_BODIES,
)
from klynge.governance.models import Body, Person
from klynge.hearings.models import Answer, Hearing, Respondent
from klynge.meetings.demo.bergen import FIRST_CASE as BERGEN_FIRST
from klynge.meetings.demo.bergen import BergenCycle, bergen_bodies
from klynge.meetings.demo.common import ACCOUNT_PREFIX, CODES
from klynge.meetings.demo.story import WorkingCycle, cluster_cast, council_cast
from klynge.meetings.demo.texts import CLUSTER, CLUSTER_CASES, COUNCIL, COUNCIL_CASES
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
    """``demo_loading``: build the working cycles that are not there yet: Horsensklyngen's
    while the cluster exists, otherwise Sundhedsråd Horsens'; and Bergen's. A story whose
    secretariat login (or, for the cluster, ``medlem`` or ``panel``) is not the demo's is
    left out."""
    by_code = {c.code: c for c in result.collaborations}
    skipped = set(result.skipped_logins)
    if "sekretariat" not in skipped:
        _load_danish(by_code, skipped, result)
    bergen = by_code.get(BERGEN_CODE)
    if bergen is not None and "bergen" not in skipped and not _loaded(bergen, BERGEN_FIRST):
        bodies = bergen_bodies(bergen)
        if bodies is not None:
            secretariat = User.objects.get(username="bergen")
            BergenCycle(bergen, result.counts, secretariat, bodies).build()


def _loaded(collaboration: Collaboration, first_case: str) -> bool:
    return Case.objects.filter(collaboration=collaboration, title=first_case).exists()


def _load_danish(by_code: dict[str, Collaboration], skipped: set[str],
                 result: DemoResult) -> None:
    secretariat = User.objects.get(username="sekretariat")
    horsens, council = by_code.get(HORSENS_CODE), by_code.get(COUNCIL_CODE)
    if horsens is not None and not {"medlem", "panel"} & skipped:
        cast = cluster_cast(horsens)
        if cast is not None:
            if not _loaded(horsens, CLUSTER_CASES["visits"][1]):
                WorkingCycle(horsens, result.counts, secretariat, cast, CLUSTER,
                             CLUSTER_CASES).build()
            return
    if council is not None and not _loaded(council, COUNCIL_CASES["visits"][1]):
        cast = council_cast(council)
        if cast is not None:
            WorkingCycle(council, result.counts, secretariat, cast, COUNCIL,
                         COUNCIL_CASES).build()


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
