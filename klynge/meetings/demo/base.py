"""What every working-cycle story does: it keeps the story's clock, and it takes the steps
of the cycle (submit, schedule, release, attend, record outcomes, approve minutes, hear)
through the apps' actions, dated (see ``klynge.meetings.demo``).

The story's clock: a step is ``days`` from today at ``hour``. A collaboration whose bodies
are younger than the story (Sundhedsråd Horsens in its first weeks) gets its past pressed
into the time since its bodies began: every past moment moves towards now by the same
factor, and a day's moments then go into office hours (08:00-18:00, in steps of five
minutes), so the steps keep their order and nothing is dated before the bodies existed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from klynge.accounts.models import User
from klynge.cases import actions as cases
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body, Person
from klynge.hearings import actions as hearings
from klynge.hearings.models import Hearing, Party
from klynge.meetings import actions as meetings
from klynge.meetings import rules
from klynge.meetings.demo.common import account, dated
from klynge.meetings.models import (
    AgendaItem,
    AgendaReview,
    Conflict,
    Meeting,
    MinutesApproval,
)
from klynge.vocabulary.actions import do_seed_vocabulary
from klynge.vocabulary.models import Term

EARLIEST = -80  # no step of a story is earlier than this many days before today
MEETING_LENGTH = dt.timedelta(hours=2, minutes=30)


class Story:
    """The steps of a working cycle in ``collaboration``; ``since`` is the first day of the
    bodies it uses (see the module's docstring)."""

    language = "da"

    def __init__(self, collaboration: Collaboration, counts: Any, secretariat: User,
                 since: dt.date) -> None:
        self.collaboration = collaboration
        self.counts = counts
        self.sec = secretariat
        self.now = timezone.now()
        self.today = timezone.localdate()
        start = timezone.make_aware(dt.datetime.combine(since, dt.time(0)))
        first = self._plain(EARLIEST, 0, 0)
        self.scale = 1.0 if first >= start else (self.now - start) / (self.now - first)
        self.terms: dict[tuple[str, str], Term] = {}
        self.cases: dict[str, Case] = {}

    # Time ----------------------------------------------------------------------------------

    def _plain(self, days: int, hour: int, minute: int) -> dt.datetime:
        day = self.today + dt.timedelta(days=days)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def when(self, days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        """The moment of a step (see the module's docstring)."""
        moment = self._plain(days, hour, minute)
        if self.scale == 1.0 or moment >= self.now:
            return moment
        pressed = self.now - (self.now - moment) * self.scale
        day = timezone.localdate(pressed)
        if day == self.today:
            return pressed.replace(second=0, microsecond=0)
        # A day before today: its 24 hours go into office hours, 08:00 to 18:00.
        midnight = timezone.make_aware(dt.datetime.combine(day, dt.time(0)))
        minutes = 8 * 60 + int((pressed - midnight) / dt.timedelta(minutes=12)) * 5
        return midnight + dt.timedelta(minutes=minutes)

    def day(self, days: int) -> dt.date:
        return timezone.localdate(self.when(days, 12))

    def at(self, days: int, hour: int, action: Callable[..., Any], *args: Any,
           **kwargs: Any) -> Any:
        with dated(self.when(days, hour)):
            return action(*args, **kwargs)

    # People and words ----------------------------------------------------------------------

    def account(self, person: Person) -> User:
        return account(person, self.language)

    def seed(self) -> None:
        self.counts["terms"] += do_seed_vocabulary(self.sec, self.collaboration)
        self.terms = {(t.kind, t.code): t for t in self.collaboration.terms.all()}

    def themes(self, codes: tuple[str, ...]) -> list[Term]:
        return [self.terms[(Term.Kind.THEME, code)] for code in codes]

    def groups(self, codes: tuple[str, ...]) -> list[Term]:
        return [self.terms[(Term.Kind.TARGET_GROUP, code)] for code in codes]

    # Steps ---------------------------------------------------------------------------------

    def submit(self, key: str, user: User, text: tuple[str, str, str], day: int, *,
               groups: tuple[str, ...] = (), themes: tuple[str, ...] = (),
               body: Body | None = None, **extra: Any) -> Case:
        """``user`` submits the case ``text`` (title, description, request), as ``body``."""
        title, description, request = text
        case: Case = self.at(
            day, 11, cases.do_submit_case, user, self.collaboration, title=title,
            description=description, request=request, target_groups=self.groups(groups),
            themes=self.themes(themes), submitting_body=body, **extra)
        self.cases[key] = case
        return case

    def schedule(self, body: Body, day: int, title: str, place: str) -> Meeting:
        starts = self.when(day, 13)
        meeting: Meeting = self.at(day - 21, 9, meetings.do_schedule_meeting, self.sec, body,
                                   starts_at=starts, ends_at=starts + MEETING_LENGTH,
                                   title=title, place=place)
        self.counts["meetings"] += 1
        return meeting

    def release(self, meeting: Meeting, day: int) -> None:
        """The chairs review the agenda two days before it is released (``day``)."""
        reviews = self.at(day - 2, 9, meetings.do_send_agenda_for_review, self.sec, meeting)
        for review in reviews:
            self.at(day - 1, 16, meetings.do_answer_review, self.account(review.person),
                    meeting, approved=True)
        AgendaReview.objects.filter(meeting=meeting).update(answered_at=self.when(day - 1, 16))
        self.at(day, 9, meetings.do_release_agenda, self.sec, meeting)
        Meeting.objects.filter(pk=meeting.pk).update(agenda_released_at=self.when(day, 9))

    def attend(self, meeting: Meeting, items: list[AgendaItem], absent: set[int],
               day: int) -> None:
        present = [p for p in rules.members(meeting.body, meeting.day) if p.pk not in absent]
        for item in items:
            gone = set(Conflict.objects.filter(item=item).values_list("person_id", flat=True))
            self.at(day, 15, meetings.do_record_attendance, self.sec, item,
                    [p for p in present if p.pk not in gone])

    def outcome(self, meeting: Meeting, item: AgendaItem, day: int, outcome: str,
                wording: str, debate: str = "") -> None:
        self.at(day, 14, meetings.do_record_outcome, self.sec, meeting, item,
                outcome=outcome, wording=wording, debate=debate)
        AgendaItem.objects.filter(pk=item.pk).update(outcome_recorded_at=self.when(day, 14))

    def approve(self, meeting: Meeting, day: int, note: str) -> None:
        """The approvers the body's rules name approve the minutes on ``day``."""
        self.at(day - 1, 10, meetings.do_write_minutes_note, self.sec, meeting, note)
        self.at(day - 1, 11, meetings.do_send_minutes_for_approval, self.sec, meeting)
        approvals = meeting.approvals.filter(approver=True).select_related("person")
        for n, approval in enumerate(list(approvals)):
            moment = self.when(day, 9, 5 * n)
            with dated(moment):
                meetings.do_approve_minutes(self.account(approval.person), meeting)
            MinutesApproval.objects.filter(pk=approval.pk).update(approved_at=moment)
            Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_at=moment)

    def hearing(self, day: int, title: str, description: str, deadline: dt.datetime,
                themes: tuple[str, ...], parties: list[Body | Person]) -> tuple[Hearing,
                                                                             list[Party]]:
        """A hearing the secretariat drafts on ``day`` and opens three days later; a party
        is a body, or a person who answers for their organisation."""
        sec = self.sec
        hearing: Hearing = self.at(
            day, 10, hearings.do_create_hearing, sec, self.collaboration, title=title,
            description=description, deadline=deadline, themes=self.themes(themes))
        invited = []
        for who in parties:
            if isinstance(who, Body):
                invited.append(self.at(day, 11, hearings.do_invite_party, sec, hearing,
                                       body=who))
            else:
                party = self.at(day, 11, hearings.do_invite_party, sec, hearing,
                                organisation=who.organisation)
                self.at(day, 11, hearings.do_add_respondent, sec, party, who)
                invited.append(party)
        self.at(day + 3, 9, hearings.do_open_hearing, sec, hearing)
        Hearing.objects.filter(pk=hearing.pk).update(created_at=self.when(day, 10),
                                                     opened_at=self.when(day + 3, 9))
        self.counts["hearings"] += 1
        return hearing, invited
