"""Real FHIR resources written by others (``<repo root>/../shared/fhir-examples/``: HL7's R4
examples, HL7 Denmark's DK Core, HL7 Australia's eOrders transaction bundle, HL7 Norway's
R5 request; see its PROVENANCE.md), and bundles built of them for the intake's tests.

A bundle built here changes the resources only where a referral to Klynge must differ from
the examples' own settings: the references between them point to the bundle's entries
(they pointed to servers of their own), and the ServiceRequest names a Klynge programme
(``performer``). Everything else is as published.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

import klynge
from klynge.volunteering.fhir.mapping import PROGRAMME_SYSTEM

REPO_ROOT = Path(klynge.__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT.parent / "shared" / "fhir-examples"
DK_CPR = "0506504005"  # in dkcore_r4_patient_283.json, its identifier and its narrative
DK_CPR_OF_JOHN = "0201609995"  # in the narrative of the DK Core ServiceRequest
URLS = {kind: f"urn:uuid:00000000-0000-4000-8000-00000000000{n}"
        for n, kind in enumerate(("Patient", "ServiceRequest", "Consent", "Task"), 1)}


def example(name: str) -> dict[str, Any]:
    """One of the shared example files, as published."""
    path = EXAMPLES / name
    if not path.exists():
        pytest.fail(f"The shared FHIR examples are missing: {path} (the repository is checked "
                    "out next to shared/, see shared/fhir-examples/README.md)")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def from_au_bundle(kind: str) -> dict[str, Any]:
    """A resource of HL7 Australia's transaction bundle."""
    for entry in example("au_eorders_transaction_bundle.json")["entry"]:
        if entry["resource"]["resourceType"] == kind:
            return copy.deepcopy(entry["resource"])
    raise LookupError(kind)


def names_programme(request: dict[str, Any], programme_id: int) -> dict[str, Any]:
    request.setdefault("performer", []).append(
        {"identifier": {"system": PROGRAMME_SYSTEM, "value": str(programme_id)}})
    return request


def build(programme_id: int, *, patient: str = "dkcore_r4_patient_283.json",
          request: str | dict[str, Any] = "r4_servicerequest_myringotomy.json",
          consent: str | dict[str, Any] | None = "r4_consent_example_notOrg.json",
          task: str | dict[str, Any] = "au:Task", link: bool = True) -> dict[str, Any]:
    """A transaction bundle of real resources (a name of a file, ``"au:Kind"`` for one of
    the Australian bundle's, or the resource itself); ``consent=None``: without one;
    ``link=False``: the references left as published."""
    resources = {"Patient": patient, "ServiceRequest": request, "Consent": consent,
                 "Task": task}
    entries = []
    for kind, source in resources.items():
        if source is None:
            continue
        if isinstance(source, dict):
            resource = copy.deepcopy(source)
        elif source.startswith("au:"):
            resource = from_au_bundle(source[3:])
        else:
            resource = example(source)
        entries.append({"fullUrl": URLS[kind], "resource": resource,
                        "request": {"method": "POST", "url": kind}})
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": entries}
    by_kind = {e["resource"]["resourceType"]: e["resource"] for e in entries}
    if link:
        _link(by_kind)
    if "ServiceRequest" in by_kind and by_kind["ServiceRequest"].get("resourceType"):
        names_programme(by_kind["ServiceRequest"], programme_id)
    return bundle


def _link(by_kind: dict[str, dict[str, Any]]) -> None:
    patient = {"reference": URLS["Patient"]}
    if "ServiceRequest" in by_kind:
        by_kind["ServiceRequest"]["subject"] = patient
    if "Consent" in by_kind:
        by_kind["Consent"]["patient"] = patient
    if "Task" in by_kind:
        by_kind["Task"]["focus"] = {"reference": URLS["ServiceRequest"]}
        by_kind["Task"]["for"] = patient


def post(client: Client, data: Any, secret: str, **headers: str) -> Any:
    body = data if isinstance(data, (bytes, str)) else json.dumps(data)
    return client.post(reverse("fhir:transaction"), body,
                       content_type=headers.pop("content_type", "application/fhir+json"),
                       HTTP_AUTHORIZATION=f"Bearer {secret}", **headers)


def issues(response: Any) -> list[dict[str, Any]]:
    data = response.json()
    assert data["resourceType"] == "OperationOutcome", data
    found: list[dict[str, Any]] = data["issue"]
    return found


def expressions(response: Any) -> list[str]:
    return [e for issue in issues(response) for e in issue.get("expression", [])]
