"""The search index follows the rows it copies: edits, deletions, renamed bodies, a
renumbered agenda; and it is written after migrating a database that has none yet."""

from __future__ import annotations

import pytest

from klynge.meetings.actions.agenda import do_reorder_items
from klynge.search.apps import _index_if_empty
from klynge.search.models import Entry
from klynge.testing.cases import make_case
from klynge.testing.meetings import make_item, make_meeting
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db
Kind = Entry.Kind


@pytest.fixture
def world() -> World:
    return make_world()


def _entry(kind: str, object_id: int) -> Entry:
    return Entry.objects.get(kind=kind, object_id=object_id)


def test_an_edited_case_is_found_by_its_new_words_and_a_deleted_one_not_at_all(
        world: World) -> None:
    case = make_case(world.collaboration, title="Genoptræning")
    assert "genoptræning" in _entry(Kind.CASES, case.pk).searched
    case.title = "Ældreplejens sammenhæng"
    case.save()
    entry = _entry(Kind.CASES, case.pk)
    assert "ældreplejens" in entry.searched and "genoptræning" not in entry.searched
    assert entry.title == f"{case.file_number} Ældreplejens sammenhæng"
    case.delete()
    assert not Entry.objects.filter(kind=Kind.CASES, object_id=case.pk).exists()


def test_a_reordered_agenda_renumbers_its_hits(world: World) -> None:
    meeting = make_meeting(world.strategic, state="agenda_released")
    first, second = make_item(meeting, title="Budget"), make_item(meeting, title="Årsplan")
    do_reorder_items(None, meeting, [second.pk, first.pk])
    assert _entry(Kind.ITEMS, second.pk).title == "1. Årsplan"
    assert _entry(Kind.ITEMS, first.pk).title == "2. Budget"


def test_a_renamed_body_is_shown_beside_its_hits(world: World) -> None:
    meeting = make_meeting(world.strategic, state="agenda_released")
    item = make_item(meeting, title="Årsplan")
    world.strategic.name = "Politisk styregruppe"
    world.strategic.save()
    assert _entry(Kind.ITEMS, item.pk).context.startswith("Politisk styregruppe, ")


def test_a_database_without_an_index_gets_one_when_migrated(world: World) -> None:
    case = make_case(world.collaboration, title="Genoptræning")
    Entry.objects.all().delete()
    _index_if_empty()
    assert _entry(Kind.CASES, case.pk).url == case.get_absolute_url()
    Entry.objects.filter(kind=Kind.CASES).update(title="unchanged")
    _index_if_empty()  # an index that has entries is left as it is
    assert _entry(Kind.CASES, case.pk).title == "unchanged"


def test_an_entry_written_twice_is_one_entry(world: World) -> None:
    from klynge.search.index import index_cases
    from klynge.search.models import Key

    case = make_case(world.collaboration, title="Genoptræning")
    keys = set(Key.objects.filter(entry__object_id=case.pk).values_list("clause", "key"))
    index_cases([case.pk, case.pk])
    index_cases([case.pk])
    assert Entry.objects.filter(kind=Kind.CASES, object_id=case.pk).count() == 1
    assert set(Key.objects.filter(entry__object_id=case.pk,
                                  entry__kind=Kind.CASES).values_list("clause", "key")) == keys


def test_rows_restored_as_stored_bring_their_own_entries(world: World) -> None:
    from django.core import serializers

    case = make_case(world.collaboration, title="Genoptræning")
    data = serializers.serialize("json", [case])
    Entry.objects.filter(kind=Kind.CASES).delete()
    for restored in serializers.deserialize("json", data):
        restored.save()  # raw, as loaddata and a test database's restore do
    assert not Entry.objects.filter(kind=Kind.CASES).exists()


def test_the_nightly_job_writes_the_index_afresh(world: World) -> None:
    from klynge.core import schedule

    case = make_case(world.collaboration, title="Genoptræning")
    Entry.objects.all().delete()
    job = next(job for job in schedule.jobs() if job.name == "search.rebuild")
    job.func()
    assert _entry(Kind.CASES, case.pk).title.endswith("Genoptræning")
