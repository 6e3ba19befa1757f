"""Reading and checking the geography files, before anything is written.

Every problem in every file is collected, with its file and line, and raised together as one
:class:`ReferenceDataError`; nothing is written unless all files are sound. The geography
files ship in ``klynge/reference/data/``: the regions and counties, Denmark's municipalities
with their regions before and after 2027, and the municipalities of the Bergen area. The
collaborations' files are read by ``klynge.collaborations.sources``, with :class:`Reader`.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from klynge.core.models import Confidence

PACKAGED_DIR = Path(__file__).resolve().parent / "data"
GEOGRAPHY_FILES = {
    "regions": "regions.csv",
    "dk_municipalities": "dk-municipalities.csv",
    "bergen": "no-bergen-helsefellesskap.csv",
}
DK_MUNICIPALITIES_FROM = dt.date(2007, 1, 1)
DK_REFORM_DAY = dt.date(2027, 1, 1)
# Vestland and its municipality codes date from the 2020 county and municipality
# reforms; they did not change in 2024, so the Bergen municipalities hold from 2020.
BERGEN_MUNICIPALITIES_FROM = dt.date(2020, 1, 1)
_CONFIDENCE_RANK: list[str] = [Confidence.CONFIRMED, Confidence.REPORTED, Confidence.UNCONFIRMED]


class ReferenceDataError(Exception):
    """Reference files that cannot be loaded; ``messages`` says why, one line each."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class RegionRow:
    code: str
    official_code: str
    name: str
    country: str
    kind: str
    valid_from: dt.date
    valid_to: dt.date | None
    organisation_name: str
    confidence: str
    source: str


@dataclass(frozen=True)
class MunicipalityRow:
    country: str
    code: str
    name: str
    valid_from: dt.date
    # (Klynge region code, valid_from, valid_to) for each stretch in one region.
    regions: tuple[tuple[str, dt.date, dt.date | None], ...]
    confidence: str
    source: str


@dataclass
class Geography:
    regions: list[RegionRow] = field(default_factory=list)
    dk_municipalities: list[MunicipalityRow] = field(default_factory=list)
    bergen_municipalities: list[MunicipalityRow] = field(default_factory=list)

    @property
    def municipalities(self) -> list[MunicipalityRow]:
        return self.dk_municipalities + self.bergen_municipalities


def weakest(confidences: list[str]) -> str:
    """The least sure of some confidences (``confirmed`` if there are none)."""
    known = [c for c in confidences if c in _CONFIDENCE_RANK]
    return max(known, key=_CONFIDENCE_RANK.index, default=Confidence.CONFIRMED)


def resolve_file(data_dir: Path | str | None, name: str, packaged_dir: Path) -> Path | None:
    """``name`` from ``data_dir`` where it holds it, else the packaged one, else None."""
    if data_dir is not None and not Path(data_dir).is_dir():
        raise ReferenceDataError([_("%(dir)s is not a directory.") % {"dir": data_dir}])
    candidates = [Path(data_dir) / name] if data_dir is not None else []
    candidates.append(packaged_dir / name)
    return next((path for path in candidates if path.is_file()), None)


def resolve_files(data_dir: Path | str | None, names: dict[str, str], packaged_dir: Path,
                  optional: frozenset[str] = frozenset()) -> dict[str, Path]:
    """Each of ``names`` (key: file name) resolved by :func:`resolve_file`; a missing
    required file is an error."""
    files: dict[str, Path] = {}
    for key, name in names.items():
        found = resolve_file(data_dir, name, packaged_dir)
        if found is not None:
            files[key] = found
        elif key not in optional:
            raise ReferenceDataError([_("The file %(name)s is missing.") % {"name": name}])
    return files


