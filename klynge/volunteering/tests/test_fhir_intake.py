"""The FHIR intake with real resources written by others (``fhir_examples``): a referral is
made of them; a CPR number is stored nowhere; without consent, or with a consent that does
not hold, nothing is made; FHIR R5 and faulty structures are refused, naming the element."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Organisation
from klynge.notifications.models import Notification
from klynge.testing.factories import make_municipality, make_organisation, make_partnership
from klynge.testing.volunteering import VolunteeringWorld
from klynge.volunteering import actions
from klynge.volunteering.models import ApiToken, Referral
from klynge.volunteering.tests.fhir_examples import (
    DK_CPR,
    DK_CPR_OF_JOHN,
    build,
    example,
    expressions,
    issues,
    names_programme,
    post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(vw: VolunteeringWorld) -> str:
    _token, secret = actions.do_issue_api_token(None, organisation=vw.hospital,
                                                label="EPJ")
    return secret


@pytest.fixture
def frederiksberg(vw: VolunteeringWorld) -> Any:
    """DK Core's patient lives in municipality 0330: the programme covers it too."""
    municipality = make_municipality(country=vw.area.country, code="0330", name="Kommune 330")
    vw.programme.areas.add(municipality)
    return municipality


def written() -> dict[str, int]:
    return {"referrals": Referral.objects.count(), "audit": AuditEntry.objects.count(),
            "notifications": Notification.objects.count()}


def every_stored_value() -> str:
    """Every value of every row of every table, as text."""
    texts = []
    for model in apps.get_models():
        for row in model._default_manager.all().values():
            texts.append(json.dumps(row, default=str, ensure_ascii=False))
    return "\n".join(texts)


def test_a_bundle_of_real_resources_creates_a_referral(
        client: Client, vw: VolunteeringWorld, secret: str, frederiksberg: Any) -> None:
    response = post(client, build(vw.programme.pk), secret)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    answer = response.json()
    Bundle.model_validate(answer)  # a valid R4 transaction-response
    assert answer["type"] == "transaction-response" and len(answer["entry"]) == 4
    referral = Referral.objects.get()
    task_entry = answer["entry"][3]["response"]
    assert task_entry["status"] == "201 Created"
    assert task_entry["location"] == f"Task/{referral.uid}"
    assert referral.first_name == "Torsteinn" and referral.year_of_birth == 1950
    assert referral.gender == "male" and referral.area == frederiksberg
    assert referral.languages == ["da"]  # none given: the hospital's country's language
    assert "For consideration of Grommets" in referral.needs
    assert referral.urgency == 0 and referral.state == Referral.State.SUBMITTED
    assert timezone.localdate(referral.consent_given_at) == dt.date(2015, 11, 18)
    assert vw.programme.name in referral.consent_covers
    assert referral.referred_by is None and referral.consent_recorded_by is None
    assert referral.api_token == ApiToken.objects.get()
    entry = AuditEntry.objects.get(verb="create", object_type="volunteering.referral")
    assert entry.actor is None and entry.details["api_token"] == referral.api_token_id
    assert entry.changes["first_name"] == {"personal": True}


def test_the_cpr_number_is_not_stored_and_the_answer_says_so(
        client: Client, vw: VolunteeringWorld, secret: str, frederiksberg: Any) -> None:
    patient = example("dkcore_r4_patient_283.json")
    assert DK_CPR in patient["identifier"][0]["value"] and DK_CPR in patient["text"]["div"]
    response = post(client, build(vw.programme.pk), secret)
    assert response.status_code == 200
    outcome = response.json()["entry"][0]["response"]["outcome"]
    about_cpr = [issue for issue in outcome["issue"]
                 if issue.get("expression") == ["Bundle.entry[0].resource.identifier[0]"]]
    assert about_cpr[0]["severity"] == "information"
    assert "CPR number is not stored" in about_cpr[0]["diagnostics"]
    assert DK_CPR not in response.content.decode()
    stored = every_stored_value()
    for value in (DK_CPR, "050650-4005", "Lind", "Nordre Ringgade", "Sønderby"):
        assert value not in stored, value


