"""Writing checked reference data (:mod:`klynge.reference.sources`) to the database.

Idempotent: each row is looked up by its stable key and saved only when a value differs,
so a second load creates nothing and adds no history rows. A row an administrator has
corrected since the last load (its latest history entry was not written by the loader)
is kept as corrected unless ``overwrite`` is set. Nothing is ever deleted.

Call it through :func:`klynge.reference.actions.do_load_reference`, which wraps it in
one transaction with an audit entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models

from klynge.governance.models import Collaboration, Organisation, Partnership
from klynge.reference.models import Confidence, Country, Municipality, MunicipalityRegion, Region
from klynge.reference.sources import (
    CollaborationRow,
    MunicipalityRow,
    PartnerRef,
    ReferenceData,
    RegionRow,
)

LOADER_REASON = "load_reference"
OUTCOMES = ("created", "updated", "unchanged", "kept")
COUNTRIES = {"DK": "Danmark", "NO": "Norge"}
HOSPITAL_SOURCE = "named as anchor hospital in dk-collaborations.csv"

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadSummary:
    """How many rows of each model the load created, updated, left unchanged or kept
    as an administrator corrected them."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, model: type[models.Model], outcome: str) -> None:
        label = str(model._meta.verbose_name_plural)
        self.counts.setdefault(label, Counter())[outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    def totals(self) -> dict[str, int]:
        return {outcome: self.total(outcome) for outcome in OUTCOMES}


class Writer:
    """Upserts rows, counting what it did, marking its history entries as the loader's."""

    def __init__(self, actor: Any = None, overwrite: bool = False) -> None:
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.overwrite = overwrite
        self.summary = LoadSummary()

    def upsert(self, model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
        obj = model._default_manager.filter(**lookup).order_by("pk").first()
        if obj is None:
            obj = model(**lookup, **values)
            self._save(obj)
            self.summary.add(model, "created")
            return obj
        changed = {name: value for name, value in values.items() if _differs(obj, name, value)}
        if not changed:
            self.summary.add(model, "unchanged")
        elif not self.overwrite and corrected_since_load(obj):
            self.summary.add(model, "kept")
        else:
            for name, value in changed.items():
                setattr(obj, name, value)
            self._save(obj)
            self.summary.add(model, "updated")
        return obj

    def _save(self, obj: models.Model) -> None:
        obj._change_reason = LOADER_REASON  # type: ignore[attr-defined]
        if self.actor is not None:
            obj._history_user = self.actor  # type: ignore[attr-defined]
        obj.save()


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    if isinstance(value, models.Model):
        return getattr(obj, f"{name}_id") != value.pk
    return getattr(obj, name) != value


def corrected_since_load(obj: models.Model) -> bool:
    """Whether the latest version of ``obj`` was written by someone other than the loader."""
    history = getattr(obj, "history", None)
    if history is None:
        return False
    latest = history.order_by("-history_date", "-history_id").first()
    return latest is not None and latest.history_change_reason != LOADER_REASON


def load(data: ReferenceData, actor: Any = None, overwrite: bool = False) -> LoadSummary:
    """Write ``data``; the caller holds the transaction."""
    writer = Writer(actor, overwrite)
    countries = {code: writer.upsert(Country, {"code": code}, {"name": name})
                 for code, name in COUNTRIES.items()}
    regions = {row.code: _load_region(writer, row, countries) for row in data.regions}
    organisations = {}
    for row in data.municipalities:
        municipality = _load_municipality(writer, row, countries, regions)
        organisations[(row.country, row.code)] = writer.upsert(
            Organisation, {"municipality": municipality},
            {"name": row.name, "kind": Organisation.Kind.MUNICIPALITY,
             "country": countries[row.country], "confidence": row.confidence,
             "source": row.source},
        )
    for collaboration in data.collaborations:
        _load_collaboration(writer, collaboration, countries[collaboration.country],
                            organisations, regions)
    return writer.summary


def _load_region(writer: Writer, row: RegionRow, countries: dict[str, Country]) -> Region:
    region = writer.upsert(Region, {"code": row.code}, {
        "country": countries[row.country], "official_code": row.official_code,
        "name": row.name, "kind": row.kind, "valid_from": row.valid_from,
        "valid_to": row.valid_to, "confidence": row.confidence, "source": row.source,
    })
    kind = Organisation.Kind.COUNTY if row.kind == Region.Kind.COUNTY else Organisation.Kind.REGION
    writer.upsert(Organisation, {"region": region}, {
        "name": row.organisation_name, "kind": kind, "country": region.country,
        "confidence": row.confidence, "source": row.source,
    })
    return region


def _load_municipality(writer: Writer, row: MunicipalityRow, countries: dict[str, Country],
                       regions: dict[str, Region]) -> Municipality:
    country = countries[row.country]
    municipality = writer.upsert(Municipality, {"country": country, "code": row.code}, {
        "name": row.name, "valid_from": row.valid_from, "valid_to": None,
        "confidence": row.confidence, "source": row.source,
    })
    for region_code, start, end in row.regions:
        region = regions[region_code]
        writer.upsert(MunicipalityRegion, {"municipality": municipality, "valid_from": start}, {
            "region": region, "valid_to": end,
            "confidence": region.confidence,
            "source": row.source,
        })
    return municipality


def _load_collaboration(writer: Writer, row: CollaborationRow, country: Country,
                        organisations: dict[tuple[str, str], Organisation],
                        regions: dict[str, Region]) -> Collaboration:
    collaboration = writer.upsert(Collaboration, {"code": row.code}, {
        "name": _display_name(row), "kind": row.kind, "country": country,
        "valid_from": row.valid_from, "valid_to": row.valid_to,
        "confidence": row.confidence, "source": row.source,
    })
    partners = [organisations[(row.country, code)] for code in row.municipality_codes]
    partners += _region_partners(row, regions)
    if row.anchor_hospital:
        partners.append(_named_organisation(writer, country, Organisation.Kind.HOSPITAL,
                                            row.anchor_hospital, HOSPITAL_SOURCE))
    if row.health_trust:
        partners.append(_named_organisation(writer, country, Organisation.Kind.REGION,
                                            row.health_trust, row.source))
    partners += [_innovation_partner(writer, country, ref, organisations, regions)
                 for ref in row.partners]
    for organisation in dict.fromkeys(partners):
        writer.upsert(Partnership, {
            "collaboration": collaboration, "organisation": organisation,
            "valid_from": row.valid_from,
        }, {"valid_to": row.valid_to, "confidence": row.confidence, "source": row.source})
    return collaboration


def _display_name(row: CollaborationRow) -> str:
    """The council rows name only the area (``Fyn``); the collaboration is ``Sundhedsråd Fyn``."""
    if row.kind == Collaboration.Kind.HEALTH_COUNCIL:
        return f"Sundhedsråd {row.name}"
    return row.name


def _region_partners(row: CollaborationRow, regions: dict[str, Region]) -> list[Organisation]:
    """DK: the region(s) its municipalities lie in on its first day."""
    if row.country != "DK" or not row.municipality_codes:
        return []
    links = MunicipalityRegion.objects.on(row.valid_from).filter(
        municipality__country__code=row.country,
        municipality__code__in=row.municipality_codes,
    )
    region_ids = set(links.values_list("region_id", flat=True))
    return list(Organisation.objects.filter(region_id__in=region_ids).order_by("name"))


def _named_organisation(writer: Writer, country: Country, kind: str, name: str,
                        source: str) -> Organisation:
    return writer.upsert(Organisation, {"country": country, "kind": kind, "name": name},
                         {"confidence": Confidence.CONFIRMED, "source": source})


def _innovation_partner(writer: Writer, country: Country, ref: PartnerRef,
                        organisations: dict[tuple[str, str], Organisation],
                        regions: dict[str, Region]) -> Organisation:
    if ref.kind == Organisation.Kind.MUNICIPALITY:
        return organisations[(country.code, ref.name)]
    if ref.kind in (Organisation.Kind.REGION, Organisation.Kind.COUNTY) and ref.name in regions:
        return Organisation.objects.get(region=regions[ref.name])
    return _named_organisation(writer, country, ref.kind, ref.name,
                               "named as partner in innovation-clusters.csv")
