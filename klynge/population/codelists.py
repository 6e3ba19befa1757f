"""ICD-10 code lists: preventable admissions, chronic conditions, cancer.

A code list is a CSV file with the columns ``group,code`` (``description`` and any
other column are ignored). ``group`` names the list's group (a preventable-admission
group, a chronic condition); ``code`` is a prefix of normalised ICD-10 codes (upper
case, no dot, no Danish ``D`` prefix) or a range of three-character prefixes written
``J12-J18``, which stands for J12, J13, …, J18. A prefix matches every code that
starts with it: ``J18`` matches ``J180``–``J189``; ``N390`` matches ``N390`` and longer.

The defaults in ``data/codelists/`` are those of the indicator specification; see
docs/indicators.md for where each comes from and how to pass a file of one's own.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import ibis
import ibis.expr.types as ir

from klynge.population.i18n import _

_GROUP = re.compile(r"^[a-z][a-z0-9_]*$")
_PREFIX = re.compile(r"^[A-Z][0-9A-Z]{1,6}$")
_RANGE = re.compile(r"^([A-Z])([0-9]{2})-([A-Z])([0-9]{2})$")


class CodeListError(ValueError):
    """A code-list file that cannot be used."""


@dataclass(frozen=True)
class CodeList:
    """Groups of code prefixes: group name → prefixes (sorted, without duplicates)."""

    groups: Mapping[str, tuple[str, ...]]

    @property
    def prefixes(self) -> tuple[str, ...]:
        """Every prefix of every group."""
        return tuple(sorted({p for prefixes in self.groups.values() for p in prefixes}))

    def matches(self, code: ir.StringValue, group: str | None = None) -> ir.BooleanValue:
        """Whether ``code`` starts with a prefix of ``group`` (of any group if None)."""
        prefixes = self.groups[group] if group is not None else self.prefixes
        return prefix_match(code, prefixes)


def prefix_match(code: ir.StringValue, prefixes: Iterable[str]) -> ir.BooleanValue:
    """``code`` starts with one of ``prefixes``, as equality of fixed-length substrings
    (one ``IN`` list per prefix length), which every engine evaluates alike and fast."""
    by_length: dict[int, list[str]] = {}
    for prefix in prefixes:
        by_length.setdefault(len(prefix), []).append(prefix)
    condition: ir.BooleanValue = ibis.literal(False)
    for length, group in sorted(by_length.items()):
        condition = condition | code.substr(0, length).isin(sorted(group))
    return condition.fill_null(False)


def expand(code: str) -> list[str]:
    """A prefix, or a range ``J12-J18`` of three-character prefixes, as a list of prefixes."""
    text = code.strip().upper().replace(".", "").replace("–", "-")
    match = _RANGE.match(text)
    if match:
        letter, low, end_letter, high = match.groups()
        if letter != end_letter or int(low) > int(high):
            raise CodeListError(
                _("range {code} must stay within one letter and go upwards").format(code=repr(code))
            )
        return [f"{letter}{number:02d}" for number in range(int(low), int(high) + 1)]
    if not _PREFIX.match(text):
        raise CodeListError(
            _("{code} is neither an ICD-10 prefix nor a range like J12-J18").format(code=repr(code))
        )
    return [text]


def read_codelist(path: Path | str) -> CodeList:
    """Read a code-list CSV (``group,code``); CodeListError naming the row if unusable."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return _parse(csv.DictReader(handle), str(path))
    except OSError as exc:
        raise CodeListError(
            _("{file}: cannot be read: {error}").format(file=path, error=exc)
        ) from None


def _parse(rows: csv.DictReader[str], source: str) -> CodeList:
    if not rows.fieldnames or not {"group", "code"} <= set(rows.fieldnames):
        raise CodeListError(_("{file}: needs the columns group,code").format(file=source))
    groups: dict[str, set[str]] = {}
    for number, row in enumerate(rows, start=2):
        group, code = (row["group"] or "").strip(), (row["code"] or "").strip()
        if not group or not code:
            raise CodeListError(
                _("{file}, line {line}: group and code must not be empty").format(
                    file=source, line=number
                )
            )
        if not _GROUP.match(group):
            raise CodeListError(
                _(
                    "{file}, line {line}: group {group} must be lower-case letters, digits "
                    "and underscores (it becomes part of an indicator id)"
                ).format(file=source, line=number, group=repr(group))
            )
        try:
            groups.setdefault(group, set()).update(expand(code))
        except CodeListError as exc:
            raise CodeListError(
                _("{file}, line {line}: {error}").format(file=source, line=number, error=exc)
            ) from None
    if not groups:
        raise CodeListError(_("{file}: has no codes").format(file=source))
    return CodeList({name: tuple(sorted(codes)) for name, codes in sorted(groups.items())})


def default_codelist(name: str) -> CodeList:
    """A packaged default: ``preventable``, ``chronic`` or ``cancer``."""
    source = resources.files("klynge.population").joinpath("data", "codelists", f"{name}.csv")
    with resources.as_file(source) as path:
        return read_codelist(path)


@dataclass(frozen=True)
class CodeLists:
    """The three lists the indicators use."""

    preventable: CodeList
    chronic: CodeList
    cancer: CodeList

    @classmethod
    def defaults(cls) -> CodeLists:
        return cls(
            preventable=default_codelist("preventable"),
            chronic=default_codelist("chronic"),
            cancer=default_codelist("cancer"),
        )
