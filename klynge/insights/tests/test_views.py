"""Data sets and runs, for a collaboration's analysts: a generated data set validated and
run (both tables stored apart), a folder with a CPR-shaped identifier refused with its rows
named, bad input refused with a message and nothing stored, 403 for members, 404 for
outsiders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEntry
from klynge.governance.models import Person
from klynge.insights.actions import datasets_root
from klynge.insights.models import DataSet, Result, Run
from klynge.population.generate import generate
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_grant, make_person, make_user
from klynge.testing.personas import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client: Client) -> World:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return make_world()


@pytest.fixture
def analyst(world: World) -> Any:
    user = make_user("analyst", password="x")
    make_grant(make_person(user=user, name="Ada Analyst"), collaboration=world.collaboration)
    return user


def _index(world: World) -> str:
    return reverse("insights:index", args=[world.collaboration.code])


def _generate(client: Client, world: World, capture: Any, persons: int = 150) -> Any:
    with capture(execute=True):
        return client.post(_index(world), {"form": "generate", "name": "Syntetisk",
                                           "persons": persons, "seed": 3})


def test_a_generated_data_set_is_validated_then_run(
        client: Client, world: World, analyst: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    sign_in(client, analyst)
    response = _generate(client, world, django_capture_on_commit_callbacks)
    dataset = DataSet.objects.get()
    assert response.status_code == 302 and response["Location"] == dataset.get_absolute_url()
    assert dataset.state == DataSet.State.VALID and dataset.row_counts["persons"] == 150
    assert dataset.first_year and dataset.last_year and len(dataset.fingerprint) == 64
    page = client.get(dataset.get_absolute_url())
    assert "Covers" in page.text and 'hx-trigger="every 2s"' not in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(dataset.get_absolute_url(),
                               {"year": dataset.last_year, "engine": "duckdb"})
    run = Run.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.state == Run.State.DONE, run.error
    assert run.spec["year"] == dataset.last_year and run.fingerprint == dataset.fingerprint
    published = Result.objects.filter(run=run, published=True)
    unsuppressed = Result.objects.filter(run=run, published=False)
    assert published.count() == unsuppressed.count() == run.rows > 0
    assert run.suppressed == published.filter(suppressed=True).count() > 0
    assert not unsuppressed.filter(suppressed=True).exists()
    assert published.filter(suppressed=True, numerator__isnull=False).count() == 0
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200 and "Published results per indicator" in page.text
    assert AuditEntry.objects.filter(object_type="insights.run", verb="create").exists()


def test_the_status_part_alone_for_htmx(client: Client, world: World, analyst: Any) -> None:
    sign_in(client, analyst)
    dataset = DataSet.objects.create(collaboration=world.collaboration, name="x",
                                     source=DataSet.Source.FOLDER, folder="x",
                                     created_at="2026-11-30T10:00Z")
    response = client.get(dataset.get_absolute_url(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="status"')
    assert 'hx-trigger="every 2s"' in response.text  # waiting: it keeps asking
    full = client.get(dataset.get_absolute_url())
    assert '<meta http-equiv="refresh" content="3">' in full.text  # without JavaScript


def test_a_folder_with_a_cpr_shaped_identifier_is_invalid_with_its_rows_named(
        client: Client, world: World, analyst: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    folder = datasets_root() / "leaky"
    generate(100, 1, folder)
    persons = pq.read_table(folder / "persons.parquet").to_pydict()
    persons["person_id"][0] = "010190-1234"
    pq.write_table(pq.read_table(folder / "persons.parquet").from_pydict(
        persons, schema=pq.read_schema(folder / "persons.parquet")), folder / "persons.parquet")
    sign_in(client, analyst)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_index(world), {"form": "folder", "name": "Leaky", "folder": "leaky"})
    dataset = DataSet.objects.get()
    assert dataset.state == DataSet.State.INVALID and dataset.fingerprint == ""
    assert any(e["rule"] == "national_id" and e["row"] == 1 for e in dataset.errors)
    page = client.get(dataset.get_absolute_url())
    assert "national_id" in page.text and "Run the indicators" not in page.text
    response = client.post(dataset.get_absolute_url(), {"year": 2024, "engine": "duckdb"})
    assert response.status_code == 422 and "Only a valid data set can be run" in response.text
    assert not Run.objects.exists()


@pytest.mark.parametrize("data", [
    {"form": "generate", "name": "Too big", "persons": 60000, "seed": 1},
    {"form": "generate", "name": "", "persons": 200, "seed": 1},
    {"form": "folder", "name": "Outside", "folder": "../etc"},
])
def test_bad_data_sets_are_refused_and_nothing_is_stored(
        client: Client, world: World, analyst: Any, data: dict[str, Any]) -> None:
    sign_in(client, analyst)
    response = client.post(_index(world), data)
    assert response.status_code == 422
    assert not DataSet.objects.exists()


def test_a_year_outside_the_data_is_refused(client: Client, world: World, analyst: Any,
                                            django_capture_on_commit_callbacks: Any) -> None:
    sign_in(client, analyst)
    _generate(client, world, django_capture_on_commit_callbacks, persons=100)
    dataset = DataSet.objects.get()
    response = client.post(dataset.get_absolute_url(),
                           {"year": dataset.last_year + 1, "engine": "duckdb"})
    assert response.status_code == 422 and "is outside it" in response.text
    assert not Run.objects.exists()


def test_members_get_403_and_outsiders_404(client: Client, world: World) -> None:
    dataset = DataSet.objects.create(collaboration=world.collaboration, name="x",
                                     source=DataSet.Source.FOLDER, folder="x",
                                     created_at="2026-11-30T10:00Z")
    run = Run.objects.create(dataset=dataset, year=2024, requested_at="2026-11-30T10:00Z")
    urls = [_index(world), dataset.get_absolute_url(), run.get_absolute_url()]
    sign_in(client, world.member)
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    sign_in(client, world.outsider)
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert client.post(reverse("insights:run_again", args=[run.pk])).status_code == 404
    assert client.get(reverse("insights:dataset", args=[999])).status_code == 404


def test_a_failed_run_can_be_run_again(client: Client, world: World, analyst: Any,
                                       django_capture_on_commit_callbacks: Any) -> None:
    sign_in(client, analyst)
    _generate(client, world, django_capture_on_commit_callbacks, persons=100)
    dataset = DataSet.objects.get()
    for path in Path(datasets_root() / dataset.folder).glob("persons.*"):
        path.write_bytes(b"broken since it was validated")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(dataset.get_absolute_url(), {"year": dataset.last_year, "engine": "duckdb"})
    failed = Run.objects.get()
    assert failed.state == Run.State.FAILED and failed.error and not failed.results.exists()
    page = client.get(failed.get_absolute_url())
    assert "Run again" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:run_again", args=[failed.pk]))
    again = Run.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == again.get_absolute_url()
    assert Person.objects.filter(name="Ada Analyst").exists()


def _uploads(folder: Path) -> list[Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return [SimpleUploadedFile(path.name, path.read_bytes()) for path in sorted(
        folder.iterdir())]


def test_an_upload_is_kept_apart_until_valid_then_joins_the_uploads(
        client: Client, world: World, analyst: Any, tmp_path: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    generate(100, 2, tmp_path / "mine")
    sign_in(client, analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_index(world), {"form": "upload", "name": "Uploaded",
                                               "files": _uploads(tmp_path / "mine")})
    dataset = DataSet.objects.get()
    assert response.status_code == 302 and dataset.state == DataSet.State.VALID
    assert dataset.folder.startswith("uploads/")
    assert (datasets_root() / dataset.folder / "persons.parquet").is_file()
    assert not list((datasets_root() / "quarantine").iterdir())


def test_an_invalid_upload_is_deleted_and_its_report_kept(
        client: Client, world: World, analyst: Any, tmp_path: Path,
        django_capture_on_commit_callbacks: Any) -> None:
    generate(100, 2, tmp_path / "mine")
    (tmp_path / "mine" / "residence.parquet").unlink()  # a required table missing
    sign_in(client, analyst)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_index(world), {"form": "upload", "name": "Half",
                                    "files": _uploads(tmp_path / "mine")})
    dataset = DataSet.objects.get()
    assert dataset.state == DataSet.State.INVALID
    assert any(error["rule"] == "missing_table" for error in dataset.errors)
    assert not (datasets_root() / dataset.folder).exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("persons.xlsx", b"PK\x03\x04", "is not a file of the input contract"),
    ("people.parquet", b"PAR1....", "is not a file of the input contract"),
    ("persons.parquet", b"%PDF-1.7", "is not a Parquet file"),
    ("persons.csv", b"\x00\x01\x02\x03", "is not a CSV file"),
])
def test_an_upload_that_is_not_parquet_or_csv_is_refused(
        client: Client, world: World, analyst: Any, name: str, content: bytes,
        message: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, analyst)
    response = client.post(_index(world), {"form": "upload", "name": "Bad",
                                           "files": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 422 and message in response.text
    assert not DataSet.objects.exists()
    assert not (datasets_root() / "quarantine").exists() or not list(
        (datasets_root() / "quarantine").iterdir())


def test_a_run_that_breaks_while_storing_stores_nothing_and_says_so(
        client: Client, world: World, analyst: Any, monkeypatch: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    from klynge.insights import tasks

    sign_in(client, analyst)
    _generate(client, world, django_capture_on_commit_callbacks, persons=100)
    dataset = DataSet.objects.get()
    original = Result.objects.bulk_create

    def half_then_break(rows: list[Result], **kwargs: Any) -> None:
        original(rows[:10], **kwargs)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(tasks.Result.objects, "bulk_create", half_then_break)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(dataset.get_absolute_url(), {"year": dataset.last_year, "engine": "duckdb"})
    run = Run.objects.get()
    assert run.state == Run.State.FAILED and "unexpectedly" in run.error
    assert not Result.objects.exists()  # the ten written were rolled back with the rest


def test_runs_go_to_the_engine_queue_and_validation_to_the_default_one() -> None:
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from klynge.insights.tasks import run_indicators, validate_dataset

    production = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default", "engine"]}}
    with override_settings(TASKS=production):
        run_indicators.enqueue(1)
        validate_dataset.enqueue(1)
    assert dict(DBTaskResult.objects.values_list("task_path", "queue_name")) == {
        "klynge.insights.tasks.run_indicators": "engine",
        "klynge.insights.tasks.validate_dataset": "default"}


def test_a_validation_that_breaks_marks_the_data_set_invalid_and_says_so(
        client: Client, world: World, analyst: Any, monkeypatch: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    from klynge.insights import tasks

    def broken(folder: Path) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(tasks, "validate_folder", broken)
    sign_in(client, analyst)
    _generate(client, world, django_capture_on_commit_callbacks, persons=100)
    dataset = DataSet.objects.get()
    assert dataset.state == DataSet.State.INVALID and not dataset.busy
    assert dataset.errors[0]["rule"] == "failed" and "unexpectedly" in dataset.errors[0]["message"]


def test_a_generated_data_set_lives_in_the_collaborations_municipalities(
        client: Client, world: World, analyst: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    world.collaboration.code = "dk-klynge-horsensklyngen"  # in the built-in mapping
    world.collaboration.save()
    sign_in(client, analyst)
    _generate(client, world, django_capture_on_commit_callbacks, persons=100)
    dataset = DataSet.objects.get()
    assert dataset.municipalities == ["0615", "0727", "0746", "0766"]
    residence = pq.read_table(datasets_root() / dataset.folder / "residence.parquet")
    assert set(residence.column("municipality_code").to_pylist()) <= set(
        dataset.municipalities)
