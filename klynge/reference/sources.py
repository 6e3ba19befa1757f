"""Reading and checking the reference files, before anything is written.

Every problem in every file is collected, with its file and line, and raised together
as one :class:`ReferenceDataError`; nothing is written unless all files are sound.
The files ship in ``klynge/reference/data/``; a data directory given to the loader
replaces any of them it holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from klynge.governance.models import Organisation
from klynge.reference.codes import BERGEN_COMMUNITY_CODE, cluster_code, council_code
from klynge.reference.models import Confidence

PACKAGED_DIR = Path(__file__).resolve().parent / "data"
FILES = {
    "regions": "regions.csv",
    "dk_municipalities": "dk-municipalities.csv",
    "dk_collaborations": "dk-collaborations.csv",
    "bergen": "no-bergen-helsefellesskap.csv",
    "innovation": "innovation-clusters.csv",
}
OPTIONAL_FILES = {"innovation"}

DK_MUNICIPALITIES_FROM = dt.date(2007, 1, 1)
DK_REFORM_DAY = dt.date(2027, 1, 1)
# Vestland and its municipality codes date from the 2020 county and municipality
# reforms; they did not change in 2024, so the Bergen municipalities hold from 2020.
BERGEN_MUNICIPALITIES_FROM = dt.date(2020, 1, 1)
BERGEN_COMMUNITY_NAME = "Helsefellesskapet i Bergensområdet"
BERGEN_COMMUNITY_FROM = dt.date(2020, 1, 1)
BERGEN_HEALTH_TRUST = "Helse Bergen HF"
COLLABORATION_KINDS = {"sundhedsklynge": "health_cluster", "sundhedsråd": "health_council"}
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


@dataclass(frozen=True)
class PartnerRef:
    """An innovation-cluster partner: ``kind=name``, a municipality code or a region code."""

    kind: str
    name: str


@dataclass(frozen=True)
class CollaborationRow:
    code: str
    name: str
    kind: str
    country: str
    valid_from: dt.date
    valid_to: dt.date | None
    confidence: str
    source: str
    municipality_codes: tuple[str, ...] = ()
    anchor_hospital: str = ""
    health_trust: str = ""
    partners: tuple[PartnerRef, ...] = ()


@dataclass
class ReferenceData:
    files: dict[str, Path]
    regions: list[RegionRow] = field(default_factory=list)
    municipalities: list[MunicipalityRow] = field(default_factory=list)
    collaborations: list[CollaborationRow] = field(default_factory=list)


def weakest(confidences: list[str]) -> str:
    """The least sure of some confidences (``confirmed`` if there are none)."""
    known = [c for c in confidences if c in _CONFIDENCE_RANK]
    return max(known, key=_CONFIDENCE_RANK.index, default=Confidence.CONFIRMED)


def resolve_files(data_dir: Path | str | None) -> dict[str, Path]:
    """Each file from ``data_dir`` where it holds it, else the packaged one."""
    if data_dir is not None and not Path(data_dir).is_dir():
        raise ReferenceDataError([_("%(dir)s is not a directory.") % {"dir": data_dir}])
    files: dict[str, Path] = {}
    for key, name in FILES.items():
        candidates = [Path(data_dir) / name] if data_dir is not None else []
        candidates.append(PACKAGED_DIR / name)
        found = next((path for path in candidates if path.is_file()), None)
        if found is not None:
            files[key] = found
        elif key not in OPTIONAL_FILES:
            raise ReferenceDataError([_("The file %(name)s is missing.") % {"name": name}])
    return files


class _Reader:
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


class _SameSource:
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


def read_reference_data(data_dir: Path | str | None = None) -> ReferenceData:
    """Read and check every file; ReferenceDataError with all problems if any."""
    data = ReferenceData(files=resolve_files(data_dir))
    reader = _Reader()
    data.regions = _read_regions(reader, data.files["regions"])
    regions_by_official = {r.official_code: r for r in data.regions if r.official_code}
    regions_by_name = {r.name: r for r in data.regions}
    dk = _read_dk_municipalities(reader, data.files["dk_municipalities"],
                                 regions_by_official, regions_by_name)
    bergen = _read_bergen(reader, data.files["bergen"], regions_by_name)
    data.municipalities = dk + bergen
    data.collaborations = _read_dk_collaborations(reader, data.files["dk_collaborations"], dk)
    if bergen:
        data.collaborations.append(_bergen_community(bergen))
    if "innovation" in data.files:
        data.collaborations += _read_innovation(reader, data.files["innovation"], data)
    _check_unique_codes(reader, data)
    if reader.errors:
        raise ReferenceDataError(reader.errors)
    return data


def _read_regions(reader: _Reader, path: Path) -> list[RegionRow]:
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


def _read_dk_municipalities(reader: _Reader, path: Path, by_official: dict[str, RegionRow],
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


def _read_bergen(reader: _Reader, path: Path,
                 by_name: dict[str, RegionRow]) -> list[MunicipalityRow]:
    columns = ["municipality_code", "name", "county", "area_committee", "confidence", "source"]
    rows: list[MunicipalityRow] = []
    sources = _SameSource()
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


def _bergen_community(municipalities: list[MunicipalityRow]) -> CollaborationRow:
    return CollaborationRow(
        code=BERGEN_COMMUNITY_CODE, name=BERGEN_COMMUNITY_NAME, kind="health_community",
        country="NO", valid_from=BERGEN_COMMUNITY_FROM, valid_to=None,
        confidence=weakest([m.confidence for m in municipalities]),
        source=municipalities[0].source,
        municipality_codes=tuple(m.code for m in municipalities),
        health_trust=BERGEN_HEALTH_TRUST,
    )


def _read_dk_collaborations(reader: _Reader, path: Path,
                            municipalities: list[MunicipalityRow]) -> list[CollaborationRow]:
    columns = ["kind", "name", "valid_from", "valid_to", "anchor_hospital", "municipalities",
               "confidence", "source"]
    by_name = {m.name: m.code for m in municipalities}
    codes = set(by_name.values())
    rows: list[CollaborationRow] = []
    sources = _SameSource()
    for line, row in reader.rows(path, columns):
        start, end = reader.period(path, line, row)
        kind = COLLABORATION_KINDS.get(row["kind"])
        if kind is None:
            reader.error(path, line, _("unknown kind %(kind)r (sundhedsklynge or sundhedsråd)")
                         % {"kind": row["kind"]})
        members = _resolve_members(reader, path, line, row["municipalities"], by_name, codes)
        confidence = reader.confidence(path, line, row["confidence"])
        if start is None or kind is None:
            continue
        source = sources.resolve(row["source"], confidence)
        code = cluster_code(row["name"]) if kind == "health_cluster" else council_code(row["name"])
        rows.append(CollaborationRow(
            code=code, name=row["name"], kind=kind, country="DK", valid_from=start, valid_to=end,
            confidence=confidence, source=source, municipality_codes=members,
            anchor_hospital=row["anchor_hospital"],
        ))
    return rows


def _resolve_members(reader: _Reader, path: Path, line: int, value: str,
                     by_name: dict[str, str], codes: set[str]) -> tuple[str, ...]:
    """Municipality names (or four-digit codes), ``;``-separated, as codes."""
    members = []
    for item in (part.strip() for part in value.split(";")):
        if not item:
            continue
        if item.isdigit():
            if item not in codes:
                reader.error(path, line, _("unknown municipality code %(code)r") % {"code": item})
            members.append(item)
        elif item in by_name:
            members.append(by_name[item])
        else:
            reader.error(path, line, _("unknown municipality %(name)r") % {"name": item})
    if not members:
        reader.error(path, line, _("no municipalities"))
    return tuple(members)


def _read_innovation(reader: _Reader, path: Path, data: ReferenceData) -> list[CollaborationRow]:
    """Innovation clusters: ``partners`` is ``kind=value;...``; the value of a
    ``municipality`` partner is its code, that of a ``region`` or ``county`` partner a
    Klynge region code (``NO-46``) or a name, that of any other kind a name."""
    columns = ["code", "name", "country", "valid_from", "valid_to", "partners",
               "confidence", "source"]
    rows = []
    for line, row in reader.rows(path, columns):
        start, end = reader.period(path, line, row)
        if not re.fullmatch(r"[a-z0-9-]{1,64}", row["code"]):
            reader.error(path, line, _("the code %(code)r is not lower-case letters, digits "
                                       "and hyphens") % {"code": row["code"]})
        partners = tuple(_partner(reader, path, line, item, row["country"], data)
                         for item in row["partners"].split(";") if item.strip())
        confidence = reader.confidence(path, line, row["confidence"])
        if start is not None:
            rows.append(CollaborationRow(
                code=row["code"], name=row["name"], kind="innovation_cluster",
                country=row["country"], valid_from=start, valid_to=end, confidence=confidence,
                source=row["source"], partners=partners,
            ))
    return rows


def _partner(reader: _Reader, path: Path, line: int, item: str, country: str,
             data: ReferenceData) -> PartnerRef:
    kind, _sep, value = (part.strip() for part in item.partition("="))
    if kind not in Organisation.Kind.values or not value:
        reader.error(path, line, _("the partner %(partner)r is not kind=name with a known kind")
                     % {"partner": item.strip()})
    elif kind == "municipality" and not any(
        m.code == value and m.country == country for m in data.municipalities
    ):
        reader.error(path, line, _("unknown municipality code %(code)r") % {"code": value})
    return PartnerRef(kind=kind, name=value)


def _check_unique_codes(reader: _Reader, data: ReferenceData) -> None:
    checks = (
        (_("Duplicate region codes: %(codes)s"), [r.code for r in data.regions]),
        (_("Duplicate municipality codes: %(codes)s"),
         [f"{m.country} {m.code}" for m in data.municipalities]),
        (_("Duplicate collaboration codes: %(codes)s"), [c.code for c in data.collaborations]),
    )
    for message, codes in checks:
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            reader.errors.append(message % {"codes": ", ".join(duplicates)})
