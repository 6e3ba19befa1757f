"""The Compare page: the intervals (normal, exact Poisson) and the pairwise tests on known
numbers, Holm's correction; the page on chosen results (values, intervals, differences,
overlapping areas flagged, the age-standardised rate preferred), a suppressed area shown as
suppressed and left out, 404 for outsiders, bad input 422 with nothing computed, and a
bounded number of queries."""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.insights.compare import (
    EXACT_POISSON,
    NORMAL,
    compare_context,
    difference,
    exact_poisson_interval,
    holm,
    interval_of,
    normal_interval,
)
from klynge.insights.models import Run
from klynge.insights.tests.conftest import HORSENS
from klynge.testing.auth import sign_in
from klynge.testing.factories import make_grant, make_person, make_user
from klynge.testing.insights import make_dataset, make_empty_run, make_result
from klynge.testing.personas import World

pytestmark = pytest.mark.django_db

AARHUS = "dk-klynge-aarhusklyngen"  # another collaboration of the mapping
HORSENS_TOWN, ODDER, SKANDERBORG, HEDENSTED = "0615", "0727", "0746", "0766"
AARHUS_TOWN = "0751"
STD = "preventable_admissions_65_std"
CRUDE = "preventable_admissions_65"
BED_DAYS = "bed_days_awaiting_65"


# --- The statistics on known numbers -------------------------------------------------------

def test_the_normal_interval_floored_at_zero_and_capped_for_shares() -> None:
    found = normal_interval(24.5, 4.0)  # ± 1.96 × 2
    assert found.method == NORMAL
    assert found.low == pytest.approx(20.58) and found.high == pytest.approx(28.42)
    assert normal_interval(1.0, 1.0).low == 0.0  # 1 − 1.96 is below 0
    assert normal_interval(99.0, 4.0, ceiling=100.0).high == 100.0


def test_the_exact_poisson_interval() -> None:
    # Garwood's interval for 5 events: 1.6235–11.6683; for none: 0–3.6889.
    five = exact_poisson_interval(5, 1000)
    assert five.method == EXACT_POISSON
    assert five.low == pytest.approx(1.6235, abs=1e-4)
    assert five.high == pytest.approx(11.6683, abs=1e-4)
    none = exact_poisson_interval(0, 2000)  # per 1,000 of 2,000: halved
    assert none.low == 0.0 and none.high == pytest.approx(3.6889 / 2, abs=1e-4)


def test_which_interval() -> None:
    # a crude rate per 1,000 from 5 events among 2,000: exact
    small = interval_of(BED_DAYS, "per_1000", 2.5, 1.25, numerator=5, denominator=2000)
    assert small is not None and small.method == EXACT_POISSON
    assert small.high == pytest.approx(11.6683 / 2, abs=1e-4)
    # 25 events, an age-standardised rate, or no numerator published: normal
    for indicator, numerator in ((BED_DAYS, 25.0), (STD, 5.0), (BED_DAYS, None)):
        found = interval_of(indicator, "per_1000", 12.5, 6.25, numerator, 2000)
        assert found is not None and found.method == NORMAL
        assert found.low == pytest.approx(12.5 - 1.96 * 2.5)
    assert interval_of(CRUDE, "per_1000", 12.5, None, 25, 2000) is None  # no variance
    assert interval_of("population", "count", 1200, None) is None
    assert interval_of(STD, "per_1000", None, None) is None  # suppressed: no value


def test_a_difference_beyond_chance_and_one_not() -> None:
    beyond = difference(30.0, 4.0, 20.0, 5.0)  # 10 ± 1.96 × 3
    assert beyond is not None and beyond.beyond_chance
    assert beyond.low == pytest.approx(4.12) and beyond.high == pytest.approx(15.88)
    assert beyond.p == pytest.approx(2 * (1 - _phi(10 / 3)))
    chance = difference(22.0, 4.0, 20.0, 5.0)  # 2 ± 5.88
    assert chance is not None and not chance.beyond_chance
    assert chance.low == pytest.approx(-3.88) and chance.p == pytest.approx(0.5050, abs=1e-4)
    assert difference(0.0, 0.0, 0.0, 0.0) is None  # no spread: nothing to test


