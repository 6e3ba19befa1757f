"""The ledger's actions: what they write, what they refuse, and that a refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from klynge.audit.models import AuditEntry
from klynge.governance.models import Body
from klynge.involvement.actions import (
    do_record_feedback,
    do_record_involvement,
    do_remove_involvement,
    do_update_involvement,
)
from klynge.involvement.models import Involvement, Step
from klynge.testing.cases import make_case
from klynge.testing.factories import make_body, make_collaboration
from klynge.testing.involvement import make_involvement
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)  # the pinned clock


def record(world: World, case=None, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("body", world.panel)
    kw.setdefault("step", Step.CONSULTED)
    kw.setdefault("happened_on", TODAY - dt.timedelta(days=3))
    kw.setdefault("said", "Panelet ønsker en fast kontaktperson.")
    return do_record_involvement(world.secretariat, case or make_case(world.collaboration), **kw)


def test_the_secretariat_records_an_involvement(world: World) -> None:
    entry = record(world)
    assert entry.body == world.panel and entry.step == Step.CONSULTED
    assert entry.owes_feedback and entry.recorded_by == world.secretariat
    audit = AuditEntry.objects.get(object_type="involvement.involvement", verb="create")
    assert audit.details["step"] == "consulted" and audit.details["body"] == world.panel.pk


def test_informed_owes_no_feedback(world: World) -> None:
    assert not record(world, step=Step.INFORMED).owes_feedback


@pytest.mark.parametrize(("values", "field"), [
    ({"body": None, "others": ""}, "others"),
    ({"step": "asked"}, "step"),
    ({"happened_on": TODAY + dt.timedelta(days=1)}, "happened_on"),
    ({"happened_on": None}, "happened_on"),
    ({"fed_back_on": TODAY}, "feedback"),
    ({"feedback": "Vi har ændret planen."}, "fed_back_on"),
    ({"feedback": "For tidligt", "fed_back_on": TODAY - dt.timedelta(days=5)}, "fed_back_on"),
    ({"feedback": "Fremtid", "fed_back_on": TODAY + dt.timedelta(days=2)}, "fed_back_on"),
])
def test_bad_input_is_refused_and_nothing_is_written(world: World, values: dict, field: str
                                                     ) -> None:
    with pytest.raises(ValidationError) as refused:
        record(world, **values)
    assert field in refused.value.message_dict
    assert not Involvement.objects.exists() and not AuditEntry.objects.filter(
        object_type="involvement.involvement").exists()


def test_a_body_of_another_collaboration_is_refused(world: World) -> None:
    elsewhere = make_body(make_collaboration(), kind=Body.Kind.ELDER_COUNCIL, name="Andet råd")
    with pytest.raises(ValidationError) as refused:
        record(world, body=elsewhere)
    assert "body" in refused.value.message_dict


@pytest.mark.parametrize("persona", ["member", "panel_member", "outsider"])
def test_only_the_secretariat_keeps_the_ledger(world: World, persona: str) -> None:
    case = make_case(world.collaboration)
    with pytest.raises(PermissionDenied):
        do_record_involvement(getattr(world, persona), case, body=world.panel,
                              step=Step.INFORMED, happened_on=TODAY)
    entry = make_involvement(case)
    with pytest.raises(PermissionDenied):
        do_remove_involvement(getattr(world, persona), entry)
    assert Involvement.objects.count() == 1


def test_feedback_is_recorded_and_audited(world: World) -> None:
    entry = record(world)
    do_record_feedback(world.secretariat, entry, feedback="Forslaget er taget med i planen.",
                       fed_back_on=TODAY)
    entry.refresh_from_db()
    assert not entry.owes_feedback and entry.fed_back_on == TODAY
    audit = AuditEntry.objects.get(object_type="involvement.involvement", verb="update")
    assert audit.changes["fed_back_on"] == {"old": None, "new": TODAY.isoformat()}
    with pytest.raises(ValidationError):
        do_record_feedback(world.secretariat, entry, feedback=" ", fed_back_on=TODAY)


def test_an_update_keeps_what_is_not_given(world: World) -> None:
    entry = record(world, others="Borgermøde")
    do_update_involvement(world.secretariat, entry, step=Step.CO_PRODUCED)
    entry.refresh_from_db()
    assert entry.step == Step.CO_PRODUCED and entry.others == "Borgermøde"
    assert entry.body == world.panel


def test_a_removed_entry_stays_in_the_audit_trail(world: World) -> None:
    entry = record(world)
    do_remove_involvement(world.secretariat, entry)
    assert not Involvement.objects.exists()
    audit = AuditEntry.objects.get(object_type="involvement.involvement", verb="delete")
    assert audit.details["said"] == "Panelet ønsker en fast kontaktperson."


def test_unknown_fields_are_a_programming_error(world: World) -> None:
    with pytest.raises(TypeError):
        record(world, colour="blue")
