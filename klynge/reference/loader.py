"""Writing checked reference data to the database: the :class:`Writer`, and the geography.

Idempotent: each row is looked up by its stable key and saved only when a value differs,
so a second load creates nothing and adds no history rows. A row an administrator has
corrected since the last load (its latest history entry was not written by the loader)
is kept as corrected unless ``overwrite`` is set. Nothing is ever deleted.

The collaborations' loader (``klynge.collaborations.loader``) uses the same writer; call
both through ``klynge.collaborations.actions.do_load_reference``, one transaction with an
audit entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models

from klynge.audit.actions import acting_user
from klynge.reference.models import Country, Municipality, MunicipalityRegion, Region
from klynge.reference.sources import Geography, MunicipalityRow, RegionRow

LOADER_REASON = "load_reference"
OUTCOMES = ("created", "updated", "unchanged", "kept")
COUNTRIES = {"DK": "Danmark", "NO": "Norge"}

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
        self.actor = acting_user(actor)
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

    def ensure(self, model: type[M], lookup: dict[str, Any], defaults: dict[str, Any]) -> M:
        """The row of ``lookup``, created with ``defaults`` if missing, never updated: for an
        organisation that several files name, each with its own note."""
        obj = model._default_manager.filter(**lookup).order_by("pk").first()
        if obj is None:
            return self.upsert(model, lookup, defaults)
        self.summary.add(model, "unchanged")
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


@dataclass
class LoadedGeography:
    countries: dict[str, Country]
    regions: dict[str, Region]
    municipalities: dict[tuple[str, str], Municipality]  # (country, code)


def load_geography(writer: Writer, geography: Geography) -> LoadedGeography:
    """Write the countries, regions and municipalities; the caller holds the transaction."""
    countries = {code: writer.upsert(Country, {"code": code}, {"name": name})
                 for code, name in COUNTRIES.items()}
    regions = {row.code: _load_region(writer, row, countries) for row in geography.regions}
    municipalities = {
        (row.country, row.code): _load_municipality(writer, row, countries, regions)
        for row in geography.municipalities
    }
    return LoadedGeography(countries, regions, municipalities)


def _load_region(writer: Writer, row: RegionRow, countries: dict[str, Country]) -> Region:
    return writer.upsert(Region, {"code": row.code}, {
        "country": countries[row.country], "official_code": row.official_code,
        "name": row.name, "kind": row.kind, "valid_from": row.valid_from,
        "valid_to": row.valid_to, "confidence": row.confidence, "source": row.source,
    })


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
