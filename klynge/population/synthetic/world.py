"""The fixed frame of a synthetic data set: its years, municipalities and GP practices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from klynge.population.geography import municipalities
from klynge.population.i18n import _

EPOCH = date(1970, 1, 1)
DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
# Generated persons per full-time GP (city municipalities), set so that the persons listed
# per full-time GP on 1 January (after deaths, births, the unlisted) come near Denmark's
# norm of 1,600 patients per GP capacity and Norway's fastlege lists of about 1,000 (see
# the "Calibration" table in docs/population.md).
PERSONS_PER_GP = {"dk": 1_650, "no": 1_160}
# GPs per resident in rural municipalities relative to cities: scarcer in rural Denmark
# (longer lists in Nordjylland), more plentiful in small Norwegian ones (shorter lists).
RURAL_GP_SUPPLY = {"dk": 0.9, "no": 1.15}
MIN_FIRST_YEAR = 1990


def day_number(day: date) -> int:
    return (day - EPOCH).days


@dataclass(frozen=True)
class World:
    """Years covered, municipalities (with city/rural kind and weight) and practices."""

    country: str
    first_year: int
    last_year: int
    codes: np.ndarray  # municipality codes (str)
    is_city: np.ndarray  # bool per municipality
    weights: np.ndarray  # share of the population per municipality
    practice_muni: np.ndarray  # municipality index per practice, sorted
    practice_fte: np.ndarray  # base full-time GPs per practice
    practice_kind: np.ndarray  # 0 practice, 1 regional_clinic, 2 municipal
    practice_keys: np.ndarray  # muni index + cumulative fte share, for sampling

    @property
    def first_day(self) -> int:
        return day_number(date(self.first_year, 1, 1))

    @property
    def end_day(self) -> int:
        """The extraction day: 1 January after the last year (exclusive end of the data)."""
        return day_number(date(self.last_year + 1, 1, 1))

    def pick_practice(self, rng: np.random.Generator, muni: np.ndarray) -> np.ndarray:
        """A practice in each person's municipality, chosen in proportion to its GPs."""
        query = muni + rng.random(len(muni))
        picked = np.searchsorted(self.practice_keys, query, side="right")
        return np.minimum(picked, len(self.practice_keys) - 1)


def build_world(country: str, persons: int, first_year: int, last_year: int, seed: int,
                municipalities_only: Sequence[str] | None = None) -> World:
    """The frame of a data set: the country's built-in municipalities (or only those of
    ``municipalities_only``, e.g. one collaboration's), weighted by their populations."""
    if not MIN_FIRST_YEAR <= first_year <= last_year:
        raise ValueError(
            _("the years must satisfy {minimum} ≤ first year ≤ last year").format(
                minimum=MIN_FIRST_YEAR
            )
        )
    table = municipalities(country)
    if municipalities_only is not None:
        table = table.filter(pc.is_in(table.column("municipality_code"),
                                      pa.array(list(municipalities_only), pa.string())))
        if table.num_rows == 0:
            raise ValueError(_("none of the municipalities {codes} is a built-in one of {country}")
                             .format(codes=", ".join(municipalities_only), country=country))
    codes = np.array(table.column("municipality_code").to_pylist())
    is_city = np.array(table.column("kind").to_pylist()) == "city"
    weights = np.array(table.column("approx_population").to_pylist(), dtype=float)
    weights /= weights.sum()
    rng = np.random.default_rng([seed, 7_919])
    muni, fte, kind = _practices(rng, country, persons, is_city, weights)
    keys = _practice_keys(muni, fte)
    return World(country, first_year, last_year, codes, is_city, weights, muni, fte, kind, keys)


def _practices(
    rng: np.random.Generator, country: str, persons: int, is_city: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Practices per municipality, their full-time GPs summing to the municipality's share."""
    scarcity = np.where(is_city, 1.0, RURAL_GP_SUPPLY.get(country, 1.0))
    gps = weights * persons / PERSONS_PER_GP.get(country, 1_650) * scarcity
    per_practice = 2.2
    counts = np.maximum(np.round(gps / per_practice), 1).astype(np.int64)
    muni = np.repeat(np.arange(len(weights)), counts)
    fte = rng.gamma(4.0, per_practice / 4.0, len(muni))
    # Scale each municipality's practices to its GPs (a small one gets a fraction of a GP).
    fte *= (gps / np.bincount(muni, weights=fte, minlength=len(weights)))[muni]
    fte = np.clip(np.round(fte, 1), 0.1, 8.0)
    kind = np.zeros(len(muni), dtype=np.int8)
    first_of_muni = np.r_[0, np.cumsum(counts)[:-1]]
    if country == "dk":
        # Regional clinics where GPs are scarce: some rural municipalities.
        scarce = ~is_city & (rng.random(len(weights)) < 0.3)
        kind[first_of_muni[scarce]] = 1
    else:
        kind[rng.random(len(muni)) < np.where(is_city[muni], 0.1, 0.4)] = 2
    return muni, fte, kind


def _practice_keys(muni: np.ndarray, fte: np.ndarray) -> np.ndarray:
    totals = np.bincount(muni, weights=fte)
    cumulative = np.cumsum(fte)
    before = np.r_[0.0, np.cumsum(totals)][muni]
    return muni + (cumulative - before) / totals[muni]
