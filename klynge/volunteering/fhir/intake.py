"""A posted transaction Bundle to a referral: structure, Klynge's own checks, and the
referral written by ``actions.do_refer_by_api``, or an OperationOutcome and nothing written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.volunteering import actions
from klynge.volunteering.fhir import bundle as bundles
from klynge.volunteering.fhir import mapping
from klynge.volunteering.fhir.bundle import Part, Parts
from klynge.volunteering.fhir.issues import FhirRefusal, Issue, error, information, refuse
from klynge.volunteering.models import ApiToken, Programme, Referral

TASK_STATUSES = ("requested",)
TASK_INTENTS = ("order", "original-order", "proposal", "plan")
# Where a refusal of ``do_refer_by_api`` (by field) is in the bundle.
FIELD_ELEMENTS = {
    "first_name": ("Patient", "name"), "year_of_birth": ("Patient", "birthDate"),
    "gender": ("Patient", "gender"), "languages": ("Patient", "communication"),
    "area": ("Patient", "address"), "needs": ("ServiceRequest", "note"),
    "urgency": ("ServiceRequest", "priority"),
    "diagnosis_group": ("ServiceRequest", "reasonCode"),
    "social_situations": ("ServiceRequest", "reasonCode"),
    "consent": ("Consent", "dateTime"), "consent_covers": ("Consent", ""),
    "organisation": ("ServiceRequest", "performer"),
}


@dataclass
class Received:
    """What a posted bundle became: the referral, and what the answer says of each entry."""

    referral: Referral
    parts: Parts
    notices: dict[int, list[Issue]] = field(default_factory=dict)


def check_links(parts: Parts) -> None:
    """The request and the consent are about the bundle's patient; the task asks for the
    request to be done, for that patient."""
    patient, request, task = parts.patient, parts.service_request, parts.task
    consent = parts.consent
    if not patient.is_referred_to_by(consent.resource.patient):
        raise refuse(422, "business-rule", _("The consent must be the patient's: "
                                             "Consent.patient must refer to the bundle's "
                                             "Patient."), consent.at("patient"))
    if not patient.is_referred_to_by(request.resource.subject):
        raise refuse(422, "business-rule", _("ServiceRequest.subject must refer to the "
                                             "bundle's Patient."), request.at("subject"))
    if not request.is_referred_to_by(task.resource.focus):
        raise refuse(422, "business-rule", _("Task.focus must refer to the bundle's "
                                             "ServiceRequest."), task.at("focus"))
    if task.resource.for_fhir is not None and not patient.is_referred_to_by(
            task.resource.for_fhir):
        raise refuse(422, "business-rule", _("Task.for must refer to the bundle's Patient."),
                     task.at("for"))


def check_request_and_task(request: Part, task: Part) -> None:
    if str(request.resource.status) != "active":
        raise refuse(422, "business-rule", _("The ServiceRequest must be active."),
                     request.at("status"))
    if str(task.resource.status) not in TASK_STATUSES:
        raise refuse(422, "business-rule", _("A new referral's Task must be “requested”; this "
                                             "one is “%(status)s”.")
                     % {"status": task.resource.status}, task.at("status"))
    if str(task.resource.intent) not in TASK_INTENTS:
        raise refuse(422, "code-invalid", _("The Task's intent must be one of: %(codes)s.")
                     % {"codes": ", ".join(TASK_INTENTS)}, task.at("intent"))


def programme_of(request: Part) -> Programme:
    """The programme the request is for: ``ServiceRequest.performer`` with the identifier
    ``urn:klynge:programme`` (the programme's number in Klynge)."""
    for index, performer in enumerate(request.resource.performer or []):
        identifier = performer.identifier
        if identifier is None or str(identifier.system or "") != mapping.PROGRAMME_SYSTEM:
            continue
        value = str(identifier.value or "")
        found = (Programme.objects.select_related("collaboration").filter(pk=int(value)).first()
                 if value.isdigit() else None)
        if found is None:
            raise refuse(422, "not-found", _("There is no programme %(value)s in Klynge.")
                         % {"value": value[:20]}, request.at(f"performer[{index}].identifier"))
        return found
    raise refuse(422, "required", _(
        "Say which programme the referral is for: a ServiceRequest.performer with the "
        "identifier system %(system)s and the programme's number.")
        % {"system": mapping.PROGRAMME_SYSTEM}, request.at("performer"))


def _values(parts: Parts, token: ApiToken, programme: Programme,
            day: dt.date) -> tuple[dict[str, Any], dict[int, list[Issue]]]:
    patient = parts.patient
    languages, language_notices = mapping.languages(patient,
                                                    token.organisation.country.code)
    municipality, area_notices = mapping.area(patient, programme, day)
    values = {"first_name": mapping.first_name(patient),
              "year_of_birth": mapping.year_of_birth(patient), "gender": mapping.gender(patient),
              "languages": languages, "area": municipality,
              **mapping.request_values(parts.service_request)}
    notices = {patient.index: [*mapping.identifier_notices(patient), *language_notices,
                               *area_notices]}
    return values, notices


def refusal_of(failure: ValidationError, parts: Parts) -> FhirRefusal:
    """A refusal of the action (by field, or as a whole) as OperationOutcome issues."""
    by_kind = {part.kind: part for part in parts.all}
    issues = []
    for name, messages in getattr(failure, "message_dict", {"": failure.messages}).items():
        kind, element = FIELD_ELEMENTS.get(name, ("", ""))
        where = by_kind[kind].at(element) if kind else ""
        issues += [error("business-rule", str(message), where) for message in messages]
    return FhirRefusal(422, issues)


def receive(body: bytes, token: ApiToken) -> Received:
    """Read the bundle and write the referral (``FhirRefusal`` and nothing written, if
    anything is wrong)."""
    parts = bundles.parts(bundles.read(body))
    check_links(parts)
    check_request_and_task(parts.service_request, parts.task)
    day = timezone.localdate()
    mapping.check_consent(parts.consent, day)
    programme = programme_of(parts.service_request)
    values, notices = _values(parts, token, programme, day)
    covers = mapping.consent_covers(parts.consent, programme, token.organisation.name)
    try:
        referral = actions.do_refer_by_api(
            token, programme, consent_given_at=mapping.consent_given_at(parts.consent),
            consent_covers=covers, details={"via": "fhir"}, **values)
    except ValidationError as failure:
        raise refusal_of(failure, parts) from None
    for part in parts.others:
        notices.setdefault(part.index, []).append(information(
            _("Not kept: Klynge keeps only the referral made of the Patient, ServiceRequest, "
              "Consent and Task."), part.at()))
    return Received(referral=referral, parts=parts, notices=notices)
