"""Disclosure control, applied last, to the computed long-form table.

It decides which *facts* to hide (see :mod:`klynge.population.facts`: a fact is a count
some row shows as its numerator or denominator, the same fact whichever indicator,
breakdown or grouping shows it), so that no count of 1–4 is published anywhere and none
can be worked out from what is published:

1. Primary: every fact of a measure that counts people or events (the numerators of
   indicators that count people, the denominators of shares) that is 1–4 (above 0 and
   below 5, which for bed days also covers fractions of a day), wherever it is shown —
   as a numerator, or as the denominator of a rate; and the numerator of a share whose
   ``denominator − numerator`` is 1–4. Indicators whose numerator is capacity, not
   people or events (``gp_fte_per_1000``), have no primary suppression of their own.
2. Secondary, quickly: within every set of rows that add up to a published row — the
   groups of one breakdown and the ``total`` row of one indicator and geography; the
   age5 groups inside an age band (65–69, 70–74, 75–79 = 65–79; 80–84, 85–89, 90+ = 80+);
   the two ``age5_sex`` cells of an age5 group with that group's row, and the cells of
   one sex with that sex's row; the municipalities of one collaboration and that
   collaboration's row; all municipalities and the country's row — a lone suppressed
   row could be recovered by subtraction, so the smallest other non-zero row of the set
   (ties: the first in output order) is suppressed too, and its numerator hidden
   wherever it is shown.
   Repeated until no set has exactly one suppressed row. "Non-zero" is the numerator,
   or for a share the denominator.
3. Secondary, audited: the rows as they would be published are audited together
   (:mod:`klynge.population.audit`, linear programming over every indicator, breakdown
   and grouping of the run). For each count of 1–4 whose interval of possible values
   is still inside 1–4, one of the shown facts that pin the interval (a binding
   equality) is hidden too — the smallest non-zero one, ties broken by the fact's keys
   — and steps 2–3 repeat until the audit finds nothing. Here the audit asks only small
   linear programs (the unknowns of the count's municipalities and of those sharing a
   collaboration with them, every other fixed at a point of the equalities) about the
   counts that the joint points leave, and repairs a count until its small program
   settles it: sound, since the small program is a restriction of the whole one, and
   what makes the run take seconds, not minutes (it may hide a fact the whole program
   would not have needed).
4. Derived rows: ``<id>_std`` is suppressed when the crude row with the same keys is;
   ``<id>_inequality`` when the ``low`` or the ``high`` ``_std`` row is.
5. A row is suppressed when its numerator or its denominator is a hidden fact. It
   keeps its keys; numerator, value and variance become null and ``suppressed`` true;
   the denominator becomes null too for a share, and where it is itself a hidden count.

Every step works on the rows in their output order, and every choice has a unique
tie-breaker, so the same computed table gives the same suppression on every engine.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from klynge.population.audit import THRESHOLD, AuditReport, Model
from klynge.population.facts import Fact
from klynge.population.marts.spec import IndicatorSpec
from klynge.population.output import OUTPUT_SCHEMA

NESTED_AGES = {
    "65-69": "65-79",
    "70-74": "65-79",
    "75-79": "65-79",
    "80-84": "80+",
    "85-89": "80+",
    "90+": "80+",
}


@dataclass
class Protection:
    """The suppressed table, the final audit of it, and how many audit rounds it took."""

    table: pa.Table
    report: AuditReport
    rounds: int


def suppress(table: pa.Table, mapping: pa.Table, specs: list[IndicatorSpec]) -> pa.Table:
    """``table`` (the output contract, unsuppressed) with disclosure control applied."""
    return protect(table, mapping, specs).table


def protect(table: pa.Table, mapping: pa.Table, specs: list[IndicatorSpec]) -> Protection:
    """Disclosure control with its audit: the module's steps 1–5."""
    rows = table.to_pandas()
    crude = rows["indicator"].isin([spec.id for spec in specs])
    shares = rows["indicator"].isin([spec.id for spec in specs if spec.is_share])
    links = mapping.to_pandas()
    members = relations(rows[crude], links)
    size = _size(rows, shares)
    model = Model(rows, links, specs)
    small = small_bands(table, rows)
    truth = model.rows.shown(rows)
    hidden = _primary_facts(model, rows, specs, truth)
    checked, only = 0, None
    for rounds in itertools.count(1):
        hidden = _close(model, hidden, members, size)
        flagged = derived(rows, _touching(model, hidden), specs, small, links)
        published = _apply(rows, flagged, shares, _denominator_hidden(model, hidden))
        frame = published.to_pandas()
        snapshot = model.snapshot(frame)
        report = model.check(frame, truth, only, snapshot, exact=False)
        checked = max(checked, report.checked)
        if report.ok:
            return Protection(published, AuditReport(checked), rounds)
        hidden |= model.repairs(snapshot, report.findings, _cost(truth))
        # Hiding more only widens intervals, and every count of 1-4 is hidden from the
        # first round on: what was protected stays so; only the findings need a look.
        only = {finding.quantity for finding in report.findings}
    raise AssertionError("unreachable")  # pragma: no cover


