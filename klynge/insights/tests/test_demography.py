"""The pyramid and its projection (``klynge.insights.demography``) on chosen numbers."""

from __future__ import annotations

import pytest

from klynge.insights.demography import AGE5, SEXES, pyramid
from klynge.insights.models import Run
from klynge.insights.population import Area
from klynge.testing.factories import make_collaboration
from klynge.testing.insights import make_dataset, make_empty_run, make_result

pytestmark = pytest.mark.django_db
HERE = Area("collaboration", "c", "Klyngen")
COUNTRY = Area("country", "dk", "Danmark")


def _world(deaths: float = 0.0, moves_in: float = 0.0, births: float = 0.0,
           suppress: tuple[str, str, str] | None = None, everywhere: bool = False) -> Run:
    """100 residents in every group of both areas; rates per resident and year."""
    run = make_empty_run(make_dataset(make_collaboration()))
    for area in (HERE, COUNTRY):
        for group in AGE5:
            for sex in SEXES:
                cell = f"{group}/{sex}"
                for indicator, numerator in (("population", 100.0), ("deaths", 100 * deaths),
                                             ("in_migrations", 100 * moves_in),
                                             ("out_migrations", 0.0)):
                    hidden = suppress is not None and suppress[0] == indicator and (
                        suppress[2] == cell and (everywhere or suppress[1] == area.level))
                    make_result(run, indicator, area.level, area.code, numerator,
                                group_by="age5_sex", group=cell,
                                numerator=None if hidden else numerator,
                                denominator=None if indicator == "population" else 100.0,
                                suppressed=hidden)
        women = 100.0 * 7  # seven groups of women aged 15–49
        make_result(run, "births", area.level, area.code, None, numerator=births * women,
                    denominator=women)
        make_result(run, "births", area.level, area.code, None, group_by="sex", group="F",
                    numerator=births * women / 2, denominator=women)
    return run


def test_without_deaths_moves_or_births_everyone_is_five_years_older() -> None:
    result = pyramid(_world(), HERE, [COUNTRY])
    assert result is not None and not result.why_not
    five = result.projected[5]
    assert five[("0-4", "F")] == 0 and five[("5-9", "M")] == 100
    assert five[("90+", "F")] == 200  # the 85–89 joined the open group
    ten = result.projected[10]
    assert ten[("10-14", "M")] == 100 and ten[("90+", "M")] == 300
    assert result.dependency(result.now) == pytest.approx(100 * 6 / 9)  # six groups 65+, nine 20–64


def test_deaths_moves_and_births_at_the_data_rates() -> None:
    result = pyramid(_world(deaths=0.01, moves_in=0.02, births=0.05), HERE, [COUNTRY])
    assert result is not None
    five = result.projected[5]
    assert five[("50-54", "F")] == pytest.approx(100 * (0.99 ** 5 + 5 * 0.02))
    born = 5 * 0.05 * 700  # five years of births to 700 women aged 15–49
    assert five[("0-4", "F")] == pytest.approx(born / 2 * (0.99 ** 2.5 + 2.5 * 0.02))
    own = "Klyngen (by age and sex)"
    assert result.rates_from == {"deaths": own, "out_migrations": own, "in_migrations": own,
                                 "births": "Klyngen"}


def test_a_suppressed_rate_is_borrowed_and_a_suppressed_pyramid_not_projected() -> None:
    borrowed = pyramid(_world(deaths=0.01, suppress=("deaths", "collaboration", "90+/M")),
                       HERE, [COUNTRY])
    assert borrowed is not None
    assert borrowed.rates_from["deaths"] == ("Danmark (by age and sex); "
                                             "Klyngen (by age and sex)")
    assert borrowed.rates_from["births"] == "Klyngen"
    hidden = pyramid(_world(suppress=("population", "collaboration", "0-4/F")), HERE,
                     [COUNTRY])
    assert hidden is not None and hidden.suppressed and not hidden.projected
    assert "suppressed" in hidden.why_not
    assert hidden.dependency(hidden.now) is not None  # the 0–4 do not count in it


def test_a_run_without_a_pyramid() -> None:
    run = make_empty_run(make_dataset(make_collaboration()))
    assert pyramid(run, HERE, [COUNTRY]) is None


def test_a_rate_suppressed_everywhere_by_age_and_sex_comes_by_age() -> None:
    run = _world(deaths=0.01, suppress=("deaths", "collaboration", "90+/M"), everywhere=True)
    make_result(run, "deaths", "collaboration", "c", None, group_by="age5", group="90+",
                numerator=3.0, denominator=200.0)
    result = pyramid(run, HERE, [COUNTRY])
    assert result is not None and result.projected
    assert "Klyngen (by age)" in result.rates_from["deaths"]
    # The 90+ men: their own survivors at the age group's rate, both sexes together.
    expected = 100 * (0.99 ** 5) + 100 * (1 - 3 / 200) ** 5
    assert result.projected[5][("90+", "M")] == pytest.approx(expected)
