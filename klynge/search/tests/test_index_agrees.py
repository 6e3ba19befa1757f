"""The search index's audiences agree with the access modules: for every demo user and every
case, agenda item, decision, meeting with minutes and hearing answer, the index lets the user
find exactly what the ``visible_…`` querysets let them see, on a day in 2026 and in 2027,
before and after a hearing's deadline, and after the index is written afresh."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone

from klynge.accounts.models import User
from klynge.cases.access import visible_cases
from klynge.cases.models import Decision
from klynge.governance.models import Seat
from klynge.governance.roles import Roles
from klynge.hearings.access import visible_answers
from klynge.hearings.models import Hearing
from klynge.meetings.access import visible_items, visible_meetings
from klynge.meetings.models import AgendaReview, Conflict, Meeting
from klynge.search.access import visible_entries
from klynge.search.models import Entry
from klynge.testing.cases import make_case
from klynge.testing.factories import make_person, make_seat, make_user
from klynge.testing.hearings import make_answer, make_hearing, make_party
from klynge.testing.meetings import make_item, make_meeting, person_of
from klynge.testing.personas import make_world

pytestmark = pytest.mark.django_db
Kind = Entry.Kind


def _by_access(roles: Roles) -> dict[str, set[int]]:
    def ids(rows: QuerySet) -> set[int]:  # type: ignore[type-arg]
        return set(rows.values_list("pk", flat=True))

    return {
        Kind.CASES: ids(visible_cases(roles)),
        Kind.DECISIONS: ids(Decision.objects.filter(case__in=visible_cases(roles))),
        Kind.ITEMS: ids(visible_items(roles)),
        Kind.MINUTES: ids(visible_meetings(roles).exclude(minutes_note="")),
        Kind.ANSWERS: ids(visible_answers(roles)),
    }


def _by_index(roles: Roles) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {kind: set() for kind in Kind}
    for kind, object_id in visible_entries(roles).values_list("kind", "object_id"):
        found[kind].add(object_id)
    return found


def _check_everyone() -> int:
    users = list(User.objects.filter(is_active=True))
    assert len(users) > 10
    for user in users:
        roles = Roles.for_user(user)
        assert _by_index(roles) == _by_access(roles), user.username
    return len(users)


@pytest.mark.both_dates
def test_every_demo_user_finds_what_they_may_see(pinned_day: dt.date) -> None:
    call_command("load_reference", stdout=StringIO(), stderr=StringIO())
    call_command("load_demo", "--password", "demo test password", stdout=StringIO(),
                 stderr=StringIO())
    counts = {kind: Entry.objects.filter(kind=kind).count() for kind in Kind}
    assert all(counts.values()), counts
    _check_everyone()

    # The index written afresh is the index kept as the demo was made.
    kept = set(Entry.objects.values_list("kind", "object_id", "title", "url", "later_from"))
    call_command("search_index", stdout=StringIO())
    assert set(Entry.objects.values_list("kind", "object_id", "title", "url",
                                         "later_from")) == kept

    # Past every open hearing's deadline, the members find its answers too.
    deadlines = Hearing.objects.filter(state=Hearing.State.OPEN).values_list("deadline",
                                                                             flat=True)
    if deadlines:
        with time_machine.travel(max(deadlines) + dt.timedelta(minutes=1)):
            _check_everyone()


def _check(users: list[User]) -> None:
    for user in users:
        roles = Roles.for_user(user)
        assert _by_index(roles) == _by_access(roles), user.username


def test_the_edge_cases_of_the_rules_agree() -> None:
    """Closed items with a declared conflict, agendas in review, cancelled meetings,
    confidential bodies and cases, and hearings in every state, as rows change."""
    world = make_world()
    member = person_of(world.member)
    chair = make_user("chair", password="x")
    make_seat(world.strategic, make_person(user=chair, name="Chair"), role=Seat.Role.CHAIR)
    users = [world.secretariat, world.member, world.panel_member, world.outsider, chair]

    items = []
    for state in Meeting.State.values:
        for body in (world.strategic, world.confidential):
            meeting = make_meeting(body, state=state, minutes_note=f"Referat {state}")
            if state == Meeting.State.CANCELLED and body == world.strategic:
                meeting.agenda_released_at = timezone.now()
                meeting.save()
            for reviewer in (chair, world.panel_member):  # the second sits elsewhere
                AgendaReview.objects.create(meeting=meeting, person=person_of(reviewer),
                                            requested_at=timezone.now())
            items += [make_item(meeting), make_item(meeting, closed=True)]
    for item in items[1::2]:
        Conflict.objects.create(item=item, person=member)
        Conflict.objects.create(item=item, person=person_of(chair))
    case = make_case(world.collaboration, confidential=True, submitted_by=member)
    make_case(world.collaboration, current_body=world.panel)
    Decision.objects.create(case=case, body=world.strategic, outcome="approved",
                            wording="Godkendt", decided_on=timezone.localdate())
    for state in (Hearing.State.DRAFT, Hearing.State.OPEN, Hearing.State.SUMMARISED):
        hearing = make_hearing(world.collaboration, state=state)
        make_answer(make_party(hearing, body=world.panel, respondents=[
            person_of(world.panel_member)]))
    _check(users)

    # Rows change: a conflict withdrawn, a review ended, a case moved and made open.
    Conflict.objects.filter(person=member).first().delete()  # type: ignore[union-attr]
    AgendaReview.objects.filter(meeting__state=Meeting.State.AGENDA_IN_REVIEW).delete()
    case.current_body = world.panel
    case.confidential = False
    case.save()
    world.confidential.confidential = False
    world.confidential.save()
    _check(users)
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        _check(users)
