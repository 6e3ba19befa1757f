"""Diagnosis-code normalisation: ``DJ18.9``, ``J18.9`` and ``j18.9 `` all become ``J189``.

The rule, applied in this order:

1. upper-case and drop every dot;
2. strip surrounding whitespace;
3. drop the Danish SKS prefix ``D``: SKS diagnosis codes are ``D`` followed by the
   ICD-10 code, so a code that starts with ``D`` followed by a *letter* and a digit
   loses its first character (``DJ189`` → ``J189``, ``DD500`` → ``D500``). A plain
   ICD-10 chapter D code (``D500``: ``D`` followed by digits) is left alone.

A normalised code is well formed when it is a letter, two digits and up to five more
letters or digits (``J189``, ``I219A``); :data:`ICD10_PATTERN` says so.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

ICD10_PATTERN = r"^[A-Z][0-9]{2}[0-9A-Z]{0,5}$"
_SKS_PREFIX = r"^D([A-Z][0-9])"
_SKS_PREFIX_RE = re.compile(_SKS_PREFIX)


def normalise_code(code: str) -> str:
    """Normalise one diagnosis code (the scalar twin of :func:`normalise_codes`)."""
    cleaned = code.upper().replace(".", "").strip()
    return _SKS_PREFIX_RE.sub(r"\1", cleaned, count=1)


def normalise_codes(codes: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Normalise a column of diagnosis codes, vectorised; nulls stay null."""
    cleaned = pc.replace_substring(pc.utf8_upper(codes), pattern=".", replacement="")
    cleaned = pc.utf8_trim_whitespace(cleaned)
    return pc.replace_substring_regex(
        cleaned, pattern=_SKS_PREFIX, replacement=r"\1", max_replacements=1
    )


def is_icd10(code: str) -> bool:
    """Whether a normalised code is shaped like an ICD-10 code."""
    return re.match(ICD10_PATTERN, code) is not None