def _phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def test_holms_correction() -> None:
    # sorted: 0.01 × 3 = 0.03; 0.03 × 2 = 0.06; 0.04 × 1, but never below the one before
    assert holm([0.01, 0.04, 0.03]) == [
        (pytest.approx(0.03), True), (pytest.approx(0.06), False), (pytest.approx(0.06), False)]
    assert holm([]) == []


# --- The page ------------------------------------------------------------------------------

@pytest.fixture
def world(world: World) -> World:
    """The conftest's world, and Aarhusklyngen as the other collaboration."""
    world.other_collaboration.code = AARHUS
    world.other_collaboration.save()
    return world


@pytest.fixture
def run(world: World) -> Run:
    run = make_empty_run(make_dataset(world.collaboration), 2025, finished_at=timezone.now())
    for level, code, value, variance in (
            ("collaboration", HORSENS, 24.5, 1.0), ("municipality", HORSENS_TOWN, 30.0, 4.0),
            ("municipality", ODDER, 20.0, 4.0), ("municipality", SKANDERBORG, 25.0, 9.0),
            ("country", "dk", 25.0, 0.01), ("collaboration", AARHUS, 18.0, 1.0),
            ("municipality", AARHUS_TOWN, 21.0, 2.0)):
        make_result(run, STD, level, code, value, variance=variance)
        make_result(run, CRUDE, level, code, value + 1, variance=variance)
    make_result(run, STD, "municipality", HEDENSTED, None, suppressed=True)
    make_result(run, STD, "municipality", HEDENSTED, 3.0, variance=1.0, published=False)
    make_result(run, BED_DAYS, "collaboration", HORSENS, 2.5, variance=1.25, numerator=5,
                denominator=2000)
    make_result(run, BED_DAYS, "country", "dk", 3.0, variance=0.0001, numerator=3000,
                denominator=1_000_000)
    return run


def _url(*areas: str, indicator: str = STD) -> str:
    query = "&".join([f"indicator={indicator}", *(f"areas={area}" for area in areas)])
    return reverse("insights:compare", args=[HORSENS]) + "?" + query


def test_areas_side_by_side_with_intervals_and_differences(
        client: Client, world: World, run: Run) -> None:
    sign_in(client, world.member)
    response = client.get(_url(f"collaboration:{HORSENS}", f"municipality:{HORSENS_TOWN}",
                               f"municipality:{ODDER}", "country:dk", f"collaboration:{AARHUS}"))
    assert response.status_code == 200
    context, text = response.context, response.text
    assert [r.place.name for r in context["results"]] == [
        world.collaboration.name, "Horsens", "Odder", world.collaboration.country.name,
        world.other_collaboration.name]  # in the page's order, named
    horsens = context["results"][0]
    assert horsens.interval.low == pytest.approx(24.5 - 1.96) and horsens.text == "24.5"
    pairs = {(p.first.place.code, p.second.place.code): p for p in context["pairs"]}
    assert len(pairs) == 10 and context["tested"] == 10
    towns = pairs[(HORSENS_TOWN, ODDER)]  # 10 ± 1.96 × √8
    assert towns.difference.beyond_chance and not towns.overlap
    assert towns.low_text == "+4.5" and towns.high_text == "+15.5"
    close = pairs[(HORSENS, "dk")]  # −0.5 ± 1.97: not beyond chance; the country overlaps
    assert not close.difference.beyond_chance and close.overlap
    assert pairs[(HORSENS, HORSENS_TOWN)].overlap  # a municipality of the collaboration
    assert not pairs[(HORSENS, AARHUS)].overlap and not pairs[(HORSENS_TOWN, AARHUS)].overlap
    assert all(p.holm_p >= p.difference.p for p in pairs.values())
    assert "age-standardised" in text and "Holm" in text and "multiple comparisons" in text
    assert 'id="compare-chart-data"' in text and "insights/population.js" in text
    assert "overlapping areas" in text and "beyond chance" in text
    chart = context["chart"]["data"][0]
    assert chart["type"] == "scatter" and chart["x"][0] == 24.5
    assert chart["error_x"]["arrayminus"][0] == pytest.approx(1.96)
    choices = dict(context["form"].fields["indicator"].choices)
    assert STD in choices and CRUDE not in choices  # the age-standardised one preferred


