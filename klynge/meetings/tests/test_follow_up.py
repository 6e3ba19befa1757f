"""Action items, the overdue reminders, and the reform move."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.cases.models import Case, CaseEvent, State
from klynge.collaborations.models import Collaboration
from klynge.meetings import actions, handover
from klynge.meetings.models import ActionItem
from klynge.meetings.tests.support import Setting, make_setting
from klynge.notifications.models import Notification
from klynge.testing.cases import make_case
from klynge.testing.factories import (
    make_collaboration,
    make_municipality_organisation,
    make_partnership,
    make_person,
)
from klynge.testing.meetings import make_action_item, make_item, make_meeting, person_of

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


def test_an_action_item_on_a_case_item_is_noted_on_the_case() -> None:
    setting = make_setting()
    world = setting.world
    case = make_case(world.collaboration, state=State.AT_BODY, current_body=world.strategic)
    item = actions.do_add_item(world.secretariat, setting.meeting, case=case)
    owner = setting.member_person
    action_item = actions.do_add_action_item(world.secretariat, item, title="Skriv notat",
                                             owner=owner, due_on=TODAY + dt.timedelta(days=7))
    assert action_item.case == case and action_item.collaboration == world.collaboration
    assert case.events.filter(kind=CaseEvent.Kind.ACTION_ITEM).exists()
    with pytest.raises(ValidationError):  # an owner from nowhere
        actions.do_add_action_item(world.secretariat, item, title="X", owner=make_person(),
                                   due_on=TODAY)
    done = actions.do_mark_action_item_done(world.member, action_item)
    assert done.done_at is not None and done.done_by == world.member
    with pytest.raises(ValidationError):
        actions.do_mark_action_item_done(world.member, action_item)


def test_overdue_owners_are_reminded_once_a_day(setting: Setting) -> None:
    owner = setting.member_person
    overdue = make_action_item(setting.open_item, owner=owner, title="Forsinket opgave",
                               due_on=TODAY - dt.timedelta(days=2))
    make_action_item(setting.open_item, owner=owner, due_on=TODAY + dt.timedelta(days=2))
    make_action_item(setting.open_item, owner=owner, due_on=TODAY - dt.timedelta(days=9),
                     done_at=timezone.now())
    assert actions.remind_overdue_action_items(TODAY) == 1
    assert actions.remind_overdue_action_items(TODAY) == 0
    told = Notification.objects.get()
    assert told.user == setting.world.member and "Forsinket opgave" in told.text
    assert actions.remind_overdue_action_items(TODAY + dt.timedelta(days=1)) == 1
    overdue.refresh_from_db()
    assert overdue.reminded_on == TODAY + dt.timedelta(days=1)


# The reform move ---------------------------------------------------------------------------

def _councils(cluster: Collaboration, split: bool) -> tuple[Collaboration, Collaboration]:
    """Two councils; the first shares two of the cluster's three municipalities, the second
    the third one if ``split`` (else none)."""
    first = make_collaboration(kind=Collaboration.Kind.HEALTH_COUNCIL, name="Sundhedsråd A",
                               valid_from=dt.date(2026, 1, 1), valid_to=None)
    second = make_collaboration(kind=Collaboration.Kind.HEALTH_COUNCIL, name="Sundhedsråd B",
                                valid_from=dt.date(2026, 1, 1), valid_to=None)
    municipalities = [make_municipality_organisation() for _n in range(3)]
    for organisation in municipalities:
        make_partnership(cluster, organisation)
    make_partnership(first, municipalities[0])
    make_partnership(first, municipalities[1])
    make_partnership(second if split else first, municipalities[2])
    return first, second


def _open_work(setting: Setting) -> tuple[Case, ActionItem, ActionItem]:
    world = setting.world
    case = make_case(world.collaboration, state=State.AT_BODY, current_body=world.strategic)
    item = make_item(make_meeting(world.strategic), case=case)
    on_case = make_action_item(item, owner=setting.member_person)
    free = make_action_item(setting.open_item, owner=setting.member_person)
    return case, on_case, free


def test_the_successor_takes_over_everything_at_once(setting: Setting) -> None:
    cluster = setting.world.collaboration
    council, other = _councils(cluster, split=False)
    plan = handover.handover_of(cluster)
    assert plan.successors == [council] and not plan.is_split
    assert [h.cluster for h in handover.clusters_for(council)] == [cluster]
    case, on_case, free = _open_work(setting)
    number = case.file_number
    closed = make_case(cluster, state=State.CLOSED)
    with pytest.raises(ValidationError):
        actions.do_take_over(setting.world.secretariat, cluster, other)
    assert actions.do_take_over(setting.world.secretariat, cluster, council) == (1, 2)
    case.refresh_from_db()
    assert case.collaboration == council and case.former_file_number == number
    assert case.events.filter(kind=CaseEvent.Kind.MOVED).exists()
    assert set(ActionItem.objects.values_list("collaboration", flat=True)) == {council.pk}
    on_case.refresh_from_db()
    assert on_case.item is not None  # history intact
    closed.refresh_from_db()
    assert closed.collaboration == cluster
    assert AuditEntry.objects.filter(details__step="take_over").count() == 1


def test_a_split_cluster_is_decided_case_by_case(setting: Setting) -> None:
    cluster = setting.world.collaboration
    first, second = _councils(cluster, split=True)
    plan = handover.handover_of(cluster)
    assert plan.is_split and plan.successors == [first]
    assert plan.councils == [first, second]
    case, on_case, free = _open_work(setting)
    with pytest.raises(ValidationError) as refused:
        actions.do_take_over(setting.world.secretariat, cluster, first)
    assert "more than one council" in str(refused.value)
    assert Case.objects.get(pk=case.pk).collaboration == cluster
    actions.do_hand_over_case(setting.world.secretariat, cluster, case, second)
    on_case.refresh_from_db()
    free.refresh_from_db()
    assert Case.objects.get(pk=case.pk).collaboration == second
    assert on_case.collaboration == second and free.collaboration == cluster
    actions.do_hand_over_action_item(setting.world.secretariat, cluster, free, first)
    free.refresh_from_db()
    assert free.collaboration == first
    stranger = make_collaboration(kind=Collaboration.Kind.HEALTH_COUNCIL)
    with pytest.raises(ValidationError):
        actions.do_hand_over_action_item(setting.world.secretariat, cluster, free, stranger)


def test_a_tie_lists_both_councils(setting: Setting) -> None:
    cluster = setting.world.collaboration
    first, second = _councils(cluster, split=True)
    extra = make_municipality_organisation()
    make_partnership(cluster, extra)
    make_partnership(second, extra)
    assert handover.handover_of(cluster).successors == [first, second]
    assert person_of(setting.world.member)  # the personas are intact