def test_the_danish_service_request_and_its_narrative_cpr(
        client: Client, vw: VolunteeringWorld, secret: str, frederiksberg: Any) -> None:
    """DK Core's request has only a category (home nursing) and a CPR in its narrative."""
    response = post(client, build(
        vw.programme.pk, request="dkcore_servicerequest_JohnsServiceRequest.json"), secret)
    assert response.status_code == 200, response.content
    assert Referral.objects.get().needs == "hjemmesygepleje"
    stored = every_stored_value()
    assert DK_CPR not in stored and DK_CPR_OF_JOHN not in stored


def test_hl7_australias_transaction_bundle(client: Client, vw: VolunteeringWorld,
                                           secret: str) -> None:
    as_published = example("au_eorders_transaction_bundle.json")
    response = post(client, as_published, secret)
    assert response.status_code == 422
    assert expressions(response) == ["Bundle.entry[0].resource.performer"]
    names_programme(as_published["entry"][0]["resource"], vw.programme.pk)
    response = post(client, as_published, secret)
    assert response.status_code == 200, response.content
    referral = Referral.objects.get()
    assert (referral.first_name, referral.year_of_birth, referral.gender) == (
        "Stacey", 1935, "female")
    assert referral.urgency == 1 and "Serum iron tests" in referral.needs
    assert referral.area == vw.area  # no municipality code: the programme's one
    answer = response.json()["entry"]
    assert [e["response"]["status"] for e in answer] == ["200 OK", "200 OK", "201 Created",
                                                         *["200 OK"] * 4]
    assert "Not kept" in answer[6]["response"]["outcome"]["issue"][0]["diagnostics"]
    stored = every_stored_value()
    for value in ("31169597700", "8003604153845143", "Thompson", "hdavila@example.net"):
        assert value not in stored, value


def test_a_bundle_without_consent_creates_nothing(client: Client, vw: VolunteeringWorld,
                                                  secret: str, frederiksberg: Any) -> None:
    before = written()
    response = post(client, build(vw.programme.pk, consent=None), secret)
    assert response.status_code == 422
    assert "no Consent" in issues(response)[0]["diagnostics"]
    assert written() == before


def consent(name: str = "r4_consent_example_notOrg.json", **changes: Any) -> dict[str, Any]:
    return example(name) | changes


@pytest.mark.parametrize(("source", "element"), [
    (consent("r4_consent_example_basic.json"), "provision.period"),  # ended in 2016
    (consent(status="inactive"), "status"),
    (consent(dateTime="2099-01-01"), "dateTime"),
    (consent(scope={"coding": [{"system": "http://terminology.hl7.org/CodeSystem/"
                                "consentscope", "code": "research"}]}), "scope"),
    (consent(provision={"type": "deny"}), "provision"),
])
def test_a_consent_that_does_not_hold_creates_nothing(
        client: Client, vw: VolunteeringWorld, secret: str, frederiksberg: Any,
        source: dict[str, Any], element: str) -> None:
    before = written()
    response = post(client, build(vw.programme.pk, consent=source), secret)
    assert response.status_code == 422, response.content
    assert expressions(response) == [f"Bundle.entry[2].resource.{element}"]
    assert written() == before


def test_a_consent_of_another_patient_creates_nothing(
        client: Client, vw: VolunteeringWorld, secret: str, frederiksberg: Any) -> None:
    bundle = build(vw.programme.pk)
    bundle["entry"][2]["resource"]["patient"] = {"reference": "Patient/f001"}  # as published
    response = post(client, bundle, secret)
    assert response.status_code == 422
    assert expressions(response) == ["Bundle.entry[2].resource.patient"]
    assert not Referral.objects.exists()


def test_fhir_r5_is_refused_as_the_wrong_version(client: Client, vw: VolunteeringWorld,
                                                 secret: str) -> None:
    r5 = example("parek_r5_servicerequest_ARequest.json")
    response = post(client, r5, secret)
    assert response.status_code == 400
    assert "FHIR R5" in issues(response)[0]["diagnostics"]
    response = post(client, build(vw.programme.pk, request=r5), secret)
    assert response.status_code == 400
    assert issues(response)[0]["code"] == "not-supported"
    assert expressions(response) == ["Bundle.entry[1].resource"]
    response = post(client, build(vw.programme.pk), secret,
                    content_type="application/fhir+json; fhirVersion=5.0")
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_a_faulty_structure_is_refused_naming_the_element(
        client: Client, vw: VolunteeringWorld, secret: str) -> None:
    request = example("r4_servicerequest_myringotomy.json")
    request["subjekt"] = request.pop("subject")
    response = post(client, build(vw.programme.pk, request=request, link=False), secret)
    assert response.status_code == 400
    assert "Bundle.entry[1].resource.subject" in expressions(response)
    assert "Bundle.entry[1].resource.subjekt" in expressions(response)
    for body, status in ((b"{not json", 400), ({"resourceType": "Patient"}, 400),
                         ({"resourceType": "Bundle", "type": "batch"}, 400)):
        assert post(client, body, secret).status_code == status
    assert not Referral.objects.exists()