class Reader:
    """Reads CSV rows and collects every problem with its file and line."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: Path, line: int, problem: str) -> None:
        self.errors.append(
            _("%(file)s, line %(line)d: %(problem)s")
            % {"file": path.name, "line": line, "problem": problem}
        )

    def rows(self, path: Path, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in columns if c not in (reader.fieldnames or [])]
                if missing:
                    self.error(path, 1, _("missing columns: %(columns)s")
                               % {"columns": ", ".join(missing)})
                    return
                for row in reader:
                    yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            self.error(path, 0, _("cannot be read (%(error)s)") % {"error": exc})

    def date(self, path: Path, line: int, value: str, column: str,
             required: bool = True) -> dt.date | None:
        if not value:
            if required:
                self.error(path, line, _("%(column)s is empty") % {"column": column})
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(path, line, _("%(column)s is not a date (YYYY-MM-DD): %(value)s")
                       % {"column": column, "value": value})
            return None

    def period(self, path: Path, line: int, row: dict[str, str]
               ) -> tuple[dt.date | None, dt.date | None]:
        start = self.date(path, line, row["valid_from"], "valid_from")
        end = self.date(path, line, row["valid_to"], "valid_to", required=False)
        if start and end and end < start:
            self.error(path, line, _("the end date %(end)s is before the start date %(start)s")
                       % {"end": end, "start": start})
        return start, end

    def confidence(self, path: Path, line: int, value: str) -> str:
        if value not in Confidence.values:
            self.error(path, line, _("unknown confidence %(value)r (one of: %(choices)s)")
                       % {"value": value, "choices": ", ".join(Confidence.values)})
        return value

    def municipality_code(self, path: Path, line: int, value: str) -> str:
        if not (len(value) == 4 and value.isdigit()):
            self.error(path, line, _("the municipality code %(code)r is not four digits")
                       % {"code": value})
        return value


class SameSource:
    """A source column of ``same`` repeats the source of the nearest row above with the
    same confidence (a ``reported`` row below a ``confirmed`` one does not inherit the
    confirmed row's source), else of the row just above."""

    def __init__(self) -> None:
        self.last: dict[str, str] = {}
        self.previous = ""

    def resolve(self, source: str, confidence: str) -> str:
        if source.lower() == "same":
            source = self.last.get(confidence, self.previous)
        self.last[confidence] = self.previous = source
        return source


def read_geography(reader: Reader, files: dict[str, Path]) -> Geography:
    """The regions and municipalities of the geography files; problems go to ``reader``."""
    regions = _read_regions(reader, files["regions"])
    by_official = {r.official_code: r for r in regions if r.official_code}
    by_name = {r.name: r for r in regions}
    return Geography(
        regions=regions,
        dk_municipalities=_read_dk_municipalities(reader, files["dk_municipalities"],
                                                  by_official, by_name),
        bergen_municipalities=_read_bergen(reader, files["bergen"], by_name),
    )


def _read_regions(reader: Reader, path: Path) -> list[RegionRow]:
    columns = ["code", "official_code", "name", "country", "kind", "valid_from", "valid_to",
               "organisation_name", "confidence", "source"]
    rows = []
    for line, row in reader.rows(path, columns):
        start, end = reader.period(path, line, row)
        if row["kind"] not in ("region", "county"):
            reader.error(path, line, _("unknown kind %(kind)r (region or county)")
                         % {"kind": row["kind"]})
        if not row["code"] or not row["name"]:
            reader.error(path, line, _("the code and the name must not be empty"))
        confidence = reader.confidence(path, line, row["confidence"])
        if start is not None:
            rows.append(RegionRow(
                code=row["code"], official_code=row["official_code"], name=row["name"],
                country=row["country"], kind=row["kind"], valid_from=start, valid_to=end,
                organisation_name=row["organisation_name"] or row["name"],
                confidence=confidence, source=row["source"],
            ))
    return rows


def _read_dk_municipalities(reader: Reader, path: Path, by_official: dict[str, RegionRow],
                            by_name: dict[str, RegionRow]) -> list[MunicipalityRow]:
    columns = ["municipality_code", "name", "region_code", "region_2007_2026",
               "region_from_2027"]
    rows = []
    for line, row in reader.rows(path, columns):
        code = reader.municipality_code(path, line, row["municipality_code"])
        before = by_official.get(row["region_code"])
        after = by_name.get(row["region_from_2027"])
        if before is None:
            reader.error(path, line, _("unknown region code %(code)r")
                         % {"code": row["region_code"]})
        if after is None:
            reader.error(path, line, _("unknown region %(name)r")
                         % {"name": row["region_from_2027"]})
        if before is None or after is None:
            continue
        regions: tuple[tuple[str, dt.date, dt.date | None], ...]
        if before.code == after.code:
            regions = ((before.code, DK_MUNICIPALITIES_FROM, None),)
        else:
            last_day = DK_REFORM_DAY - dt.timedelta(days=1)
            regions = ((before.code, DK_MUNICIPALITIES_FROM, last_day),
                       (after.code, DK_REFORM_DAY, None))
        rows.append(MunicipalityRow(
            country="DK", code=code, name=row["name"], valid_from=DK_MUNICIPALITIES_FROM,
            regions=regions, confidence=Confidence.CONFIRMED, source=path.name,
        ))
    return rows


def _read_bergen(reader: Reader, path: Path,
                 by_name: dict[str, RegionRow]) -> list[MunicipalityRow]:
    columns = ["municipality_code", "name", "county", "area_committee", "confidence", "source"]
    rows: list[MunicipalityRow] = []
    sources = SameSource()
    for line, row in reader.rows(path, columns):
        code = reader.municipality_code(path, line, row["municipality_code"])
        county = by_name.get(row["county"])
        if county is None or county.country != "NO":
            reader.error(path, line, _("unknown county %(name)r") % {"name": row["county"]})
            continue
        confidence = reader.confidence(path, line, row["confidence"])
        rows.append(MunicipalityRow(
            country="NO", code=code, name=row["name"], valid_from=BERGEN_MUNICIPALITIES_FROM,
            regions=((county.code, BERGEN_MUNICIPALITIES_FROM, None),),
            confidence=confidence, source=sources.resolve(row["source"], confidence),
        ))
    return rows
