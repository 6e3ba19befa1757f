"""A collaboration's population page: published results for its members (suppressed cells
shown as suppressed, never as zero), unsuppressed results for its analysts only and audited,
CSV and XLSX, 404 for outsiders, and a bounded number of queries."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from klynge.audit.models import AuditEntry
from klynge.insights.demography import AGE5
from klynge.insights.models import Result, Run
from klynge.insights.tests.conftest import HORSENS
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_grant, make_person, make_user
from klynge.testing.insights import make_dataset, make_empty_run, make_result, make_run
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(world: World) -> Any:
    user = make_user("analyst", password="x")
    make_grant(make_person(user=user, name="Ada Analyst"), collaboration=world.collaboration)
    return user


@pytest.fixture
def run(world: World) -> Run:
    return make_run(world.collaboration)


def _url(**query: str) -> str:
    url = reverse("insights:population", args=[HORSENS])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_published_for_members_unsuppressed_for_analysts_audited_and_downloadable(
        client: Client, world: World, analyst: Any, run: Run,
        django_assert_max_num_queries: Any) -> None:
    """One run (it takes seconds), every check of the page on it."""
    _members_see_the_published_results(client, world)
    with django_assert_max_num_queries(16):  # whatever the number of rows
        assert client.get(_url()).status_code == 200
    _the_analyst_sees_unsuppressed_results_audited(client, analyst, run)
    _the_table_downloads_without_suppressed_numbers(client, world, analyst, run)


def _members_see_the_published_results(client: Client, world: World) -> None:
    sign_in(client, world.member)
    page = client.get(_url())
    assert page.status_code == 200
    text = page.text
    assert "Population" in text and "Old-age dependency ratio" in text
    assert ">suppressed<" in text  # a suppressed cell says so
    context = page.context
    assert any(row.cells[0] and row.cells[0].suppressed for row in context["rows"])
    for row in context["rows"]:
        for cell in row.cells:
            if cell is not None and cell.suppressed:
                assert cell.text == ""  # never a number, never zero
    levels = [area.level for area in context["areas"]]
    assert levels[0] == "collaboration" and levels[-1] == "country"
    assert "municipality" in levels
    assert "view=unsuppressed" not in text  # not offered to a member
    assert client.get(_url(view="unsuppressed")).status_code == 403
    # The chart: the default indicator, another one chosen, and an unknown one ignored.
    std = next(row for row in context["rows"] if row.indicator == "preventable_admissions_65_std")
    default = ("preventable_admissions_65_std"  # else the crude rate, when every area's is hidden
               if any(cell and not cell.suppressed for cell in std.cells)
               else "preventable_admissions_65")
    assert context["chosen"].indicator == default
    assert 'id="population-chart-data"' in text
    chart = context["chart"]
    assert chart["data"][0]["y"] == [area.name for area in context["areas"]]
    chosen = client.get(_url(indicator="home_care_80")).context
    assert chosen["chosen"].indicator == "home_care_80"
    assert "Home care, 80+" in chosen["chart"]["layout"]["xaxis"]["title"]["text"]
    for cell, value in zip(chosen["chosen"].cells, chosen["chart"]["data"][0]["x"],
                           strict=True):
        hidden = cell is None or cell.suppressed or cell.value is None
        assert (value is None) == hidden
    notes = {note["y"]: note["text"] for note in chosen["chart"]["layout"]["annotations"]}
    for area, cell in zip(chosen["areas"], chosen["chosen"].cells, strict=True):
        if cell is not None and cell.suppressed:
            assert notes[area.name] == "suppressed"  # said on the chart, not drawn as 0
    fallback = client.get(_url(indicator="<script>", by="nonsense")).context
    assert fallback["chosen"].indicator == default
    assert fallback["group_rows"] == []
    # Breakdowns of the chosen indicator: the groups as rows, one cell per area.
    by_age = client.get(_url(indicator="population", by="age_band"))
    assert [str(g.label) for g in by_age.context["group_rows"]] == [
        "0–17", "18–64", "65–79", "80+"]
    assert "Population by group, " in by_age.text
    by_sex = client.get(_url(indicator="population", by="sex")).context
    assert [str(g.label) for g in by_sex["group_rows"]] == ["women", "men"]
    assert ("sex", "Sex") in [(key, str(label)) for key, label in by_sex["breakdowns"]]
    for group in by_sex["group_rows"]:
        for cell in group.cells:
            assert cell is None or not cell.suppressed or cell.text == ""


def _the_analyst_sees_unsuppressed_results_audited(client: Client, analyst: Any,
                                                    run: Run) -> None:
    sign_in(client, analyst)
    before = AuditEntry.objects.filter(verb="view", object_type="insights.run").count()
    published = client.get(_url())
    assert "view=unsuppressed" in published.text
    assert AuditEntry.objects.filter(verb="view").count() == before  # published: no look
    page = client.get(_url(view="unsuppressed"))
    assert page.status_code == 200 and "for analysts only" in page.text
    cells = [cell for row in page.context["rows"] for cell in row.cells if cell]
    assert cells and not any(cell.suppressed for cell in cells)
    entry = AuditEntry.objects.filter(verb="view", object_type="insights.run").latest("pk")
    assert entry.actor == analyst and entry.details == {"unsuppressed": True}
    assert entry.object_id == str(run.pk)


def _the_table_downloads_without_suppressed_numbers(client: Client, world: World,
                                                     analyst: Any, run: Run) -> None:
    sign_in(client, world.member)
    text = client.get(_url(format="csv")).content.decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(text)))
    assert header[:2] == ["indicator", "label"] and header[-1] == "suppressed in"
    suppressed = set(Result.objects.filter(
        run=run, published=True, suppressed=True, level="collaboration", code=HORSENS,
        group_by="total").values_list("indicator", flat=True))
    assert suppressed
    for line in lines:
        if line[0] in suppressed:
            assert line[2] == "" and header[2] in line[-1]  # empty, and said to be so
    workbook = load_workbook(io.BytesIO(client.get(_url(format="xlsx")).content))
    assert workbook.active.cell(1, 1).value == "indicator"
    assert client.get(_url(format="pdf")).status_code == 404
    sign_in(client, analyst)
    response = client.get(_url(view="unsuppressed", format="csv"))
    assert "unsuppressed" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(verb="view", details__export="csv").exists()


def test_outsiders_get_404_and_an_empty_collaboration_says_there_is_nothing_yet(
        client: Client, world: World) -> None:
    sign_in(client, world.outsider)
    assert client.get(_url()).status_code == 404
    sign_in(client, world.member)
    page = client.get(_url())
    assert page.status_code == 200 and "There are no results yet" in page.text


def test_trends_over_the_years_and_a_municipality_page(
        client: Client, world: World, django_assert_max_num_queries: Any) -> None:
    dataset = make_dataset(world.collaboration)
    for year, value in ((2023, 20.0), (2024, 22.0), (2025, 24.0)):
        run = make_empty_run(dataset, year)
        make_result(run, "preventable_admissions_65_std", "collaboration", HORSENS, value)
        make_result(run, "preventable_admissions_65_std", "municipality", "0766",
                    value + 1, suppressed=year == 2024)
        make_result(run, "preventable_admissions_65_std", "country", "dk", 30.0)
    sign_in(client, world.member)
    with django_assert_max_num_queries(16):
        page = client.get(_url())
    trend = page.context["trend"]
    assert [row.year for row in trend.rows] == [2023, 2024, 2025]
    names = [area.name for area in page.context["areas"]]
    hedensted = names.index(next(a.name for a in page.context["areas"] if a.code == "0766"))
    line = trend.chart["data"][hedensted]
    assert line["x"] == [2023, 2024, 2025] and line["y"] == [21.0, None, 25.0]  # a gap
    assert trend.rows[1].cells[hedensted]["suppressed"]
    assert 'id="trend-chart-data"' in page.text and "by year" in page.text
    own = client.get(reverse("insights:municipality", args=[HORSENS, "0766"]))
    assert own.status_code == 200
    assert [area.level for area in own.context["areas"]] == [
        "municipality", "collaboration", "country"]
    assert own.context["municipality"].code == "0766"
    assert own.context["chosen_cells"][0][1].text == "25.0"
    assert 'aria-current="page"' in own.text
    assert client.get(reverse("insights:municipality", args=[HORSENS, "0101"])
                      ).status_code == 404  # not a member municipality
    sign_in(client, world.outsider)
    assert client.get(reverse("insights:municipality", args=[HORSENS, "0766"])
                      ).status_code == 404


def test_the_pyramid_and_the_trend_download(client: Client, world: World) -> None:
    dataset = make_dataset(world.collaboration)
    for year in (2024, 2025):
        run = make_empty_run(dataset, year)
        make_result(run, "preventable_admissions_65_std", "collaboration", HORSENS,
                    20.0 + year - 2024)
        make_result(run, "preventable_admissions_65_std", "country", "dk", None,
                    suppressed=year == 2024)
    for group in AGE5:
        for sex in ("F", "M"):
            hidden = (group, sex) == ("90+", "M")
            make_result(run, "population", "collaboration", HORSENS, None,
                        numerator=None if hidden else 7.0, group_by="age5_sex",
                        group=f"{group}/{sex}", suppressed=hidden)
    sign_in(client, world.member)
    trend = client.get(_url(indicator="preventable_admissions_65_std", table="trend",
                            format="csv")).content.decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(trend)))
    assert header[0] == "year" and lines[0][0] == "2024" and lines[1][1] == "21.0"
    assert lines[0][-1] == ""  # the suppressed country: empty, never zero
    pyramid = client.get(_url(table="pyramid", format="xlsx"))
    assert "pyramid" in pyramid["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(pyramid.content)).active
    assert [sheet.cell(1, c).value for c in (1, 2, 3)] == ["age", "men 2025", "women 2025"]
    assert sheet.cell(2, 1).value == "90+" and sheet.cell(2, 2).value is None  # suppressed
    assert sheet.cell(2, 3).value == 7
    assert client.get(_url(table="nonsense", format="csv")).status_code == 404


def test_the_default_chart_is_the_crude_rate_when_every_standardised_one_is_hidden(
        client: Client, world: World) -> None:
    run = make_empty_run(make_dataset(world.collaboration))
    for level, code in (("collaboration", HORSENS), ("country", "dk")):
        make_result(run, "preventable_admissions_65_std", level, code, None, suppressed=True)
        make_result(run, "preventable_admissions_65", level, code, 31.0)
    sign_in(client, world.member)
    assert client.get(_url()).context["chosen"].indicator == "preventable_admissions_65"
    make_result(run, "preventable_admissions_65_std", "municipality", "0766", 28.0)
    assert client.get(_url()).context["chosen"].indicator == "preventable_admissions_65_std"