def _primary_facts(
    model: Model, rows: pd.DataFrame, specs: list[IndicatorSpec], truth: dict[Fact, float]
) -> set[Fact]:
    """Step 1: facts that are 1–4 and count people, and the numerators of the rows
    :func:`primary` flags (small shares' complements included)."""
    hidden = {
        fact
        for fact, value in truth.items()
        if fact.measure in model.sensitive
        and 0 < value < THRESHOLD * model.rows.scale[fact.measure]
    }
    for position in np.flatnonzero(primary(rows, specs)):
        fact = model.rows.numerator[position]
        if fact is not None:
            hidden.add(fact)
    return hidden


def _touching(model: Model, hidden: set[Fact]) -> np.ndarray:
    """Rows whose numerator or denominator is hidden."""
    numerator = np.array([f in hidden for f in model.rows.numerator], dtype=bool)
    return numerator | _denominator_hidden(model, hidden)


def _denominator_hidden(model: Model, hidden: set[Fact]) -> np.ndarray:
    return np.array([f in hidden for f in model.rows.denominator], dtype=bool)


def _close(
    model: Model, hidden: set[Fact], members: pd.DataFrame, size: np.ndarray
) -> set[Fact]:
    """Step 2 to a fixed point: hide the numerators of the rows :func:`secondary` adds."""
    hidden = set(hidden)
    while True:
        touching = _touching(model, hidden)
        added = secondary(touching, members, size) & ~touching
        new = {model.rows.numerator[i] for i in np.flatnonzero(added)} - {None} - hidden
        if not new:
            return hidden
        hidden |= {fact for fact in new if fact is not None}


def _cost(truth: dict[Fact, float]) -> Callable[[Fact], tuple[bool, float, Fact]]:
    """What hiding a fact costs: zeros last, then the smallest value; ties by its keys."""

    def cost(fact: Fact) -> tuple[bool, float, Fact]:
        value = truth.get(fact, 0.0)
        return value == 0, value, fact

    return cost


def primary(rows: pd.DataFrame, specs: list[IndicatorSpec]) -> np.ndarray:
    """Rows whose numerator (or, for shares, complement) is a small non-zero count."""
    counted = rows["indicator"].isin([s.id for s in specs if s.counts_people]).to_numpy()
    share = rows["indicator"].isin([s.id for s in specs if s.is_share]).to_numpy()
    n = rows["numerator"].fillna(0).to_numpy()
    rest = (rows["denominator"] - rows["numerator"]).fillna(0).to_numpy()
    small = (n > 0) & (n < THRESHOLD)
    small_rest = share & (rest > 0) & (rest < THRESHOLD)
    return counted & (small | small_rest)


def _size(rows: pd.DataFrame, shares: pd.Series) -> np.ndarray:
    """What "smallest non-zero" measures: the numerator, for shares the denominator."""
    return np.where(shares, rows["denominator"].fillna(0), rows["numerator"].fillna(0))


