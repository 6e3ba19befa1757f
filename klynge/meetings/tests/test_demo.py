"""The working cycle's demo (``klynge.meetings.demo``), loaded with ``load_demo`` on the
reference data, on a day in 2026 (Horsensklyngen's story) and on a day in 2027 (the same story
in Sundhedsråd Horsens): every case state, approved minutes, a released coming agenda, an open
and a summarised hearing; Bergen's smaller story in Nynorsk; a second load adds nothing and
``--reset`` starts afresh.

The reference data and the demo take a few seconds to load, so each date loads them once, in
one test that checks the whole story step by step (each check a function below).
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone

from klynge.accounts.models import User
from klynge.attachments.models import Attachment
from klynge.cases.models import Case, CaseEvent, Decision, Recommendation, State
from klynge.collaborations.models import Collaboration
from klynge.governance.demo_data import (
    BERGEN_CODE,
    COUNCIL_CODE,
    DEMO_EMAIL_DOMAIN,
    DK_COUNCIL_START,
    HORSENS_CODE,
)
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
from klynge.meetings.rules import present_people
from klynge.notifications.models import Notification, Subscription, Topic
from klynge.vocabulary.models import Term

MODELS = (Case, CaseEvent, Recommendation, Decision, Meeting, AgendaItem, ItemAttendance,
          Conflict, ActionItem, MinutesApproval, Response, Hearing, Answer, Subscription,
          Notification, Attachment, Term, User)

pytestmark = pytest.mark.django_db


def _load(*args: str) -> None:
    call_command("load_demo", "--password", "demo test password", *args, stdout=StringIO(),
                 stderr=StringIO())


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.both_dates
def test_the_working_cycle_demo(pinned_day: dt.date) -> None:
    call_command("load_reference", stdout=StringIO(), stderr=StringIO())
    _load()
    in_2026 = pinned_day.year == 2026
    code = HORSENS_CODE if in_2026 else COUNCIL_CODE
    other = COUNCIL_CODE if in_2026 else HORSENS_CODE
    assert not Case.objects.filter(collaboration__code=other).exists()
    cases = Case.objects.filter(collaboration__code=code)
    _every_case_state(cases, in_2026)
    _the_history_is_dated_in_the_past(cases, in_2026)
    _past_meetings_have_approved_minutes(code, in_2026)
    _a_coming_meeting_has_its_agenda_released(code)
    _an_open_and_a_summarised_hearing(code)
    # (not the cases the secretariat made of the participation demo's workshop ideas)
    _members_follow_cases_and_themes(cases.exclude(submitted_by__user__username="sekretariat"))
    _the_vocabulary_is_seeded()
    _bergen_in_nynorsk()
    before = _counts()
    _load()
    assert _counts() == before  # a second load adds nothing
    _load("--reset")
    assert _counts() == before
    assert set(Case.objects.filter(collaboration__code=code).values_list(
        "serial", flat=True)) == set(range(1, cases.count() + 1))  # numbered afresh
    assert User.objects.filter(username__startswith=ACCOUNT_PREFIX,
                               email__endswith=DEMO_EMAIL_DOMAIN).exists()


def _every_case_state(cases: QuerySet[Case], in_2026: bool) -> None:
    assert set(cases.values_list("state", flat=True)) == set(State.values)
    for state in (State.RETURNED, State.REJECTED):
        assert CaseEvent.objects.filter(case__in=cases, case__state=state, to_state=state) \
            .exclude(reason="").exists()
    assert cases.filter(confidential=True).exists()
    panel_body = cases.filter(submitting_body__kind="user_panel").first()
    assert panel_body is not None
    panelist = panel_body.submitted_by
    assert cases.filter(submitting_body__isnull=True, submitted_by=panelist).exists()
    # The secretariat submits the ideas of the participation demo's workshop.
    members = (cases.exclude(submitted_by=panelist)
               .exclude(submitted_by__user__username="sekretariat")
               .values_list("submitted_by__user__username", flat=True))
    if in_2026:
        assert panelist is not None and panelist.user.username == "panel"
        assert set(members) == {"medlem"}
    else:  # medlem and panel hold no seat in the council: accounts without a password
        assert panelist is not None and panelist.user.username.startswith(ACCOUNT_PREFIX)
        assert not panelist.user.has_usable_password()
        assert len(set(members)) == 1 and next(iter(members)).startswith(ACCOUNT_PREFIX)
    advisor = "working_group" if in_2026 else "user_panel"
    assert Recommendation.objects.filter(case__in=cases, body__kind=advisor).exists()
    decided = cases.get(state=State.DECIDED, decisions__outcome="approved",
                        recommendations__body__kind=advisor)
    assert decided.decisions.get().body != decided.recommendations.get().body
    assert Attachment.objects.filter(object_id__in=cases.values("pk")).exists()


def _the_history_is_dated_in_the_past(cases: QuerySet[Case], in_2026: bool) -> None:
    today = timezone.localdate()
    first = cases.earliest("submitted_at")
    assert timezone.localdate(first.submitted_at) < today
    times = list(first.events.values_list("at", flat=True))
    assert times == sorted(times)
    assert timezone.localdate(times[-1]) < today
    if not in_2026:  # the council's past is pressed into its time so far
        assert timezone.localdate(first.submitted_at) >= DK_COUNCIL_START
        assert not Meeting.objects.filter(body__collaboration__code=COUNCIL_CODE,
                                          starts_at__date__lt=DK_COUNCIL_START).exists()


def _past_meetings_have_approved_minutes(code: str, in_2026: bool) -> None:
    today = timezone.localdate()
    approved = Meeting.objects.filter(body__collaboration__code=code,
                                      state=Meeting.State.MINUTES_APPROVED)
    kinds = {"strategic", "political"} if in_2026 else {"political"}
    assert {m.body.kind for m in approved} == kinds
    first = approved.earliest("starts_at")
    assert first.day < today
    approvals = MinutesApproval.objects.filter(meeting=first)
    assert approvals.count() == (2 if in_2026 else 1)  # the two equal chairs; the chair
    assert not approvals.filter(approved_at__isnull=True).exists()
    items = first.items.all()
    assert items.filter(case__isnull=False).exists()
    assert items.filter(case__isnull=True, closed=False).exists()
    assert items.filter(closed=True, closed_reason="personal").exists()
    conflict = Conflict.objects.get(item__meeting=first)
    assert not ItemAttendance.objects.get(item=conflict.item, person=conflict.person).present
    actions = ActionItem.objects.filter(item__meeting=first)
    assert actions.filter(done_at__isnull=True, due_on__lt=today).exists()
    assert actions.filter(done_at__isnull=False).exists()
    member = (Case.objects.exclude(submitted_by__user__username="sekretariat")
              .get(collaboration__code=code, state=State.SUBMITTED).submitted_by)
    assert actions.filter(owner=member).exists()


def _a_coming_meeting_has_its_agenda_released(code: str) -> None:
    coming = Meeting.objects.get(body__collaboration__code=code, starts_at__gt=timezone.now())
    assert coming.state == Meeting.State.AGENDA_RELEASED
    assert coming.body.kind == ("strategic" if code == HORSENS_CODE else "political")
    member = (Case.objects.exclude(submitted_by__user__username="sekretariat")
              .get(collaboration__code=code, state=State.SUBMITTED).submitted_by)
    assert coming.responses.filter(person=member).exists()
    assert coming.items.filter(case__state=State.ON_AGENDA).exists()


def _an_open_and_a_summarised_hearing(code: str) -> None:
    hearings = Hearing.objects.filter(collaboration__code=code)
    open_hearing = hearings.get(state=Hearing.State.OPEN)
    assert open_hearing.accepts_answers
    assert open_hearing.answers.count() == 1
    assert {p.who.__class__.__name__ for p in open_hearing.parties.all()} == {
        "Body", "Organisation"}
    summarised = hearings.get(state=Hearing.State.SUMMARISED)
    assert summarised.summary
    assert summarised.answers.count() == summarised.parties.count()
    assert not summarised.answers.filter(response="").exists()


def _members_follow_cases_and_themes(cases: QuerySet[Case]) -> None:
    submitters = User.objects.filter(person__submitted_cases__in=cases).distinct()
    assert submitters.count() == 2
    for user in submitters:
        follows = Subscription.objects.filter(user=user)
        assert follows.filter(topic=Topic.THEME).exists(), user
        assert follows.filter(topic=Topic.CASE).exclude(
            topic_id__in=cases.filter(submitted_by__user=user).values("pk")).exists(), user
        assert Notification.objects.filter(user=user).exists(), user


def _the_vocabulary_is_seeded() -> None:
    for code in (HORSENS_CODE, COUNCIL_CODE, BERGEN_CODE):
        terms = Term.objects.filter(collaboration__code=code)
        assert set(terms.values_list("kind", flat=True)) == set(Term.Kind.values), code


def _bergen_in_nynorsk() -> None:
    bergen = Collaboration.objects.get(code=BERGEN_CODE)
    cases = Case.objects.filter(collaboration=bergen)
    assert set(cases.values_list("state", flat=True)) == {
        State.DECIDED, State.AT_BODY, State.ON_AGENDA}
    assert cases.filter(submitting_body__kind="user_panel").exists()
    meetings = Meeting.objects.filter(body__collaboration=bergen)
    past = meetings.get(state=Meeting.State.MINUTES_APPROVED)
    assert past.day < timezone.localdate()
    approvers = set(MinutesApproval.objects.filter(meeting=past, approved_at__isnull=False)
                    .values_list("person_id", flat=True))
    assert approvers == {p.pk for p in present_people(past)}  # the members present
    assert len(approvers) > 2
    coming = meetings.get(starts_at__gt=timezone.now())
    assert coming.state == Meeting.State.AGENDA_RELEASED
    assert Hearing.objects.get(collaboration=bergen).state == Hearing.State.OPEN
    assert User.objects.filter(username__startswith=ACCOUNT_PREFIX, language="nn").exists()
    assert "utskriving" in cases.get(state=State.DECIDED).title
