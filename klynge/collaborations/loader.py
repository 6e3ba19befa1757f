"""Writing checked reference data (:mod:`klynge.collaborations.sources`) to the database.

The geography first (``klynge.reference.loader``), then one organisation for every
municipality and region, then the collaborations and their partnerships. The same
:class:`~klynge.reference.loader.Writer` makes it idempotent and keeps an administrator's
corrections. Apps above may write what the files say about them (the bodies of an
innovation cluster) from the :data:`reference_loading` signal, in the same transaction.

Call it through :func:`klynge.collaborations.actions.do_load_reference`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import Signal

from klynge.collaborations.models import Collaboration, Organisation, Partnership
from klynge.collaborations.sources import (
    CollaborationRow,
    PartnerRow,
    ReferenceData,
    partner_lookup_name,
)
from klynge.core.models import Confidence
from klynge.reference.loader import LoadedGeography, LoadSummary, Writer, load_geography
from klynge.reference.models import Country, Region

HOSPITAL_SOURCE = "named as anchor hospital in dk-collaborations.csv"

# Sent inside the load's transaction, after the collaborations: ``writer`` and ``data``.
reference_loading = Signal()

OrganisationsByKey = dict[tuple[str, str], Organisation]


def load(data: ReferenceData, actor: Any = None, overwrite: bool = False) -> LoadSummary:
    """Write ``data``; the caller holds the transaction."""
    writer = Writer(actor, overwrite)
    geography = load_geography(writer, data.geography)
    for region in geography.regions.values():
        _region_organisation(writer, region, data)
    organisations: OrganisationsByKey = {
        key: writer.upsert(Organisation, {"municipality": municipality}, {
            "name": municipality.name, "kind": Organisation.Kind.MUNICIPALITY,
            "country": municipality.country, "confidence": municipality.confidence,
            "source": municipality.source,
        })
        for key, municipality in geography.municipalities.items()
    }
    notes = {(n.collaboration_code, n.municipality_code): n for n in data.membership_notes}
    for row in data.collaborations:
        _load_collaboration(writer, row, geography, organisations, notes)
    reference_loading.send(sender=Collaboration, writer=writer, data=data)
    return writer.summary


def _region_organisation(writer: Writer, region: Region, data: ReferenceData) -> Organisation:
    row = next(r for r in data.geography.regions if r.code == region.code)
    kind = Organisation.Kind.COUNTY if region.kind == Region.Kind.COUNTY else \
        Organisation.Kind.REGION
    return writer.upsert(Organisation, {"region": region}, {
        "name": row.organisation_name, "kind": kind, "country": region.country,
        "confidence": row.confidence, "source": row.source,
    })


def _load_collaboration(writer: Writer, row: CollaborationRow, geography: LoadedGeography,
                        organisations: OrganisationsByKey, notes: dict[tuple[str, str], Any],
                        ) -> Collaboration:
    country = geography.countries[row.country]
    collaboration = writer.upsert(Collaboration, {"code": row.code}, {
        "name": _display_name(row), "kind": row.kind, "country": country,
        "valid_from": row.valid_from, "valid_to": row.valid_to,
        "preparatory_until": row.preparatory_until,
        "confidence": row.confidence, "source": row.source,
    })
    sure = {"confidence": row.confidence, "source": row.source}
    partners: dict[Organisation, dict[str, str]] = {}
    for code in row.municipality_codes:
        note = notes.get((row.code, code))
        partners[organisations[(row.country, code)]] = (
            {"confidence": note.confidence, "source": note.source} if note else sure)
    for organisation in _region_partners(row, geography):
        partners.setdefault(organisation, sure)
    named = [(Organisation.Kind.HOSPITAL, row.anchor_hospital, HOSPITAL_SOURCE),
             (Organisation.Kind.REGION, row.health_trust, row.source),
             *((Organisation.Kind.HOSPITAL, name, source) for name, source in row.hospitals)]
    for kind, name, source in named:
        if name:
            organisation = _named(writer, country, kind, name, source)
            partners.setdefault(organisation, {"confidence": Confidence.CONFIRMED,
                                               "source": source})
    for partner in row.partners:
        organisation = _partner(writer, country, partner, geography, organisations)
        partners.setdefault(organisation, {"confidence": partner.confidence,
                                           "source": partner.source})
    for organisation, values in partners.items():
        writer.upsert(Partnership, {
            "collaboration": collaboration, "organisation": organisation,
            "valid_from": row.valid_from,
        }, {"valid_to": row.valid_to, **values})
    return collaboration


def _display_name(row: CollaborationRow) -> str:
    """The council rows name only the area (``Fyn``); the collaboration is ``Sundhedsråd Fyn``."""
    if row.kind == Collaboration.Kind.HEALTH_COUNCIL:
        return f"Sundhedsråd {row.name}"
    return row.name


def _region_partners(row: CollaborationRow, geography: LoadedGeography) -> list[Organisation]:
    """DK: the region(s) its municipalities lie in on the first day of its regular phase."""
    if row.country != "DK" or not row.municipality_codes:
        return []
    day = row.valid_from
    if row.preparatory_until is not None:
        day = row.preparatory_until + dt.timedelta(days=1)
    region_ids = set()
    for code in row.municipality_codes:
        municipality = geography.municipalities[(row.country, code)]
        region = municipality.region_on(day)
        if region is not None:
            region_ids.add(region.pk)
    return list(Organisation.objects.filter(region_id__in=region_ids).order_by("name"))


def _named(writer: Writer, country: Country, kind: str, name: str, source: str) -> Organisation:
    return writer.ensure(Organisation, {"country": country, "kind": kind, "name": name},
                         {"confidence": Confidence.CONFIRMED, "source": source})


def _partner(writer: Writer, country: Country, partner: PartnerRow, geography: LoadedGeography,
             organisations: OrganisationsByKey) -> Organisation:
    """A partner of an innovation cluster: a known municipality, region or county by its
    name (``Bergen kommune`` is Bergen), else an organisation of its own name."""
    name = partner_lookup_name(partner.name)
    if partner.kind == Organisation.Kind.MUNICIPALITY:
        bare = name.removesuffix(" kommune").removesuffix(" Kommune")
        for (code_country, _code), organisation in organisations.items():
            if code_country == country.code and organisation.name == bare:
                return organisation
    if partner.kind in (Organisation.Kind.REGION, Organisation.Kind.COUNTY):
        known = Organisation.objects.filter(country=country, name=name,
                                            kind=partner.kind).first()
        if known is not None:
            return known
    return writer.ensure(Organisation, {"country": country, "kind": partner.kind, "name": name},
                         {"confidence": partner.confidence, "source": partner.source})