def test_the_task_must_ask_for_the_request(client: Client, vw: VolunteeringWorld,
                                          secret: str, frederiksberg: Any) -> None:
    task = example("r4_task_example1.json")  # in progress already
    response = post(client, build(vw.programme.pk, task=task), secret)
    assert response.status_code == 422
    assert expressions(response) == ["Bundle.entry[3].resource.status"]
    response = post(client, build(vw.programme.pk, task=task, link=False), secret)
    assert expressions(response) == ["Bundle.entry[2].resource.patient"]
    assert not Referral.objects.exists()


def test_klynges_checks_name_the_element(client: Client, vw: VolunteeringWorld, secret: str,
                                         frederiksberg: Any) -> None:
    request = example("r4_servicerequest_myringotomy.json")
    request["note"][0]["text"] += " CPR 050650-4005."
    response = post(client, build(vw.programme.pk, request=request), secret)
    assert expressions(response) == ["Bundle.entry[1].resource.note[0]"]
    request = example("r4_servicerequest_myringotomy.json") | {"priority": "whenever"}
    response = post(client, build(vw.programme.pk, request=request), secret)
    assert response.status_code == 422  # codes are strings to the structure: Klynge checks
    assert expressions(response) == ["Bundle.entry[1].resource.priority"]
    request = example("r4_servicerequest_myringotomy.json") | {"reasonCode": [{"coding": [
        {"system": "urn:klynge:diagnosis-group", "code": "flu"}]}]}
    response = post(client, build(vw.programme.pk, request=request), secret)
    assert expressions(response) == ["Bundle.entry[1].resource.reasonCode[0]"]
    response = post(client, build(99999), secret)
    assert issues(response)[0]["code"] == "not-found"
    vw.programme.min_age = 80
    vw.programme.save()
    response = post(client, build(vw.programme.pk), secret)
    assert response.status_code == 422
    assert expressions(response) == ["Bundle.entry[0].resource.birthDate"]
    assert not Referral.objects.exists() and not AuditEntry.objects.filter(
        object_type="volunteering.referral").exists()


def test_only_a_partner_the_programme_takes_referrals_from(
        client: Client, vw: VolunteeringWorld, frederiksberg: Any) -> None:
    clinic = make_organisation(kind=Organisation.Kind.GENERAL_PRACTICE, name="Lægehuset")
    make_partnership(vw.collaboration, clinic)
    _token, secret = actions.do_issue_api_token(None, organisation=clinic, label="EPJ")
    response = post(client, build(vw.programme.pk), secret)
    assert response.status_code == 422
    assert "Lægehuset may not refer" in issues(response)[0]["diagnostics"]
    vw.programme.active = False
    vw.programme.save()
    assert not Referral.objects.exists()


def test_the_language_and_municipality_as_given(client: Client, vw: VolunteeringWorld,
                                                secret: str) -> None:
    vw.programme.areas.add(make_municipality(country=vw.area.country))  # two: none assumed
    patient = example("dkcore_r4_patient_283.json")
    response = post(client, build(vw.programme.pk, patient=patient), secret)
    assert expressions(response) == ["Bundle.entry[0].resource.address"]
    vw.area.code = "330"
    vw.area.save()
    patient["communication"] = [{"language": {"coding": [{"code": "en-GB"}]}},
                                {"language": {"text": "da"}, "preferred": True}]
    response = post(client, build(vw.programme.pk, patient=patient), secret)
    assert response.status_code == 200, response.content
    referral = Referral.objects.get()
    assert referral.area == vw.area and referral.languages == ["da", "en"]
    assert referral.consent_given_at < timezone.now()
