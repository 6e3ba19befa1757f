"""ICD-10 codes (normalised) the generator draws diagnoses from."""

from __future__ import annotations

import numpy as np

PREVENTABLE = (
    "J189",
    "J181",
    "J159",
    "J129",
    "J209",
    "J22",
    "N390",
    "N300",
    "E86",
    "K590",
    "A099",
    "A090",
    "S720",
    "S721",
    "S422",
    "S525",
    "S324",
    "D509",
    "D519",
    "Z740",
    "Z599",
    "L899",
)
CHRONIC = {
    "diabetes": ("E119", "E109", "E149"),
    "copd": ("J449", "J441"),
    "heart_failure": ("I500", "I509", "I110", "I130"),
    "dementia": ("F009", "F019", "F03", "G309"),
    "asthma": ("J459", "J46"),
    "osteoporosis": ("M819", "M800"),
    "rheumatoid_arthritis": ("M059", "M069"),
}
CHRONIC_WEIGHTS = np.array([0.3, 0.15, 0.12, 0.1, 0.15, 0.1, 0.08])
CANCER = ("C189", "C349", "C509", "C61", "C439", "C259", "C679", "C900")
GENERAL = (
    "I219",
    "I639",
    "I480",
    "K358",
    "R074",
    "R104",
    "Z039",
    "S060",
    "M545",
    "K802",
    "N183",
    "H269",
    "I10",
    "Z515",
    "R539",
    "K297",
    "T814",
    "E785",
    "G473",
    "H251",
)
PSYCHIATRIC = ("F329", "F200", "F102", "F431", "F412", "F609", "F319", "F840")

CODES: tuple[str, ...] = PREVENTABLE + sum(CHRONIC.values(), ()) + CANCER + GENERAL + PSYCHIATRIC


def _range(pool: tuple[str, ...]) -> np.ndarray:
    start = CODES.index(pool[0])
    return np.arange(start, start + len(pool))


PREVENTABLE_IDX = _range(PREVENTABLE)
CANCER_IDX = _range(CANCER)
GENERAL_IDX = _range(GENERAL)
PSYCHIATRIC_IDX = _range(PSYCHIATRIC)
CHRONIC_IDX = [_range(pool) for pool in CHRONIC.values()]
ALL_CHRONIC_IDX = np.concatenate(CHRONIC_IDX)


def pick(rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
    return pool[rng.integers(0, len(pool), n)]


def chronic_code(rng: np.random.Generator, condition: np.ndarray) -> np.ndarray:
    """A code of each given chronic condition (index into CHRONIC)."""
    out = np.empty(len(condition), dtype=np.int64)
    for number, pool in enumerate(CHRONIC_IDX):
        chosen = condition == number
        out[chosen] = pick(rng, pool, int(chosen.sum()))
    return out
