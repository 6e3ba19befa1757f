"""Reading and checking the collaborations' reference files, before anything is written.

The files ship in ``klynge/collaborations/data/`` (the geography files in
``klynge/reference/data/``); a data directory given to the loader replaces any of them it
holds. Every problem in every file is collected with its file and line and raised together as
one :class:`~klynge.reference.sources.ReferenceDataError`; nothing is written unless all
files are sound.

- ``dk-collaborations.csv``: the Danish health clusters and health councils, with their
  member municipalities. A council's preparatory phase under the transition act (2026) is
  the same collaboration with the same code: it starts on ``PREPARATORY_FROM`` and its
  preparatory phase ends the day before the council proper.
- ``dk-membership-notes.csv``: how sure we are of one municipality's membership of one
  collaboration, where it differs from the row's (Middelfart and Billund).
- ``no-bergen-helsefellesskap.csv`` (a geography file): the Bergen area health community is
  built from its municipalities, with the health trust and Haraldsplass Diakonale Sykehus.
- ``no-alrek-helseklynge.csv``: Alrek helseklynge, an innovation cluster: the collaboration,
  its partners and its bodies (the bodies are written by the governance app).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from klynge.collaborations.codes import BERGEN_COMMUNITY_CODE, cluster_code, council_code, slugify
from klynge.reference.sources import (
    GEOGRAPHY_FILES,
    Geography,
    MunicipalityRow,
    Reader,
    ReferenceDataError,
    SameSource,
    read_geography,
    resolve_files,
    weakest,
)
from klynge.reference.sources import PACKAGED_DIR as GEOGRAPHY_DIR

PACKAGED_DIR = Path(__file__).resolve().parent / "data"
FILES = {
    "dk_collaborations": "dk-collaborations.csv",
    "dk_membership_notes": "dk-membership-notes.csv",
    "alrek": "no-alrek-helseklynge.csv",
}
OPTIONAL_FILES = frozenset({"dk_membership_notes", "alrek"})
COLLABORATION_KINDS = {"sundhedsklynge": "health_cluster", "sundhedsråd": "health_council"}
# The preparatory health councils of the transition act (lov nr. 699 af 20. juni 2025) work
# through 2026; the regional councils elected in November 2025 take office on 1 January 2026.
PREPARATORY_FROM = dt.date(2026, 1, 1)
PREPARATORY_SOURCE = (
    "preparatory council (forberedende sundhedsråd) under lov nr. 699 af 20. juni 2025 "
    "(overgangsloven), §§ 32 and 78; the first day, 1 January 2026, is the platform's reading"
)
BERGEN_COMMUNITY_NAME = "Helsefellesskapet i Bergensområdet"
BERGEN_COMMUNITY_FROM = dt.date(2020, 1, 1)
BERGEN_HEALTH_TRUST = "Helse Bergen HF"
BERGEN_HOSPITALS = (
    ("Haraldsplass Diakonale Sykehus",
     "saman.no, Samarbeidsstruktur: a partner in the area committees for Bergen, "
     "Bergensregionen and Nordhordland; local hospital for Åsane, Arna, Bergenhus, Samnanger "
     "and Nordhordland (haraldsplass.no)"),
)
# Partners named in a reference file that are organisations Klynge already knows by another name.
ORGANISATION_ALIASES = {"Haukeland universitetssjukehus – Helse Bergen": BERGEN_HEALTH_TRUST}
PARTNER_KINDS = ("municipality", "region", "county", "hospital", "general_practice",
                 "voluntary", "patient", "university", "research", "company")
BODY_KINDS = ("political", "strategic", "steering", "working_group", "user_panel",
              "elder_council", "student_panel", "secretariat")


@dataclass(frozen=True)
class PartnerRow:
    """A partner named in a file: its kind, its name, and how sure we are."""

    kind: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    confidence: str
    source: str


@dataclass(frozen=True)
class BodyRow:
    """A body named in a reference file; written by the governance app."""

    collaboration_code: str
    name: str
    kind: str
    valid_from: dt.date
    valid_to: dt.date | None
    confidence: str
    source: str


@dataclass(frozen=True)
class MembershipNote:
    """How sure we are of one municipality's membership of one collaboration."""

    collaboration_code: str
    municipality_code: str
    confidence: str
    source: str


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
    preparatory_until: dt.date | None = None
    municipality_codes: tuple[str, ...] = ()
    anchor_hospital: str = ""
    health_trust: str = ""
    hospitals: tuple[tuple[str, str], ...] = ()  # (name, source)
    partners: tuple[PartnerRow, ...] = ()


