"""Disclosure control: unit tests, and property tests that attack the published rows."""

from __future__ import annotations

import math

import pandas as pd
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klynge.population import disclosure
from klynge.population.marts.long_form import long_form
from klynge.population.marts.spec import IndicatorSpec, Measure

RATE = IndicatorSpec(
    "rate", Measure("events"), Measure("residents"), "per_1000", ("total", "sex"), standardise=True
)
SHARE = IndicatorSpec("share", Measure("events"), Measure("residents"), "share", ("total", "sex"))


def computed(
    cells: dict[tuple[str, str], tuple[int, int]], links: list[tuple[str, str]], spec: IndicatorSpec
) -> tuple[pa.Table, pa.Table]:
    """Output rows of ``spec`` from cells (municipality, sex) → (events, residents)."""
    records = []
    for (code, sex), (events, people) in cells.items():
        records.append((code, "events", sex, 70, "low", events))
        records.append((code, "residents", sex, 70, "low", people))
    cube = pd.DataFrame.from_records(
        records, columns=["municipality_code", "measure", "sex", "age", "education", "amount"]
    )
    mapping = pd.DataFrame(links, columns=["municipality_code", "collaboration_code"])
    rows = long_form(cube, mapping, [spec], 2024, "dk").assign(suppressed=False)
    table = pa.Table.from_pandas(rows, preserve_index=False)
    return table, pa.Table.from_pandas(mapping, preserve_index=False)


def published(cells, links=(("0101", "c1"), ("0147", "c1")), spec=RATE) -> pd.DataFrame:
    table, mapping = computed(cells, list(links), spec)
    return disclosure.suppress(table, mapping, [spec]).to_pandas()


def find(frame, indicator="rate", level="municipality", code="0101", group_by="total", group=""):
    hit = frame[
        (frame.indicator == indicator)
        & (frame.level == level)
        & (frame.code == code)
        & (frame.group_by == group_by)
        & (frame["group"] == group)
    ]
    assert len(hit) == 1
    return hit.iloc[0]


def test_small_counts_are_suppressed_and_keep_their_keys():
    result = published(
        {
            ("0101", "F"): (3, 100),
            ("0101", "M"): (0, 100),
            ("0147", "F"): (20, 100),
            ("0147", "M"): (30, 100),
        }
    )
    cell = find(result, group_by="sex", group="F")
    assert bool(cell.suppressed) and math.isnan(cell.numerator) and math.isnan(cell.value)
    assert cell.denominator == 100  # a rate's denominator stays published
    # 0101 total = 3 would reveal F: the total is the smallest other non-zero row
    assert bool(find(result).suppressed)
    zero = find(result, group_by="sex", group="M")
    assert not bool(zero.suppressed) and zero.numerator == 0


def test_the_smallest_other_row_is_suppressed_and_collaborations_are_protected():
    result = published(
        {
            ("0101", "F"): (2, 50),
            ("0101", "M"): (10, 50),
            ("0147", "F"): (40, 50),
            ("0147", "M"): (50, 50),
        }
    )
    assert bool(find(result, group_by="sex", group="M").suppressed)
    # the collaboration's F row (42) minus 0147's F (40) would give 0101's F (2)
    assert bool(find(result, code="0147", group_by="sex", group="F").suppressed)
    # …and then 0147's M, which the collaboration's M row would otherwise give away
    assert bool(find(result, code="0147", group_by="sex", group="M").suppressed)
    assert not find(result, code="0147").suppressed


def test_shares_protect_the_complement_and_hide_the_denominator():
    result = published(
        {
            ("0101", "F"): (97, 100),
            ("0101", "M"): (50, 100),
            ("0147", "F"): (50, 100),
            ("0147", "M"): (50, 100),
        },
        spec=SHARE,
    )
    cell = find(result, indicator="share", group_by="sex", group="F")
    assert bool(cell.suppressed) and math.isnan(cell.denominator)


def test_standardised_rows_follow_their_crude_row():
    result = published(
        {
            ("0101", "F"): (3, 100),
            ("0101", "M"): (0, 100),
            ("0147", "F"): (20, 100),
            ("0147", "M"): (30, 100),
        }
    )
    keys = ["level", "code", "group_by", "group"]
    crude = result[result.indicator == "rate"].set_index(keys).suppressed
    std = result[result.indicator == "rate_std"].set_index(keys).suppressed
    assert std.to_dict() == crude.reindex(std.index).to_dict()
    assert std.any() and not std.all()
    assert result[result.indicator == "rate_std"].query("suppressed").value.isna().all()
    # a suppressed row has no variance; a published rate has one
    assert result.query("suppressed").variance.isna().all()
    assert result.query("not suppressed and value == value").variance.notna().all()


