"""Disclosure control, applied last, to the computed long-form table.

1. Primary: a row is suppressed if its numerator is 1–4 (more exactly: above 0 and
   below 5, which for bed days also covers fractions of a day), or, for a share, if
   ``denominator − numerator`` is. Indicators whose numerator is capacity, not people
   or events (``gp_fte_per_1000``), have no primary suppression.
2. Secondary: within every set of rows that add up to a published row — the groups
   of one breakdown and the ``total`` row of one indicator and geography; the age5
   groups inside an age band (65–69, 70–74, 75–79 = 65–79; 80–84, 85–89, 90+ = 80+);
   the municipalities of one collaboration and that collaboration's row; all
   municipalities and the country's row — a lone suppressed row could be recovered by
   subtraction, so the smallest other non-zero row of the set (ties: the first in
   output order) is suppressed too. Repeated until no set has exactly one suppressed
   row. "Non-zero" is the numerator, or for a share the denominator (whose complement
   ``denominator − numerator`` is then protected as well).
3. Derived rows: ``<id>_std`` is suppressed when the crude row with the same keys is;
   ``<id>_inequality`` when the ``low`` or the ``high`` ``_std`` row is.
4. A suppressed row keeps its keys; numerator and value (for shares also the
   denominator) become null and ``suppressed`` true.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from klynge.population.marts.spec import IndicatorSpec
from klynge.population.output import OUTPUT_SCHEMA

THRESHOLD = 5  # counts above 0 and below this are never published
NESTED_AGES = {
    "65-69": "65-79",
    "70-74": "65-79",
    "75-79": "65-79",
    "80-84": "80+",
    "85-89": "80+",
    "90+": "80+",
}


def suppress(table: pa.Table, mapping: pa.Table, specs: list[IndicatorSpec]) -> pa.Table:
    """``table`` (the output contract, unsuppressed) with disclosure control applied."""
    rows = table.to_pandas()
    crude = rows["indicator"].isin([spec.id for spec in specs])
    shares = rows["indicator"].isin([spec.id for spec in specs if spec.is_share])
    flagged = primary(rows, specs)
    members = relations(rows[crude], mapping.to_pandas())
    flagged = secondary(flagged, members, _size(rows, shares))
    flagged = derived(rows, flagged, specs)
    return _apply(rows, flagged, shares)


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
    parts = [_breakdown_sets(frame), _nested_age_sets(frame), *_geography_sets(frame, mapping)]
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


def derived(rows: pd.DataFrame, flagged: np.ndarray, specs: list[IndicatorSpec]) -> np.ndarray:
    """``_std`` rows follow their crude row; ``_inequality`` rows their low/high ``_std`` rows.

    ``rows`` has a RangeIndex, so index labels are positions in ``flagged``."""
    flagged = flagged.copy()
    hidden = pd.Series(flagged, index=rows.index)
    for spec in (s for s in specs if s.standardise):
        std = rows[rows["indicator"] == f"{spec.id}_std"]
        flagged[std.index] = _follow(rows[rows["indicator"] == spec.id], std, hidden)
        hidden = pd.Series(flagged, index=rows.index)
        inequality = rows[rows["indicator"] == f"{spec.id}_inequality"]
        flagged[inequality.index] = _follow_low_high(std, inequality, hidden)
    return flagged


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


def _apply(rows: pd.DataFrame, flagged: np.ndarray, shares: pd.Series) -> pa.Table:
    result = rows.copy()
    hidden = pd.Series(flagged, index=rows.index)
    result.loc[hidden, ["numerator", "value"]] = np.nan
    result.loc[hidden & shares, "denominator"] = np.nan
    result["suppressed"] = hidden.to_numpy()
    return pa.Table.from_pandas(result, schema=OUTPUT_SCHEMA, preserve_index=False)
