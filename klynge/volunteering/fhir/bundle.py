"""Reading a posted transaction Bundle: JSON, FHIR R4 structure (``fhir.resources.R4B``), a
clear answer for FHIR R5, and the bundle's parts: one Patient, ServiceRequest, Consent and
Task each, and what else it carries (read by nobody).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pydantic
from django.utils.translation import gettext as _
from fhir.resources import get_fhir_model_class as r5_model
from fhir.resources.R4B import get_fhir_model_class as r4_model
from fhir.resources.R4B.bundle import Bundle

from klynge.volunteering.fhir.issues import FhirRefusal, Issue, error, refuse

FHIR_VERSION = "4.0.1"
REQUIRED = ("Patient", "ServiceRequest", "Consent", "Task")
METHODS = ("POST", "PUT")
MOST_ISSUES = 20


@dataclass(frozen=True)
class Part:
    """An entry's resource (an R4B model), where it is in the bundle, and its fullUrl."""

    index: int
    resource: Any
    full_url: str
    method: str

    @property
    def kind(self) -> str:
        return str(self.resource.get_resource_type())

    def at(self, element: str = "") -> str:
        """The FHIRPath of ``element`` of this entry's resource (of the resource: "")."""
        path = f"Bundle.entry[{self.index}].resource"
        return f"{path}.{element}" if element else path

    def is_referred_to_by(self, reference: Any) -> bool:
        """Whether a Reference (a model, or None) points to this entry: its fullUrl, or
        ``Type/id`` (relative, or at the end of an absolute fullUrl)."""
        target = getattr(reference, "reference", None) or ""
        if not target:
            return False
        if target == self.full_url:
            return True
        own_id = getattr(self.resource, "id", None)
        relative = f"{self.kind}/{own_id}" if own_id else ""
        return bool(relative) and (target == relative
                                   or (self.full_url.endswith("/" + relative)
                                       and target.endswith("/" + relative)))


@dataclass(frozen=True)
class Parts:
    bundle: Bundle
    patient: Part
    service_request: Part
    consent: Part
    task: Part
    others: tuple[Part, ...]

    @property
    def all(self) -> list[Part]:
        return sorted([self.patient, self.service_request, self.consent, self.task,
                       *self.others], key=lambda part: part.index)


# Reading ------------------------------------------------------------------------------------

def read(body: bytes) -> Bundle:
    """The posted bundle, checked against FHIR R4's structure (400 otherwise)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise refuse(400, "structure", _("The body is not JSON.")) from None
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        if isinstance(data, dict):
            refuse_r5(data, "")
        raise refuse(400, "structure", _("Post a Bundle of type “transaction”: the body is "
                                         "not a Bundle."))
    if data.get("type") != "transaction":
        raise refuse(400, "value", _("The Bundle's type must be “transaction”."),
                     "Bundle.type")
    try:
        return Bundle.model_validate(data)
    except pydantic.ValidationError as failure:
        raise FhirRefusal(400, structure_issues(data, failure)) from None


def refuse_r5(resource: dict[str, Any], path: str) -> None:
    """Raise a clear refusal if ``resource`` is not R4 but is FHIR R5."""
    kind = str(resource.get("resourceType") or "")
    try:
        r4 = r4_model(kind)
        r5 = r5_model(kind)
    except (KeyError, ValueError, LookupError):
        return
    try:
        r4.model_validate(resource)
        return
    except (pydantic.ValidationError, ValueError, TypeError):
        pass
    try:
        r5.model_validate(resource)
    except (pydantic.ValidationError, ValueError, TypeError):
        return
    raise refuse(400, "not-supported", _(
        "This %(type)s is FHIR R5 (5.0.0), not FHIR R4: Klynge takes FHIR R4 (4.0.1) only. "
        "Send the R4 form of the resource.") % {"type": kind}, path or kind)


def element_path(location: tuple[Any, ...]) -> str:
    path = "Bundle"
    for step in location:
        path += f"[{step}]" if isinstance(step, int) else f".{step}"
    return path


def structure_issues(data: dict[str, Any], failure: pydantic.ValidationError) -> list[Issue]:
    """The structure's faults, each naming its element; an R5 resource said to be one."""
    given = data.get("entry")
    entries: list[Any] = given if isinstance(given, list) else []
    for index in sorted({loc[1] for loc in (e["loc"] for e in failure.errors())
                         if len(loc) > 2 and loc[0] == "entry" and isinstance(loc[1], int)
                         and loc[2] == "resource"}):
        entry = entries[index] if index < len(entries) else None
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict):
            refuse_r5(resource, f"Bundle.entry[{index}].resource")
    issues = []
    for fault in failure.errors()[:MOST_ISSUES]:
        path = element_path(tuple(fault["loc"]))
        issues.append(error("structure", _("%(element)s: %(problem)s")
                            % {"element": path, "problem": fault["msg"]}, path))
    return issues


# Finding the parts --------------------------------------------------------------------------

def _part(index: int, entry: Any) -> Part:
    at = f"Bundle.entry[{index}]"
    if entry.resource is None:
        raise refuse(422, "required", _("Every entry must hold a resource."), f"{at}.resource")
    method = str(entry.request.method) if entry.request is not None else ""
    if method not in METHODS:
        raise refuse(422, "not-supported", _("Each entry of the transaction must be a POST "
                                             "(or a PUT) of a new resource."),
                     f"{at}.request.method")
    return Part(index, entry.resource, str(entry.fullUrl or ""), method)


def parts(bundle: Bundle) -> Parts:
    """The bundle's Patient, ServiceRequest, Consent and Task (one of each; 422 otherwise)
    and its other entries."""
    found = [_part(index, entry) for index, entry in enumerate(bundle.entry or [])]
    by_kind: dict[str, list[Part]] = {}
    for part in found:
        by_kind.setdefault(part.kind, []).append(part)
    if not by_kind.get("Consent"):
        raise refuse(422, "required", _(
            "The bundle has no Consent: a patient can only be referred with their consent to "
            "share the referral with the programme."), "Bundle.entry")
    for kind in REQUIRED:
        count = len(by_kind.get(kind, []))
        if count != 1:
            raise refuse(422, "required" if count == 0 else "business-rule", _(
                "A referral is one %(type)s with one Patient, ServiceRequest, Consent and "
                "Task; this bundle has %(count)d.") % {"type": kind, "count": count},
                "Bundle.entry")
    return Parts(bundle=bundle, patient=by_kind["Patient"][0],
                 service_request=by_kind["ServiceRequest"][0],
                 consent=by_kind["Consent"][0], task=by_kind["Task"][0],
                 others=tuple(p for p in found if p.kind not in REQUIRED))