def test_a_standardised_row_with_a_band_of_one_to_four_events_is_hidden():
    """A standardised value is Σ w_b·rate_b over bands whose populations are published (the
    pyramid): with few events its value pins the band counts, so a band of 1–4 hides it,
    even where the crude row (13 events) is shown."""
    result = published(
        {
            ("0101", "F"): (3, 100),
            ("0101", "M"): (10, 100),
            ("0147", "F"): (20, 100),
            ("0147", "M"): (30, 100),
        }
    )
    assert not find(result, code="0101").suppressed  # the crude total: 13 events
    std = find(result, indicator="rate_std", code="0101")
    assert bool(std.suppressed) and math.isnan(std.value) and math.isnan(std.variance)
    table, mapping = computed(
        {("0101", "F"): (3, 100), ("0101", "M"): (10, 100)}, [("0101", "c1")], RATE)
    assert "small_band" in table.column_names  # the tests' tables carry it as a column
    assert "small_band" not in disclosure.suppress(table, mapping, [RATE]).column_names


def test_a_hidden_standardised_row_cannot_be_worked_out_from_its_neighbours():
    """The collaboration's bands are its municipalities' summed: with 0101's ``_std`` row
    hidden (a band of 3), publishing the collaboration's and 0147's would give 0101's bands
    by difference, so one more is hidden in that set (and in the country's)."""
    result = published(
        {
            ("0101", "F"): (3, 100),
            ("0101", "M"): (10, 100),
            ("0147", "F"): (20, 100),
            ("0147", "M"): (30, 100),
        }
    )
    std = result[result.indicator == "rate_std"]
    for level, code in (("collaboration", "c1"), ("country", "dk")):
        family = std[(std.group_by == "total")
                     & (((std.level == "municipality") & std.code.isin(["0101", "0147"]))
                        | ((std.level == level) & (std.code == code)))]
        assert family.suppressed.sum() != 1, (level, family[["code", "suppressed"]])


def test_output_is_unchanged_where_nothing_is_small():
    result = published(
        {
            ("0101", "F"): (30, 100),
            ("0101", "M"): (0, 100),
            ("0147", "F"): (20, 100),
            ("0147", "M"): (30, 100),
        }
    )
    assert not result.suppressed.any()


# --- property tests -------------------------------------------------------------

MUNICIPALITIES = ("0101", "0147", "0151", "0153")


@st.composite
def worlds(draw):
    codes = MUNICIPALITIES[: draw(st.integers(1, 4))]
    counts = st.integers(0, 12)
    cells = {}
    for code in codes:
        for sex in ("F", "M"):
            people = draw(st.integers(0, 40))
            cells[(code, sex)] = (min(draw(counts), people), people)
    links = [
        (code, collaboration)
        for code in codes
        for collaboration in ("c1", "c2")
        if draw(st.booleans())
    ]
    spec = draw(st.sampled_from([RATE, SHARE]))
    return cells, links, spec


def _relations(frame: pd.DataFrame, links) -> list[tuple[int, list[int]]]:
    """(total row, member rows): every sum a reader can see, built independently."""
    index = {tuple(r): i for i, r in frame[["level", "code", "group_by", "group"]].iterrows()}
    found = []
    for (level, code, group_by, group), i in index.items():
        if group_by == "total":
            parts = [
                j for (lv, cd, gb, _), j in index.items() if (lv, cd, gb) == (level, code, "sex")
            ]
            found.append((i, parts))
        if level == "country":
            found.append(
                (
                    i,
                    [
                        j
                        for (lv, _, gb, g), j in index.items()
                        if lv == "municipality" and (gb, g) == (group_by, group)
                    ],
                )
            )
        if level == "collaboration":
            members = {m for m, c in links if c == code}
            found.append(
                (
                    i,
                    [
                        j
                        for (lv, cd, gb, g), j in index.items()
                        if lv == "municipality" and cd in members and (gb, g) == (group_by, group)
                    ],
                )
            )
    return found


def _attack(frame: pd.DataFrame, links, column: str) -> set[int]:
    """Rows whose ``column`` a reader can work out by adding and subtracting published rows,
    repeating with what they have recovered."""
    known = {i: v for i, v in frame[column].items() if not math.isnan(v)}
    recovered: set[int] = set()
    progress = True
    while progress:
        progress = False
        for total, parts in _relations(frame, links):
            unknown = [j for j in [total, *parts] if j not in known]
            if len(unknown) != 1:
                continue
            j = unknown[0]
            others = sum(known[p] for p in parts if p != j)
            known[j] = others if j == total else known[total] - others
            recovered.add(j)
            progress = True
    return recovered


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_no_suppressed_cell_can_be_recovered_by_subtraction(world):
    cells, links, spec = worlds_args = world
    del worlds_args
    table, mapping = computed(cells, links, spec)
    result = disclosure.suppress(table, mapping, [spec]).to_pandas()
    crude = result[result.indicator == spec.id].reset_index(drop=True)
    hidden = set(crude.index[crude.suppressed])
    columns = ["numerator", "denominator"] if spec.is_share else ["numerator"]
    for column in columns:
        recovered = _attack(crude, links, column) & hidden
        assert not recovered, crude.loc[sorted(recovered)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_no_published_row_shows_a_small_count(world):
    cells, links, spec = world
    table, mapping = computed(cells, links, spec)
    result = disclosure.suppress(table, mapping, [spec]).to_pandas()
    shown = result[~result.suppressed & (result.indicator == spec.id)]
    assert not shown.numerator.between(1, 4).any()
    if spec.is_share:
        assert not (shown.denominator - shown.numerator).between(1, 4).any()
