"""From executed cubes to the output's long-form rows, at every geography.

Engines only count (integers); everything else happens here on exact integers, with
one float division per value, so every engine yields the same values. Steps:

1. roll the municipality cube up to collaborations (through the mapping; a
   municipality may be in several) and to the country (every municipality);
2. per indicator and breakdown, sum numerator and denominator per geography and group,
   on a complete grid (every geography × every group of the breakdown, zeros kept): the
   cube is encoded once as integers (:class:`Encoded`), and each sum is one ``bincount``;
3. age-standardised ``<id>_std`` rows and the ``<id>_inequality`` ratio;
4. with each value its ``variance`` (for confidence intervals): Poisson for a rate per
   1,000, ``1000² × n / d²``; binomial for a share, ``100² × p(1 − p) / d`` with
   ``p = n / d``; for ``_std`` the direct method's ``Σ_b w_b² × 1000² × n_b / d_b²``;
   null where the value is null and for indicators without a variance model
   (:attr:`IndicatorSpec.variance_model`) and ``_inequality`` rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from klynge.population.marts.spec import MULTIPLIER, IndicatorSpec, Measure

LEVELS = ("country", "collaboration", "municipality")
SEXES = ("F", "M")
EDUCATIONS = ("low", "medium", "high", "unknown")
AGE_BANDS = ((0, 17, "0-17"), (18, 64, "18-64"), (65, 79, "65-79"), (80, None, "80+"))
AGE5 = tuple(f"{low}-{low + 4}" for low in range(0, 90, 5)) + ("90+",)
AGE5_SEX = tuple(f"{age}/{sex}" for age in AGE5 for sex in SEXES)  # "65-69/F": a pyramid cell
GROUPS: dict[str, tuple[str, ...]] = {
    "total": ("",),
    "sex": SEXES,
    "age_band": tuple(label for _, _, label in AGE_BANDS),
    "age5": AGE5,
    "age5_sex": AGE5_SEX,
    "education": EDUCATIONS,
}
INEQUALITY_GROUP = "low/high"
KEYS = ["level", "code", "group"]
OUTPUT_COLUMNS = [
    "indicator",
    "year",
    "level",
    "code",
    "group_by",
    "group",
    "numerator",
    "denominator",
    "value",
    "variance",
]


# A ``_std`` row is a weighted sum of band rates whose band populations are published (the
# pyramid), so its value pins the band counts: disclosure control hides it when a band holds
# 1–4 events (``small_band``, not an output column; ``disclosure.small_bands``).
SMALL_MAX = 4
SMALL_BAND = "small_band"


def age5_label(age: pd.Series) -> pd.Series:
    low = (age.clip(lower=0, upper=90) // 5) * 5
    labels = low.astype(str) + "-" + (low + 4).astype(str)
    return labels.where(age < 90, "90+").where(age >= 0, "")


def age_band_label(age: pd.Series) -> pd.Series:
    result = pd.Series("", index=age.index, dtype=object)
    for low, high, label in AGE_BANDS:
        inside = (age >= low) if high is None else (age >= low) & (age <= high)
        result = result.mask(inside, label)
    return result


def geography_cube(cube: pd.DataFrame, mapping: pd.DataFrame, country_code: str) -> pd.DataFrame:
    """The municipality cube with ``level`` and ``code``, plus its collaboration and
    country roll-ups, and the ``age5``/``age_band`` labels of each age."""
    dims = ["measure", "sex", "age", "education"]
    municipal = cube.assign(level="municipality", code=cube["municipality_code"])
    links = mapping[["municipality_code", "collaboration_code"]].drop_duplicates()
    joined = cube.merge(links, on="municipality_code")
    collaborations = (
        joined.groupby(["collaboration_code", *dims], as_index=False)["amount"]
        .sum()
        .rename(columns={"collaboration_code": "code"})
        .assign(level="collaboration")
    )
    country = (
        cube.groupby(dims, as_index=False)["amount"]
        .sum()
        .assign(level="country", code=country_code)
    )
    columns = ["level", "code", *dims, "amount"]
    geo = pd.concat(
        [frame[columns] for frame in (municipal, collaborations, country)], ignore_index=True
    )
    geo["amount"] = geo["amount"].astype("int64")
    geo["age"] = geo["age"].astype("int64")
    age5 = age5_label(geo["age"])
    pyramid = (age5 + "/" + geo["sex"].astype(str)).where((age5 != "") & (geo["sex"] != ""), "")
    return geo.assign(age5=age5, age_band=age_band_label(geo["age"]), age5_sex=pyramid, total="")


def geographies(geo: pd.DataFrame) -> pd.DataFrame:
    """Every (level, code) in the rolled-up cube, in output order."""
    frame = geo[["level", "code"]].drop_duplicates()
    frame = frame.assign(rank=frame["level"].map(LEVELS.index))
    return frame.sort_values(["rank", "code"])[["level", "code"]].reset_index(drop=True)


class Encoded:
    """The rolled-up cube as integers: each row's place (its position in output order),
    its group in each breakdown (-1: in none of the breakdown's groups), and its band
    (sex and age5, as ``_std`` rows weigh them), so that a measure's sums over every
    place and group are one ``bincount``."""

    def __init__(self, geo: pd.DataFrame, places: pd.DataFrame) -> None:
        self.levels = places["level"].to_numpy(dtype=object)
        self.codes = places["code"].to_numpy(dtype=object)
        numbered = places[["level", "code"]].assign(_place=np.arange(len(places)))
        self.place = (
            geo[["level", "code"]]
            .merge(numbered, on=["level", "code"], how="left")["_place"]
            .to_numpy(dtype=np.int64)
        )
        self.amount = geo["amount"].to_numpy(dtype=np.int64)
        self.age = geo["age"].to_numpy(dtype=np.int64)
        self.group = {
            breakdown: pd.Index(list(labels)).get_indexer(geo[breakdown].astype(object))
            for breakdown, labels in GROUPS.items()
        }
        self.by_measure = {
            str(name): np.sort(rows) for name, rows in geo.groupby("measure").indices.items()
        }
        bands = geo["sex"].astype(object) + "|" + geo["age5"].astype(object)
        self.bands = sorted(set(bands))  # "sex|age5", in the order the terms are summed
        self.band = pd.Index(self.bands).get_indexer(bands)

    def rows(self, measure: Measure) -> np.ndarray:
        """The positions of the rows of ``measure`` within its ages (and its sex)."""
        rows = self.by_measure.get(measure.name, np.zeros(0, dtype=np.int64))
        keep = np.ones(len(rows), dtype=bool)
        if measure.min_age is not None:
            keep &= self.age[rows] >= measure.min_age
        if measure.max_age is not None:
            keep &= self.age[rows] <= measure.max_age
        if measure.sex is not None:
            keep &= self.group["sex"][rows] == SEXES.index(measure.sex)
        return rows[keep]

    def sums(self, rows: np.ndarray, breakdown: str, banded: bool = False) -> np.ndarray:
        """The rows' amounts summed per place and group (and band): an integer array of
        places × groups (× bands), zeros kept."""
        width = len(GROUPS[breakdown])
        group = self.group[breakdown][rows]
        inside = group >= 0
        rows, group = rows[inside], group[inside]
        key = self.place[rows] * width + group
        shape: tuple[int, ...] = (len(self.levels), width)
        if banded:
            key = key * len(self.bands) + self.band[rows]
            shape = (*shape, len(self.bands))
        size = int(np.prod(shape))
        found = np.bincount(key, weights=self.amount[rows], minlength=size)
        return np.rint(found).astype(np.int64).reshape(shape)

    def measure_sums(self, measure: Measure, breakdown: str) -> np.ndarray:
        """``measure`` summed per place and group of ``breakdown``, flat in grid order. A
        measure of one sex is not split by sex: each sex group gets the whole of it."""
        if measure.sex is None or breakdown not in ("sex", "age5_sex", "education"):
            return self.sums(self.rows(measure), breakdown).ravel()
        if breakdown != "sex":
            raise ValueError(f"{measure.name} of sex {measure.sex} cannot be split by {breakdown}")
        whole = self.sums(self.rows(measure), "total").ravel()
        return np.repeat(whole, len(SEXES))

    def grid(self, breakdown: str) -> pd.DataFrame:
        """Every place × every group of ``breakdown``, places first (the output order)."""
        groups = np.array(GROUPS[breakdown], dtype=object)
        return pd.DataFrame(
            {
                "level": np.repeat(self.levels, len(groups)),
                "code": np.repeat(self.codes, len(groups)),
                "group": np.tile(groups, len(self.levels)),
            }
        )

    def standard(self, min_age: int | None) -> np.ndarray:
        """The country's residents aged ``min_age``+ per band (the ``_std`` weights)."""
        rows = self.rows(Measure("residents", min_age=min_age))
        rows = rows[self.levels[self.place[rows]] == "country"]
        found = np.bincount(self.band[rows], weights=self.amount[rows], minlength=len(self.bands))
        return np.rint(found)


def variance(spec: IndicatorSpec, n: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The variance of ``MULTIPLIER × n / d`` (published units) under the indicator's
    model; NaN where there is none or ``d`` is 0."""
    model, factor = spec.variance_model, MULTIPLIER[spec.kind]
    result = np.full(len(n), np.nan)
    if model is None:
        return result
    with np.errstate(divide="ignore", invalid="ignore"):
        if model == "poisson":
            found = factor**2 * n / d**2
        else:
            p = n / d
            found = factor**2 * p * (1 - p) / d
    return np.where(d > 0, found, result)


def crude_rows(cube: Encoded, spec: IndicatorSpec, breakdown: str) -> pd.DataFrame:
    """One breakdown of one indicator: integer numerator and denominator per geography
    and group (zeros where nothing was counted), then the published values."""
    frame = cube.grid(breakdown)
    n = cube.measure_sums(spec.numerator, breakdown)
    d = (
        cube.measure_sums(spec.denominator, breakdown)
        if spec.denominator is not None
        else np.zeros(len(n), dtype=np.int64)
    )
    numerator = n / spec.numerator.scale
    if spec.denominator is None:
        denominator = np.full(len(n), np.nan)
        value = numerator
        spread = np.full(len(n), np.nan)
    else:
        denominator = d / spec.denominator.scale
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(d > 0, MULTIPLIER[spec.kind] * numerator / denominator, np.nan)
        spread = variance(spec, numerator, denominator)
    return frame[KEYS].assign(
        indicator=spec.id,
        group_by=breakdown,
        numerator=numerator,
        denominator=denominator,
        value=value,
        variance=spread,
    )


def standardised_rows(cube: Encoded, spec: IndicatorSpec, breakdown: str) -> pd.DataFrame:
    """``<id>_std`` for one breakdown: Σ_b w_b × rate_b over age5 × sex bands b, w_b the
    band's share of the country's residents on Y-01-01 aged ``std_min_age``+, rate_b the
    band's rate (0 where its denominator is 0). Numerator and denominator are null; the
    variance is Σ_b w_b² × MULTIPLIER² × n_b / d_b² (Poisson in each band)."""
    assert spec.denominator is not None
    frame = cube.grid(breakdown)
    weights = cube.standard(spec.std_min_age)
    if weights.sum() > 0:
        share = weights / weights.sum()
        width = len(cube.bands)
        n_b = cube.sums(cube.rows(spec.numerator), breakdown, banded=True).reshape(-1, width)
        d_b = cube.sums(cube.rows(spec.denominator), breakdown, banded=True).reshape(-1, width)
        factor = MULTIPLIER[spec.kind]
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(d_b > 0, factor * n_b / d_b, 0.0)
            spread = np.where(d_b > 0, factor**2 * n_b / d_b.astype(float) ** 2, 0.0)
        # no one in the denominator at all: no rate, as for the crude value
        some = d_b.sum(axis=1) > 0
        value = np.where(some, (rate * share).sum(axis=1), np.nan)
        spread_sum = np.where(some, (spread * share**2).sum(axis=1), np.nan)
        small = ((n_b >= 1) & (n_b <= SMALL_MAX)).any(axis=1)
    else:
        value = spread_sum = np.full(len(frame), np.nan)
        small = np.zeros(len(frame), dtype=bool)
    return frame.assign(
        indicator=f"{spec.id}_std",
        group_by=breakdown,
        numerator=np.nan,
        denominator=np.nan,
        value=value,
        variance=spread_sum,
        small_band=small,
    )


def inequality_rows(std_education: pd.DataFrame, spec: IndicatorSpec) -> pd.DataFrame:
    """``<id>_inequality``: the standardised rate of ``low`` over that of ``high``."""
    places = ["level", "code"]
    frame = std_education[places].drop_duplicates()
    for group in ("low", "high"):
        rates = std_education[std_education["group"] == group][[*places, "value"]]
        frame = frame.merge(rates.rename(columns={"value": group}), on=places, how="left")
    low, high = frame["low"].to_numpy(dtype=float), frame["high"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(high > 0, low / high, np.nan)
    frame = frame[places]
    return frame.assign(
        indicator=f"{spec.id}_inequality",
        group_by="education",
        group=INEQUALITY_GROUP,
        numerator=np.nan,
        denominator=np.nan,
        value=value,
        variance=np.nan,
    )


def indicator_rows(cube: Encoded, spec: IndicatorSpec) -> list[pd.DataFrame]:
    """Every row of one indicator: crude breakdowns, then ``_std`` and ``_inequality``."""
    frames = [crude_rows(cube, spec, breakdown) for breakdown in spec.breakdowns]
    if spec.standardise:
        frames.append(standardised_rows(cube, spec, "total"))
        if "education" in spec.breakdowns:
            education = standardised_rows(cube, spec, "education")
            frames += [education, inequality_rows(education, spec)]
    return frames


def long_form(
    cube: pd.DataFrame,
    mapping: pd.DataFrame,
    specs: list[IndicatorSpec],
    year: int,
    country_code: str,
) -> pd.DataFrame:
    """Every indicator's rows, in a deterministic order (indicator as listed, then
    country, collaborations, municipalities by code, then breakdown and group)."""
    geo = geography_cube(cube, mapping, country_code)
    encoded = Encoded(geo, geographies(geo))
    frames = [frame for spec in specs for frame in indicator_rows(encoded, spec)]
    rows = pd.concat(frames, ignore_index=True).assign(year=year)
    small = rows[SMALL_BAND] if SMALL_BAND in rows else pd.Series(False, index=rows.index)
    rows[SMALL_BAND] = small.astype("boolean").fillna(False).astype(bool)
    return _ordered(rows)[[*OUTPUT_COLUMNS, SMALL_BAND]].reset_index(drop=True)


def _ordered(rows: pd.DataFrame) -> pd.DataFrame:
    indicator_rank = {name: rank for rank, name in enumerate(dict.fromkeys(rows["indicator"]))}
    breakdowns = list(GROUPS)
    group_rank = {(b, g): rank for b in GROUPS for rank, g in enumerate(GROUPS[b])}
    ranks = rows.assign(
        _i=rows["indicator"].map(indicator_rank),
        _l=rows["level"].map(LEVELS.index),
        _b=rows["group_by"].map(breakdowns.index),
        _g=[
            group_rank.get((b, g), 0) for b, g in zip(rows["group_by"], rows["group"], strict=True)
        ],
    )
    return ranks.sort_values(["_i", "_l", "code", "_b", "_g"], kind="stable")