@dataclass
class ReferenceData:
    files: dict[str, Path]
    geography: Geography = field(default_factory=Geography)
    collaborations: list[CollaborationRow] = field(default_factory=list)
    membership_notes: list[MembershipNote] = field(default_factory=list)
    bodies: list[BodyRow] = field(default_factory=list)

    @property
    def regions(self) -> list:  # type: ignore[type-arg]
        return self.geography.regions

    @property
    def municipalities(self) -> list[MunicipalityRow]:
        return self.geography.municipalities


def all_files(data_dir: Path | str | None) -> dict[str, Path]:
    files = resolve_files(data_dir, GEOGRAPHY_FILES, GEOGRAPHY_DIR)
    return files | resolve_files(data_dir, FILES, PACKAGED_DIR, OPTIONAL_FILES)


def read_reference_data(data_dir: Path | str | None = None) -> ReferenceData:
    """Read and check every file; ReferenceDataError with all problems if any."""
    data = ReferenceData(files=all_files(data_dir))
    reader = Reader()
    data.geography = read_geography(reader, data.files)
    dk = data.geography.dk_municipalities
    data.collaborations = _read_dk_collaborations(reader, data.files["dk_collaborations"], dk)
    if data.geography.bergen_municipalities:
        data.collaborations.append(_bergen_community(data.geography.bergen_municipalities))
    if "dk_membership_notes" in data.files:
        data.membership_notes = _read_notes(reader, data.files["dk_membership_notes"], data)
    if "alrek" in data.files:
        collaboration, bodies = _read_innovation_cluster(reader, data.files["alrek"], "NO")
        if collaboration is not None:
            data.collaborations.append(collaboration)
        data.bodies += bodies
    _check_unique_codes(reader, data)
    if reader.errors:
        raise ReferenceDataError(reader.errors)
    return data


def _read_dk_collaborations(reader: Reader, path: Path,
                            municipalities: list[MunicipalityRow]) -> list[CollaborationRow]:
    columns = ["kind", "name", "valid_from", "valid_to", "anchor_hospital", "municipalities",
               "confidence", "source"]
    by_name = {m.name: m.code for m in municipalities}
    codes = set(by_name.values())
    rows: list[CollaborationRow] = []
    sources = SameSource()
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
        is_council = kind == "health_council"
        preparatory = is_council and start > PREPARATORY_FROM
        rows.append(CollaborationRow(
            code=council_code(row["name"]) if is_council else cluster_code(row["name"]),
            name=row["name"], kind=kind, country="DK",
            valid_from=PREPARATORY_FROM if preparatory else start, valid_to=end,
            preparatory_until=start - dt.timedelta(days=1) if preparatory else None,
            confidence=confidence, source=source, municipality_codes=members,
            anchor_hospital=row["anchor_hospital"],
        ))
    return rows


