"""The working cycle's demo (``klynge.meetings.demo``): loaded with ``load_demo`` on the
reference data, it holds every case state, approved minutes, a released coming agenda, an
open and a summarised hearing; a second load adds nothing and ``--reset`` starts afresh.

The reference data and the demo take a few seconds to load, so they load once for the class.
"""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from klynge.accounts.models import User
from klynge.attachments.models import Attachment
from klynge.cases.models import Case, CaseEvent, Decision, Recommendation, State
from klynge.governance.demo_data import BERGEN_CODE, DEMO_EMAIL_DOMAIN, HORSENS_CODE
from klynge.hearings.models import Answer, Hearing
from klynge.meetings.demo import ACCOUNT_PREFIX
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    Conflict,
    ItemAttendance,
    Meeting,
    MinutesApproval,
    Response,
)
from klynge.notifications.models import Notification, Subscription, Topic
from klynge.vocabulary.models import Term

MODELS = (Case, CaseEvent, Recommendation, Decision, Meeting, AgendaItem, ItemAttendance,
          Conflict, ActionItem, MinutesApproval, Response, Hearing, Answer, Subscription,
          Notification, Attachment, Term, User)


def _load(*args: str) -> None:
    call_command("load_demo", "--password", "demo test password", *args, stdout=StringIO(),
                 stderr=StringIO())


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


class WorkingCycleDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_reference", stdout=StringIO(), stderr=StringIO())
        _load()

    def test_every_case_state_is_there(self) -> None:
        cases = Case.objects.filter(collaboration__code=HORSENS_CODE)
        self.assertEqual(set(cases.values_list("state", flat=True)), set(State.values))
        for state in (State.RETURNED, State.REJECTED):
            with self.subTest(state=state):
                self.assertTrue(CaseEvent.objects.filter(case__state=state, to_state=state)
                                .exclude(reason="").exists())
        self.assertTrue(cases.filter(confidential=True).exists())
        self.assertTrue(cases.filter(submitting_body__isnull=False,
                                     submitted_by__user__username="panel").exists())
        self.assertTrue(cases.filter(submitting_body__isnull=True,
                                     submitted_by__user__username="panel").exists())
        self.assertTrue(cases.filter(submitted_by__user__username="medlem").exists())
        self.assertTrue(Recommendation.objects.filter(case__in=cases,
                                                      body__kind="working_group").exists())
        decided = cases.get(state=State.DECIDED, decisions__outcome="approved",
                            recommendations__body__kind="working_group")
        self.assertNotEqual(decided.decisions.get().body, decided.recommendations.get().body)
        self.assertTrue(Attachment.objects.filter(object_id__in=cases.values("pk")).exists())

    def test_the_history_is_dated_in_the_past(self) -> None:
        today = timezone.localdate()
        first = Case.objects.earliest("submitted_at")
        self.assertLess(timezone.localdate(first.submitted_at), today)
        times = list(first.events.values_list("at", flat=True))
        self.assertEqual(times, sorted(times))
        self.assertLess(timezone.localdate(times[-1]), today)

    def test_past_meetings_have_approved_minutes(self) -> None:
        today = timezone.localdate()
        approved = Meeting.objects.filter(state=Meeting.State.MINUTES_APPROVED)
        self.assertEqual({m.body.kind for m in approved}, {"strategic", "political"})
        strategic = approved.get(body__kind="strategic")
        self.assertLess(strategic.day, today)
        approvals = MinutesApproval.objects.filter(meeting=strategic)
        self.assertEqual(approvals.count(), 2)  # the two equal chairs
        self.assertFalse(approvals.filter(approved_at__isnull=True).exists())
        items = strategic.items.all()
        self.assertTrue(items.filter(case__isnull=False).exists())
        self.assertTrue(items.filter(case__isnull=True, closed=False).exists())
        self.assertTrue(items.filter(closed=True, closed_reason="personal").exists())
        self.assertEqual(Conflict.objects.filter(item__meeting=strategic).count(), 1)
        conflict = Conflict.objects.get(item__meeting=strategic)
        self.assertFalse(ItemAttendance.objects.get(item=conflict.item,
                                                    person=conflict.person).present)
        actions = ActionItem.objects.filter(item__meeting=strategic)
        self.assertTrue(actions.filter(done_at__isnull=True, due_on__lt=today).exists())
        self.assertTrue(actions.filter(done_at__isnull=False).exists())
        self.assertTrue(actions.filter(owner__user__username="medlem").exists())

    def test_a_coming_meeting_has_its_agenda_released(self) -> None:
        coming = Meeting.objects.get(starts_at__gt=timezone.now())
        self.assertEqual(coming.state, Meeting.State.AGENDA_RELEASED)
        self.assertEqual(coming.body.kind, "strategic")
        self.assertTrue(coming.responses.filter(person__user__username="medlem").exists())
        self.assertTrue(coming.items.filter(case__state=State.ON_AGENDA).exists())

    def test_an_open_and_a_summarised_hearing(self) -> None:
        open_hearing = Hearing.objects.get(state=Hearing.State.OPEN)
        self.assertTrue(open_hearing.accepts_answers)
        self.assertEqual(open_hearing.answers.count(), 1)
        self.assertEqual({p.who.__class__.__name__ for p in open_hearing.parties.all()},
                         {"Body", "Organisation"})
        summarised = Hearing.objects.get(state=Hearing.State.SUMMARISED)
        self.assertTrue(summarised.summary)
        self.assertEqual(summarised.answers.count(), summarised.parties.count())
        self.assertFalse(summarised.answers.filter(response="").exists())

    def test_the_vocabulary_is_seeded(self) -> None:
        for code in (HORSENS_CODE, BERGEN_CODE):
            with self.subTest(code=code):
                terms = Term.objects.filter(collaboration__code=code)
                self.assertEqual(set(terms.values_list("kind", flat=True)),
                                 set(Term.Kind.values))

    def test_members_follow_cases_and_themes(self) -> None:
        for username in ("medlem", "panel"):
            with self.subTest(username=username):
                follows = Subscription.objects.filter(user__username=username)
                self.assertTrue(follows.filter(topic=Topic.THEME).exists())
                self.assertTrue(follows.filter(topic=Topic.CASE).exists())
                self.assertTrue(Notification.objects.filter(user__username=username).exists())

    def test_a_second_load_adds_nothing(self) -> None:
        before = _counts()
        _load()
        self.assertEqual(_counts(), before)

    def test_reset_removes_and_loads_the_working_cycle_afresh(self) -> None:
        before = _counts()
        _load("--reset")
        self.assertEqual(_counts(), before)
        self.assertEqual(set(Case.objects.values_list("serial", flat=True)),
                         set(range(1, before["Case"] + 1)))  # numbered afresh
        self.assertTrue(User.objects.filter(username__startswith=ACCOUNT_PREFIX,
                                            email__endswith=DEMO_EMAIL_DOMAIN).exists())
