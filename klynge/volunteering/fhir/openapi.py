"""The FHIR interface in OpenAPI 3.1, served at ``/fhir/openapi.json``. A test keeps its
paths in step with ``urls.py``, checks every status the views answer is listed here, and
posts :func:`example_bundle` (which docs/fhir.md shows too)."""

from __future__ import annotations

from typing import Any

from klynge.volunteering.fhir.mapping import (
    DIAGNOSIS_GROUP_SYSTEM,
    PROGRAMME_SYSTEM,
    SOCIAL_SITUATION_SYSTEM,
)

OUTCOME = {"$ref": "#/components/responses/OperationOutcome"}
FHIR_JSON = "application/fhir+json"


def example_bundle(programme: int = 1) -> dict[str, Any]:
    """A referral to programme number ``programme`` of Klynge (docs/fhir.md)."""
    patient, request = "urn:uuid:9c1e0d4e-4d1a-4f57-9a57-0d6f1f3c2a01", \
        "urn:uuid:9c1e0d4e-4d1a-4f57-9a57-0d6f1f3c2a02"
    consent, task = "urn:uuid:9c1e0d4e-4d1a-4f57-9a57-0d6f1f3c2a03", \
        "urn:uuid:9c1e0d4e-4d1a-4f57-9a57-0d6f1f3c2a04"
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": patient, "request": {"method": "POST", "url": "Patient"}, "resource": {
            "resourceType": "Patient", "name": [{"family": "Jensen", "given": ["Inger"]}],
            "gender": "female", "birthDate": "1948-03-02",
            "communication": [{"language": {"coding": [{
                "system": "urn:ietf:bcp:47", "code": "da"}]}, "preferred": True}],
            "address": [{"extension": [{
                "url": "http://hl7.dk/fhir/core/StructureDefinition/dk-core-municipalityCodes",
                "valueCodeableConcept": {"coding": [{
                    "system": "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes",
                    "code": "0615"}]}}], "city": "Horsens"}]}},
        {"fullUrl": request, "request": {"method": "POST", "url": "ServiceRequest"},
         "resource": {
             "resourceType": "ServiceRequest", "status": "active", "intent": "order",
             "priority": "routine", "subject": {"reference": patient},
             "code": {"text": "Følgeskab til kemoterapi"},
             "reasonCode": [{"coding": [{"system": DIAGNOSIS_GROUP_SYSTEM,
                                         "code": "cancer"}]},
                            {"coding": [{"system": SOCIAL_SITUATION_SYSTEM,
                                         "code": "lives_alone"}]}],
             "performer": [{"identifier": {"system": PROGRAMME_SYSTEM,
                                           "value": str(programme)}}],
             "note": [{"text": "Bor alene, vil gerne have selskab på gåture."}]}},
        {"fullUrl": consent, "request": {"method": "POST", "url": "Consent"}, "resource": {
            "resourceType": "Consent", "status": "active",
            "scope": {"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                "code": "patient-privacy"}]},
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
            "patient": {"reference": patient}, "dateTime": "2026-11-02T10:15:00+01:00",
            "policyRule": {"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "OPTIN"}]}}},
        {"fullUrl": task, "request": {"method": "POST", "url": "Task"}, "resource": {
            "resourceType": "Task", "status": "requested", "intent": "order",
            "code": {"coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code",
                                 "code": "fulfill"}]},
            "focus": {"reference": request}, "for": {"reference": patient}}},
    ]}


def _responses(ok: str, *codes: int) -> dict[str, Any]:
    names = {400: "Not JSON, not a transaction Bundle, not FHIR R4, or a faulty structure",
             401: "No token, or an unknown or revoked one", 404: "Not found",
             413: "The body is larger than 1 MiB", 415: "Not JSON",
             422: "Klynge's checks: required elements, codes, consent, the programme"}
    found: dict[str, Any] = {"200": {"description": ok, "content": {
        FHIR_JSON: {"schema": {"$ref": "#/components/schemas/Resource"}}}}}
    found.update({str(code): {**OUTCOME, "description": names[code]} for code in codes})
    return found


def document(base_url: str) -> dict[str, Any]:
    bearer: list[dict[str, list[str]]] = [{"partnerToken": []}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Klynge FHIR referral intake", "version": "1.0.0",
                 "description": "FHIR R4 (4.0.1). See docs/fhir.md."},
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/": {"post": {
                "summary": "Refer a patient: a transaction Bundle of one Patient, "
                           "ServiceRequest, Consent and Task",
                "security": bearer,
                "requestBody": {"required": True, "content": {FHIR_JSON: {
                    "schema": {"$ref": "#/components/schemas/Resource"},
                    "example": example_bundle()}}},
                "responses": _responses("A transaction-response Bundle; the Task entry's "
                                        "location is the referral's Task",
                                        400, 401, 413, 415, 422)}},
            "/Task/{id}": {"get": {
                "summary": "The referral's status, as a Task",
                "security": bearer,
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string", "format": "uuid"}}],
                "responses": _responses("The Task", 401, 404)}},
            "/metadata": {"get": {"summary": "The CapabilityStatement", "security": [],
                                  "responses": _responses("The CapabilityStatement")}},
            "/openapi.json": {"get": {"summary": "This document", "security": [],
                                      "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        },
        "components": {
            "securitySchemes": {"partnerToken": {
                "type": "http", "scheme": "bearer",
                "description": "A partner organisation's token, from Klynge's "
                               "administrators; shown once, revocable."}},
            "schemas": {"Resource": {
                "type": "object", "required": ["resourceType"],
                "properties": {"resourceType": {"type": "string"}},
                "description": "A FHIR R4 resource in JSON "
                               "(https://hl7.org/fhir/R4/fhir.schema.json)."}},
            "responses": {"OperationOutcome": {
                "description": "An OperationOutcome naming the problem",
                "content": {FHIR_JSON: {"schema": {
                    "$ref": "#/components/schemas/Resource"}}}}},
        },
    }