def _resolve_members(reader: Reader, path: Path, line: int, value: str,
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


def _bergen_community(municipalities: list[MunicipalityRow]) -> CollaborationRow:
    return CollaborationRow(
        code=BERGEN_COMMUNITY_CODE, name=BERGEN_COMMUNITY_NAME, kind="health_community",
        country="NO", valid_from=BERGEN_COMMUNITY_FROM, valid_to=None,
        confidence=weakest([m.confidence for m in municipalities]),
        source=municipalities[0].source,
        municipality_codes=tuple(m.code for m in municipalities),
        health_trust=BERGEN_HEALTH_TRUST, hospitals=BERGEN_HOSPITALS,
    )


def _read_notes(reader: Reader, path: Path, data: ReferenceData) -> list[MembershipNote]:
    """``kind,collaboration,municipality,confidence,source``: names as in dk-collaborations.csv."""
    columns = ["kind", "collaboration", "municipality", "confidence", "source"]
    codes = {(row.kind, row.name): row for row in data.collaborations}
    by_name = {m.name: m.code for m in data.geography.dk_municipalities}
    notes = []
    for line, row in reader.rows(path, columns):
        collaboration = codes.get((COLLABORATION_KINDS.get(row["kind"], ""), row["collaboration"]))
        municipality = by_name.get(row["municipality"])
        confidence = reader.confidence(path, line, row["confidence"])
        if collaboration is None:
            reader.error(path, line, _("unknown collaboration %(name)r")
                         % {"name": row["collaboration"]})
        elif municipality not in collaboration.municipality_codes:
            reader.error(path, line, _("%(municipality)r is not a member of %(collaboration)r")
                         % {"municipality": row["municipality"],
                            "collaboration": row["collaboration"]})
        else:
            notes.append(MembershipNote(collaboration.code, municipality, confidence,
                                        row["source"]))
    return notes


def _read_innovation_cluster(reader: Reader, path: Path, country: str
                             ) -> tuple[CollaborationRow | None, list[BodyRow]]:
    """One innovation cluster: a ``collaboration`` row, then its ``partner`` and ``body`` rows
    (``kind,name,organisation_or_body_kind,valid_from,valid_to,confidence,source``). A body
    or partner without dates holds the collaboration's."""
    columns = ["kind", "name", "organisation_or_body_kind", "valid_from", "valid_to",
               "confidence", "source"]
    head: dict[str, object] = {}
    partners: list[PartnerRow] = []
    bodies: list[tuple[str, str, dt.date, dt.date | None, str, str]] = []
    for line, row in reader.rows(path, columns):
        confidence = reader.confidence(path, line, row["confidence"])
        if row["kind"] == "collaboration":
            start, end = reader.period(path, line, row)
            head = {"name": row["name"], "valid_from": start, "valid_to": end,
                    "confidence": confidence, "source": row["source"]}
            continue
        if not head or head["valid_from"] is None:
            reader.error(path, line, _("the collaboration row must come first"))
            continue
        start = reader.date(path, line, row["valid_from"], "valid_from", required=False)
        end = reader.date(path, line, row["valid_to"], "valid_to", required=False)
        first = start or head["valid_from"]
        last = end or head["valid_to"]
        kind = row["organisation_or_body_kind"]
        if row["kind"] == "partner" and kind in PARTNER_KINDS:
            partners.append(PartnerRow(kind, row["name"], first, last,  # type: ignore[arg-type]
                                       confidence, row["source"]))
        elif row["kind"] == "body" and kind in BODY_KINDS:
            bodies.append((row["name"], kind, first, last,  # type: ignore[arg-type]
                           confidence, row["source"]))
        else:
            reader.error(path, line, _("unknown row %(kind)r of kind %(what)r")
                         % {"kind": row["kind"], "what": kind})
    if not head or head["valid_from"] is None:
        return None, []
    code = f"{country.lower()}-{slugify(str(head['name']))}"
    collaboration = CollaborationRow(
        code=code, kind="innovation_cluster", country=country,
        partners=tuple(partners), **head,  # type: ignore[arg-type]
    )
    return collaboration, [BodyRow(code, *body) for body in bodies]


def partner_lookup_name(name: str) -> str:
    """A partner's name as Klynge knows it: an alias resolved, a parenthetical dropped
    (``Bergen kommune (Byrådsavdeling …)`` → ``Bergen kommune``)."""
    name = ORGANISATION_ALIASES.get(name, name)
    return re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()


def _check_unique_codes(reader: Reader, data: ReferenceData) -> None:
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
