"""Diagnosis-code normalisation: SKS prefix, dots, case and whitespace."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from klynge.population.normalise import is_icd10, normalise_code, normalise_codes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("DJ18.9", "J189"),
        ("J18.9", "J189"),
        ("j18.9 ", "J189"),
        (" dj189", "J189"),
        ("DD500", "D500"),  # SKS prefix on a chapter D code
        ("D500", "D500"),  # a chapter D code without prefix stays
        ("D50.0", "D500"),
        ("DI219A", "I219A"),
        ("DZ763", "Z763"),
        ("E86", "E86"),
    ],
)
def test_examples(raw: str, expected: str) -> None:
    assert normalise_code(raw) == expected
    assert normalise_codes(pa.array([raw])).to_pylist() == [expected]


def test_nulls_stay_null() -> None:
    assert normalise_codes(pa.array(["DJ189", None])).to_pylist() == ["J189", None]


def test_chunked_arrays() -> None:
    codes = pa.chunked_array([["DJ18.9"], ["d50.9"]])
    assert normalise_codes(codes).to_pylist() == ["J189", "D509"]


ICD10 = st.from_regex(r"[A-Z][0-9]{2}(\.?[0-9A-Z]{1,3})?", fullmatch=True)


@given(code=ICD10, sks=st.booleans(), lower=st.booleans(), pad=st.sampled_from(["", " ", "\t"]))
def test_any_spelling_gives_the_same_code(code: str, sks: bool, lower: bool, pad: str) -> None:
    expected = code.replace(".", "")
    spelled = ("D" + code) if sks else code
    spelled = pad + (spelled.lower() if lower else spelled) + pad
    assert normalise_code(spelled) == expected
    assert normalise_codes(pa.array([spelled])).to_pylist() == [expected]
    assert is_icd10(expected)


@given(st.text(alphabet="ABCDJZdj0123456789. ", max_size=12))
def test_scalar_and_vectorised_agree_and_are_idempotent(text: str) -> None:
    once = normalise_code(text)
    assert normalise_codes(pa.array([text])).to_pylist() == [once]
    # Normalising twice changes nothing except a second SKS-looking prefix ("DDJ..." is odd input).
    if not once.startswith("D") or not is_icd10(once[1:]):
        assert normalise_code(once) == once
