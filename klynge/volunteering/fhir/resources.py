"""What the FHIR interface answers, as FHIR R4 JSON: the transaction response, a referral's
Task, the CapabilityStatement and OperationOutcomes.

A referral's Task carries no patient data: its status (which follows the referral's state),
the programme, the referring organisation and, for a declined referral, the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.volunteering.fhir.bundle import FHIR_VERSION
from klynge.volunteering.fhir.intake import Received
from klynge.volunteering.fhir.issues import Issue, information
from klynge.volunteering.fhir.mapping import PROGRAMME_SYSTEM
from klynge.volunteering.models import Referral

STATE_SYSTEM = "urn:klynge:referral-state"
OUTCOME_SYSTEM = "urn:klynge:referral-outcome"
TASK_CODE = {"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill",
             "display": "Fulfill the focal request"}
State, Outcome = Referral.State, Referral.Outcome
TASK_STATUS = {State.SUBMITTED: "requested", State.ACCEPTED: "accepted",
               State.WAITING: "accepted", State.MATCHED: "in-progress",
               State.DECLINED: "rejected"}
CLOSED_STATUS = {Outcome.COMPLETED: "completed", Outcome.OTHER: "completed",
                 Outcome.NO_VOLUNTEER: "failed", Outcome.ENDED_EARLY: "cancelled",
                 Outcome.NO_LONGER_NEEDED: "cancelled", Outcome.CONSENT_WITHDRAWN: "cancelled"}
INTERFACE_DATE = "2026-11-30"  # when this interface last changed (CapabilityStatement.date)


def instant(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome", "issue": [
        {"severity": issue.severity, "code": issue.code, "diagnostics": issue.diagnostics,
         **({"expression": list(issue.expression)} if issue.expression else {})}
        for issue in issues]}


def task_status(referral: Referral) -> str:
    if referral.state == State.CLOSED:
        return CLOSED_STATUS.get(referral.outcome, "completed")  # type: ignore[call-overload]
    return TASK_STATUS[referral.state]  # type: ignore[index]


def last_modified(referral: Referral) -> dt.datetime:
    return max(moment for moment in (referral.submitted_at, referral.decided_at,
                                     referral.matched_at, referral.closed_at,
                                     referral.consent_withdrawn_at) if moment is not None)


def task(referral: Referral) -> dict[str, Any]:
    """The referral as a Task whose status follows it (docs/fhir.md, *Task status*)."""
    programme = referral.programme
    data: dict[str, Any] = {
        "resourceType": "Task", "id": str(referral.uid),
        "meta": {"lastUpdated": instant(last_modified(referral))},
        "status": task_status(referral),
        "businessStatus": {"coding": [{"system": STATE_SYSTEM, "code": referral.state}],
                           "text": str(referral.get_state_display())},
        "intent": "order", "code": {"coding": [TASK_CODE]},
        "authoredOn": instant(referral.submitted_at),
        "lastModified": instant(last_modified(referral)),
        "requester": {"display": referral.organisation.name},
        "owner": {"identifier": {"system": PROGRAMME_SYSTEM, "value": str(programme.pk)},
                  "display": programme.name},
    }
    if referral.state == State.DECLINED and referral.decline_reason:
        data["statusReason"] = {"text": referral.decline_reason}
    if referral.matched_at is not None:
        data["executionPeriod"] = {"start": instant(referral.matched_at),
                                   **({"end": instant(referral.closed_at)}
                                      if referral.closed_at else {})}
    if referral.outcome:
        data["output"] = [{"type": {"coding": [{"system": OUTCOME_SYSTEM, "code": "outcome"}]},
                           "valueCodeableConcept": {"coding": [{
                               "system": OUTCOME_SYSTEM, "code": referral.outcome,
                               "display": str(referral.get_outcome_display())}]}}]
    return data


def transaction_response(received: Received) -> dict[str, Any]:
    """One entry per entry posted, in order: the Task created, and what became of the rest
    (read into the referral, or not kept), with what the answer says of each."""
    referral = received.referral
    location = f"Task/{referral.uid}"
    entries = []
    for part in received.parts.all:
        notices = received.notices.get(part.index, [])
        if part is received.parts.task:
            response: dict[str, Any] = {"status": "201 Created", "location": location,
                                        "lastModified": instant(referral.submitted_at)}
        else:
            read_into = [] if part in received.parts.others else [information(_(
                "Read into the referral %(task)s; not kept as a resource of its own.")
                % {"task": location}, part.at())]
            response = {"status": "200 OK"}
            notices = read_into + notices
        if notices:
            response["outcome"] = operation_outcome(notices)
        entries.append({"response": response})
    return {"resourceType": "Bundle", "type": "transaction-response",
            "timestamp": instant(timezone.now()), "entry": entries}


def capability_statement(base_url: str) -> dict[str, Any]:
    """What the interface does, for ``/fhir/metadata``."""
    return {
        "resourceType": "CapabilityStatement", "status": "active", "date": INTERFACE_DATE,
        "publisher": "Klynge", "kind": "instance",
        "software": {"name": "Klynge"},
        "implementation": {"description": _("Klynge: referrals to voluntary programmes"),
                           "url": base_url},
        "fhirVersion": FHIR_VERSION, "format": ["application/fhir+json", "json"],
        "rest": [{
            "mode": "server",
            "documentation": _(
                "POST a transaction Bundle of one Patient, ServiceRequest, Consent and Task to "
                "the base URL to refer a patient. The programme is named by "
                "ServiceRequest.performer.identifier (system %(system)s, the programme's "
                "number). CPR numbers and fødselsnumre are never stored. The interface is "
                "described in OpenAPI at openapi.json.") % {"system": PROGRAMME_SYSTEM},
            "security": {"cors": False, "description": _(
                "Authorization: Bearer <token>: a token of the partner organisation, issued "
                "and revoked by Klynge's administrators.")},
            "resource": [{
                "type": "Task", "interaction": [{"code": "read"}],
                "documentation": _("The referral's status; readable with a token of the "
                                   "organisation that sent it."),
            }],
            "interaction": [{"code": "transaction", "documentation": _(
                "One referral per transaction: Patient, ServiceRequest, Consent and Task.")}],
        }],
    }