def relations(crude: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Every set of rows that add up to a published row: ``relation`` (an integer id)
    and ``row`` (the position in the table), one line per member."""
    frame = crude.assign(row=crude.index.to_numpy())
    parts = [
        _breakdown_sets(frame),
        _nested_age_sets(frame),
        *_pyramid_sets(frame),
        *_geography_sets(frame, mapping),
    ]
    members = pd.concat(parts, ignore_index=True)
    members["relation"] = pd.factorize(members["key"])[0]
    return members[["relation", "row"]].drop_duplicates()


def _sets(members: pd.DataFrame, columns: list[str], tag: str) -> pd.DataFrame:
    """``key`` (one string per set: tag and the columns that name it) and ``row``."""
    key = pd.Series(tag, index=members.index, dtype=object)
    for column in columns:
        key = key + "|" + members[column].astype(str)
    return pd.DataFrame({"key": key.to_numpy(), "row": members["row"].to_numpy()})


def _breakdown_sets(frame: pd.DataFrame) -> pd.DataFrame:
    place = ["indicator", "level", "code"]
    groups = frame[frame["group_by"] != "total"]
    totals = frame[frame["group_by"] == "total"][[*place, "row"]]
    kinds = groups[[*place, "group_by"]].drop_duplicates()
    with_total = kinds.merge(totals, on=place)
    members = pd.concat([groups[[*place, "group_by", "row"]], with_total], ignore_index=True)
    return _sets(members, [*place, "group_by"], "b")


def _nested_age_sets(frame: pd.DataFrame) -> pd.DataFrame:
    place = ["indicator", "level", "code"]
    inner = frame[(frame["group_by"] == "age5") & frame["group"].isin(list(NESTED_AGES))]
    inner = inner.assign(band=inner["group"].map(NESTED_AGES))
    outer = frame[frame["group_by"] == "age_band"].rename(columns={"group": "band"})
    outer = outer.merge(inner[[*place, "band"]].drop_duplicates(), on=[*place, "band"])
    members = pd.concat([inner[[*place, "band", "row"]], outer[[*place, "band", "row"]]])
    return _sets(members, [*place, "band"], "a")


def _pyramid_sets(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """An age5 row with its two ``age5_sex`` cells; a sex row with its 19 cells."""
    place = ["indicator", "level", "code"]
    cells = frame[frame["group_by"] == "age5_sex"]
    if cells.empty:
        return []
    parts = cells["group"].str.split("/", n=1)
    cells = cells.assign(age5=parts.str[0], sex=parts.str[1])
    found = []
    for dim in ("age5", "sex"):
        outer = frame[frame["group_by"] == dim].rename(columns={"group": dim})
        outer = outer.merge(cells[[*place, dim]].drop_duplicates(), on=[*place, dim])
        members = pd.concat([cells[[*place, dim, "row"]], outer[[*place, dim, "row"]]])
        found.append(_sets(members, [*place, dim], f"p{dim}"))
    return found


def _geography_sets(frame: pd.DataFrame, mapping: pd.DataFrame) -> list[pd.DataFrame]:
    cell = ["indicator", "group_by", "group"]
    municipal = frame[frame["level"] == "municipality"]
    links = mapping[["municipality_code", "collaboration_code"]].drop_duplicates()
    inside = municipal.merge(links, left_on="code", right_on="municipality_code")
    collaborations = frame[frame["level"] == "collaboration"]
    tops = collaborations.rename(columns={"code": "collaboration_code"})
    tops = tops.merge(
        inside[[*cell, "collaboration_code"]].drop_duplicates(), on=[*cell, "collaboration_code"]
    )
    by_collaboration = pd.concat(
        [inside[[*cell, "collaboration_code", "row"]], tops[[*cell, "collaboration_code", "row"]]]
    )
    countries = frame[frame["level"] == "country"]
    by_country = pd.concat([municipal[[*cell, "row"]], countries[[*cell, "row"]]])
    return [
        _sets(by_collaboration, [*cell, "collaboration_code"], "c"),
        _sets(by_country, cell, "n"),
    ]


def secondary(flagged: np.ndarray, members: pd.DataFrame, size: np.ndarray) -> np.ndarray:
    """Suppress more rows until no set has exactly one suppressed row (or no non-zero
    row is left to suppress in such a set)."""
    flagged = flagged.copy()
    rows = members["row"].to_numpy()
    while True:
        hidden = flagged[rows]
        count = pd.Series(hidden).groupby(members["relation"].to_numpy()).sum()
        lonely = count.index[count.to_numpy() == 1]
        candidates = members[members["relation"].isin(lonely) & ~hidden & (size[rows] > 0)]
        if candidates.empty:
            return flagged
        candidates = candidates.assign(size=size[candidates["row"].to_numpy()])
        chosen = candidates.sort_values(["relation", "size", "row"]).groupby("relation").head(1)
        flagged[chosen["row"].to_numpy()] = True


SMALL_BANDS = b"klynge.small_bands"
KEY_COLUMNS = ["indicator", "level", "code", "group_by", "group"]


def with_small_bands(table: pa.Table, rows: pd.DataFrame) -> pa.Table:
    """``table`` (the computed output) with the keys of the ``_std`` rows whose bands hold
    1–4 events (``rows``' ``small_band``) in its schema's metadata, for :func:`protect`."""
    keys = rows.loc[rows["small_band"], KEY_COLUMNS].values.tolist() if len(rows) else []
    metadata = dict(table.schema.metadata or {})
    metadata[SMALL_BANDS] = json.dumps(keys).encode()
    return table.replace_schema_metadata(metadata)


def small_bands(table: pa.Table, rows: pd.DataFrame) -> np.ndarray:
    """Per row: a ``_std`` row with a band of 1–4 events. Its value and variance are two
    equations in the band counts, whose populations the pyramid publishes: with few events
    the integer solution is unique, so such a row is hidden, whatever its crude row."""
    if "small_band" in rows:
        return rows["small_band"].fillna(False).to_numpy(dtype=bool)
    found = (table.schema.metadata or {}).get(SMALL_BANDS)
    keys = {tuple(key) for key in json.loads(found)} if found else set()
    if not keys:
        return np.zeros(len(rows), dtype=bool)
    return np.array([tuple(key) in keys for key in rows[KEY_COLUMNS].values.tolist()],
                    dtype=bool)


def derived(rows: pd.DataFrame, flagged: np.ndarray, specs: list[IndicatorSpec],
            small: np.ndarray | None = None, links: pd.DataFrame | None = None) -> np.ndarray:
    """``_std`` rows follow their crude row, and are hidden where a band holds 1–4 events
    (``small``), and then, as for counts, until no collaboration or country has exactly one
    hidden ``_std`` row among its own and its municipalities' (their bands add up, so the
    one could be worked out from the others: :func:`_std_sets`); ``_inequality`` rows follow
    their low/high ``_std`` rows.

    ``rows`` has a RangeIndex, so index labels are positions in ``flagged``."""
    flagged = flagged.copy()
    hidden = pd.Series(flagged, index=rows.index)
    small = np.zeros(len(rows), dtype=bool) if small is None else small
    standardised = [spec for spec in specs if spec.standardise]
    for spec in standardised:
        std = rows[rows["indicator"] == f"{spec.id}_std"]
        flagged[std.index] = (_follow(rows[rows["indicator"] == spec.id], std, hidden)
                              | small[std.index])
    if links is not None and small.any():
        size = rows["value"].fillna(0.0).abs().to_numpy()
        flagged = secondary(flagged, _std_sets(rows, links), size)
    hidden = pd.Series(flagged, index=rows.index)
    for spec in standardised:
        std = rows[rows["indicator"] == f"{spec.id}_std"]
        inequality = rows[rows["indicator"] == f"{spec.id}_inequality"]
        flagged[inequality.index] = _follow_low_high(std, inequality, hidden)
    return flagged


def _std_sets(rows: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """The ``_std`` rows of each collaboration with its municipalities', and of each country
    with all municipalities' (``relation``, ``row``)."""
    std = rows[rows["indicator"].str.endswith("_std")]
    members = pd.concat(_geography_sets(std.assign(row=std.index.to_numpy()), links),
                        ignore_index=True)
    members["relation"] = pd.factorize(members["key"])[0]
    return members[["relation", "row"]].drop_duplicates()


def _follow(crude: pd.DataFrame, std: pd.DataFrame, hidden: pd.Series) -> np.ndarray:
    keys = ["level", "code", "group_by", "group"]
    source = crude[keys].assign(hidden=hidden[crude.index].to_numpy())
    matched = std[keys].merge(source, on=keys, how="left")["hidden"]
    return matched.fillna(True).to_numpy(dtype=bool)


def _follow_low_high(std: pd.DataFrame, inequality: pd.DataFrame, hidden: pd.Series) -> np.ndarray:
    places = ["level", "code"]
    rates = std[(std["group_by"] == "education") & std["group"].isin(["low", "high"])]
    either = rates[places].assign(hidden=hidden[rates.index].to_numpy())
    either = either.groupby(places, as_index=False)["hidden"].any()
    matched = inequality[places].merge(either, on=places, how="left")["hidden"]
    return matched.fillna(True).to_numpy(dtype=bool)


def _apply(
    rows: pd.DataFrame, flagged: np.ndarray, shares: pd.Series, denominator_hidden: np.ndarray
) -> pa.Table:
    result = rows.copy()
    hidden = pd.Series(flagged, index=rows.index)
    result.loc[hidden, ["numerator", "value", "variance"]] = np.nan
    result.loc[hidden & (shares | denominator_hidden), "denominator"] = np.nan
    result["suppressed"] = hidden.to_numpy()
    return pa.Table.from_pandas(result, schema=OUTPUT_SCHEMA, preserve_index=False)