def test_the_default_and_the_link_from_the_population_page(
        client: Client, world: World, run: Run) -> None:
    sign_in(client, world.member)
    page = client.get(reverse("insights:compare", args=[HORSENS]))
    assert page.status_code == 200
    assert [r.place.level for r in page.context["results"]] == ["collaboration", "country"]
    assert page.context["indicator"] == STD
    population = client.get(reverse("insights:population", args=[HORSENS])).text
    assert reverse("insights:compare", args=[HORSENS]) in population


def test_a_small_crude_rate_has_the_exact_poisson_interval(
        client: Client, world: World, run: Run) -> None:
    sign_in(client, world.member)
    page = client.get(_url(f"collaboration:{HORSENS}", "country:dk", indicator=BED_DAYS))
    assert page.status_code == 200 and "exact (Poisson)" in page.text
    methods = [r.interval.method for r in page.context["results"]]
    assert methods == [EXACT_POISSON, NORMAL]
    assert "age-standardised" not in page.text.split("How to read")[0].split("</form>")[1]


def test_a_suppressed_area_says_so_and_is_left_out(
        client: Client, world: World, run: Run) -> None:
    sign_in(client, world.member)
    page = client.get(_url(f"collaboration:{HORSENS}", f"municipality:{HEDENSTED}",
                           "country:dk"))
    assert page.status_code == 200
    assert ">suppressed<" in page.text and "left out of the comparisons" in page.text
    hedensted = page.context["results"][1]
    assert hedensted.suppressed and hedensted.text == "" and hedensted.interval is None
    assert "3.0" not in page.text  # never the unsuppressed number
    assert [(p.first.place.code, p.second.place.code) for p in page.context["pairs"]] == [
        (HORSENS, "dk")]
    assert page.context["chart"]["layout"]["annotations"][0]["text"] == "suppressed"


def test_who_sees_it(client: Client, world: World, run: Run) -> None:
    url = reverse("insights:compare", args=[HORSENS])
    analyst = make_user("analyst", password="x")
    make_grant(make_person(user=analyst, name="Ada Analyst"), collaboration=world.collaboration)
    for user in (world.member, world.secretariat, analyst):
        sign_in(client, user)
        assert client.get(url).status_code == 200
    sign_in(client, world.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


@pytest.mark.parametrize(("areas", "indicator", "message"), [
    ([f"collaboration:{HORSENS}"], STD, "Choose two to five areas to compare (1 chosen)"),
    ([f"collaboration:{HORSENS}", f"municipality:{HORSENS_TOWN}", f"municipality:{ODDER}",
      f"municipality:{SKANDERBORG}", "country:dk", f"collaboration:{AARHUS}"], STD,
     "Choose two to five areas to compare (6 chosen)"),
    ([f"collaboration:{HORSENS}", "country:dk"], "no_such_indicator",
     "The latest run has no indicator"),
    ([f"collaboration:{HORSENS}", "municipality:0101"], STD, "The latest run has no area"),
    ([], STD, "Choose two to five areas to compare."),
])
def test_bad_input_is_refused_and_nothing_is_computed(
        client: Client, world: World, run: Run, areas: list[str], indicator: str,
        message: str) -> None:
    sign_in(client, world.member)
    response = client.get(_url(*areas, indicator=indicator))
    assert response.status_code == 422
    assert message in response.text.replace("&#x27;", "'").replace("&quot;", '"')
    assert "results" not in response.context and "pairs" not in response.context
    assert 'id="compare-chart-data"' not in response.text


def test_no_run_yet(client: Client, world: World) -> None:
    sign_in(client, world.member)
    page = client.get(reverse("insights:compare", args=[HORSENS]))
    assert page.status_code == 200 and "There are no results yet" in page.text


def test_a_bounded_number_of_queries(client: Client, world: World, run: Run,
                                     django_assert_max_num_queries: Any) -> None:
    query = {"indicator": STD, "areas": [f"collaboration:{HORSENS}", f"municipality:{ODDER}",
                                         f"collaboration:{AARHUS}", f"municipality:{AARHUS_TOWN}"]}
    with django_assert_max_num_queries(5):  # run, indicators, results, two sets of names
        context = compare_context(world.collaboration, _query(query))
    assert len(context["pairs"]) == 6
    sign_in(client, world.member)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("insights:compare", args=[HORSENS]), query).status_code == 200


def _query(data: dict[str, Any]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query

