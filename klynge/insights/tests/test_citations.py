"""Cases cite the numbers: a view of a run's published results attached to a case from the
population page, frozen, shown on the case page and in the agenda and minutes, offered (not
forced) an update from a newer run; who may attach, update and remove; bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.audit.models import AuditEntry
from klynge.cases.models import Case
from klynge.cases.states import State
from klynge.insights.models import Citation, Run
from klynge.insights.tests.conftest import HORSENS, as_horsens
from klynge.meetings.tests.test_documents_common import make_minutes, pdf_text
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_case
from klynge.testing.insights import make_dataset, make_empty_run, make_result
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db
HEDENSTED = "0766"  # one of its municipalities
STD = "preventable_admissions_65_std"


def _results(run: Run, collaboration: float, hedensted: float) -> None:
    """The chosen indicator for the collaboration (shown), Hedensted (suppressed in the
    published results, with its number in the unsuppressed ones) and the country."""
    make_result(run, STD, "collaboration", HORSENS, collaboration)
    make_result(run, STD, "municipality", HEDENSTED, None, suppressed=True)
    make_result(run, STD, "municipality", HEDENSTED, hedensted, published=False)
    make_result(run, STD, "country", "dk", 31.5)
    make_result(run, STD, "collaboration", HORSENS, collaboration, group_by="sex", group="F")
    make_result(run, STD, "collaboration", HORSENS, 30.0, group_by="sex", group="M")


@pytest.fixture
def run(world: World) -> Run:
    dataset = make_dataset(world.collaboration)
    older = make_empty_run(dataset, 2024, finished_at=timezone.now() - dt.timedelta(days=2))
    _results(older, 21.0, 2.0)
    run = make_empty_run(dataset, 2025, finished_at=timezone.now() - dt.timedelta(days=1))
    _results(run, 24.5, 3.0)
    return run


@pytest.fixture
def case(world: World) -> Case:
    return make_case(world.collaboration, title="Faldforebyggelse")


def _attach(client: Client, case: Case, **more: Any) -> Any:
    data = {"case": case.pk, "indicator": STD, "group_by": "total", "years": ["2025"],
            "areas": ["collaboration:" + HORSENS, "municipality:" + HEDENSTED, "country:dk"]}
    return client.post(reverse("insights:attach", args=[HORSENS]), data | more)


def test_the_secretariat_attaches_a_view_frozen_from_published_results(
        client: Client, world: World, run: Run, case: Case) -> None:
    sign_in(client, world.secretariat)
    page = client.get(reverse("insights:population", args=[HORSENS]) + f"?case={case.pk}")
    form = page.context["attach_form"]
    assert form is not None and form.initial["case"] == case.pk
    assert [int(year) for year, _label in form.fields["years"].choices] == [2025, 2024]
    response = _attach(client, case)
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url() + "#numbers"
    citation = Citation.objects.get()
    assert citation.run == run and citation.years == [2025]
    cells = citation.figure["rows"][0]["cells"]
    assert cells == [{"value": 24.5, "suppressed": False},
                     {"value": None, "suppressed": True},  # never the unsuppressed 3.0
                     {"value": 31.5, "suppressed": False}]
    entry = AuditEntry.objects.get(object_type="insights.citation", verb="create")
    assert entry.actor == world.secretariat and entry.details["runs"] == [run.pk]
    shown = client.get(case.get_absolute_url()).text
    assert 'id="numbers"' in shown and "<svg" in shown and "24.5" in shown
    assert f"Run {run.pk} (2025)" in shown and ">suppressed<" in shown
    assert "A newer run is available" not in shown


def test_a_view_over_years_and_a_breakdown(client: Client, world: World, run: Run,
                                           case: Case) -> None:
    sign_in(client, world.secretariat)
    assert _attach(client, case, years=["2024", "2025"]).status_code == 302
    over_years = Citation.objects.get()
    assert [row["key"] for row in over_years.figure["rows"]] == ["2024", "2025"]
    assert over_years.figure["rows"][0]["cells"][0]["value"] == 21.0
    assert _attach(client, case, group_by="sex").status_code == 302
    by_sex = Citation.objects.latest("pk")
    assert [row["key"] for row in by_sex.figure["rows"]] == ["F", "M"]
    assert "women" in client.get(case.get_absolute_url()).text


@pytest.mark.parametrize(("change", "message"), [
    ({"years": ["2024", "2025"], "group_by": "sex"}, "A view over several years shows totals"),
    ({"years": ["2023"]}, "Select a valid choice"),
    ({"areas": ["municipality:0101"]}, "Select a valid choice"),
    ({"areas": []}, "This field is required"),
    ({"indicator": "no_such_indicator"}, "The run has no published results for this view"),
])
def test_bad_views_are_refused_and_nothing_is_attached(
        client: Client, world: World, run: Run, case: Case, change: dict[str, Any],
        message: str) -> None:
    sign_in(client, world.secretariat)
    response = _attach(client, case, **change)
    assert response.status_code == 422 and message in response.text
    assert not Citation.objects.exists()


def test_who_may_attach(client: Client, world: World, run: Run, case: Case) -> None:
    other = make_case(world.other_collaboration)
    sign_in(client, world.secretariat)
    assert _attach(client, other).status_code == 422  # not a case of this collaboration
    closed = make_case(world.collaboration, state=State.CLOSED)
    assert _attach(client, closed).status_code == 422  # closed: no longer prepared
    sign_in(client, world.member)  # sees the results, but may change no case
    page = client.get(reverse("insights:population", args=[HORSENS]))
    assert page.context["attach_form"] is None and 'id="attach"' not in page.text
    assert _attach(client, case).status_code == 403
    sign_in(client, world.outsider)
    assert _attach(client, case).status_code == 404
    assert not Citation.objects.exists()


def test_a_newer_run_is_offered_not_forced(client: Client, world: World, run: Run,
                                           case: Case) -> None:
    sign_in(client, world.secretariat)
    _attach(client, case)
    citation = Citation.objects.get()
    newer = make_empty_run(run.dataset, 2025, finished_at=timezone.now())
    _results(newer, 26.0, 1.0)
    shown = client.get(case.get_absolute_url()).text
    assert "A newer run is available" in shown and "24.5" in shown  # still as attached
    citation.refresh_from_db()
    assert citation.run == run
    sign_in(client, world.member)
    assert "A newer run is available" not in client.get(case.get_absolute_url()).text
    update = reverse("insights:update_citation", args=[citation.pk])
    assert client.post(update).status_code == 403
    sign_in(client, world.secretariat)
    assert client.post(update).status_code == 302
    citation.refresh_from_db()
    assert citation.run == newer and citation.figure["rows"][0]["cells"][0]["value"] == 26.0
    assert AuditEntry.objects.filter(object_type="insights.citation", verb="update").exists()
    assert "A newer run is available" not in client.get(case.get_absolute_url()).text


def test_remove_a_view(client: Client, world: World, run: Run, case: Case) -> None:
    sign_in(client, world.secretariat)
    _attach(client, case)
    citation = Citation.objects.get()
    remove = reverse("insights:remove_citation", args=[citation.pk])
    sign_in(client, world.member)
    assert client.post(remove).status_code == 403
    sign_in(client, world.outsider)
    assert client.post(remove).status_code == 404
    assert client.post(reverse("insights:remove_citation", args=[999])).status_code == 404
    sign_in(client, world.secretariat)
    assert client.post(remove).status_code == 302
    assert not Citation.objects.exists()
    assert AuditEntry.objects.filter(object_type="insights.citation", verb="delete").exists()


def test_the_agenda_and_the_minutes_show_the_view(client: Client) -> None:
    minutes = make_minutes()
    as_horsens(minutes.world)
    dataset = make_dataset(minutes.world.collaboration)
    run = make_empty_run(dataset, 2025, finished_at=timezone.now())
    _results(run, 24.5, 3.0)
    sign_in(client, minutes.world.secretariat)
    assert _attach(client, minutes.case).status_code == 302
    sign_in(client, minutes.world.member)
    approved = minutes.meeting.minutes_approved_at
    assert approved is not None
    minutes_pdf = reverse("meeting_documents:minutes_pdf", args=[minutes.meeting.pk])
    assert "24,5" not in pdf_text(client.get(minutes_pdf).content)  # attached after approval
    Citation.objects.update(created_at=approved - dt.timedelta(hours=1))
    for name in ("minutes_pdf", "agenda_pdf"):
        response = client.get(reverse(f"meeting_documents:{name}", args=[minutes.meeting.pk]))
        text = pdf_text(response.content)
        # The body's language is Danish: its number format, and the run named.
        assert "24,5" in text and "31,5" in text and f"({run.year})" in text, name
        assert "3,0" not in text  # the unsuppressed number never
