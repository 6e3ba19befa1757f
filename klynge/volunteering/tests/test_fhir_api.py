"""The FHIR interface around the intake: tokens (401), the Task whose status follows the
referral (only the sending partner's tokens read it), the CapabilityStatement, the limits,
and the OpenAPI document kept in step with the routes, the answers and docs/fhir.md."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.task import Task

from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Organisation
from klynge.testing.factories import make_organisation, make_partnership
from klynge.testing.volunteering import VolunteeringWorld, make_referral
from klynge.volunteering import actions
from klynge.volunteering.fhir import openapi, urls
from klynge.volunteering.fhir.views import MAX_BODY_BYTES
from klynge.volunteering.models import ApiToken, Referral
from klynge.volunteering.tests.fhir_examples import REPO_ROOT, issues, post

pytestmark = pytest.mark.django_db
DOCUMENT = openapi.document("http://testserver/fhir/")


def documented(response: Any, path: str, method: str) -> Any:
    """``response``, after checking the OpenAPI document lists its status for the path."""
    listed = DOCUMENT["paths"][path][method]["responses"]
    assert str(response.status_code) in listed, (path, method, response.status_code)
    return response


@pytest.fixture
def token(vw: VolunteeringWorld) -> tuple[ApiToken, str]:
    vw.area.code = "0615"  # the example's municipality code (Horsens)
    vw.area.save()
    return actions.do_issue_api_token(None, organisation=vw.hospital, label="EPJ")


def refer(client: Client, vw: VolunteeringWorld, secret: str) -> Referral:
    response = documented(post(client, openapi.example_bundle(vw.programme.pk), secret),
                          "/", "post")
    assert response.status_code == 200, response.content
    return Referral.objects.get(uid=response.json()["entry"][3]["response"]["location"][5:])


def read(client: Client, referral: Referral, secret: str) -> Any:
    response = client.get(reverse("fhir:task", args=[referral.uid]),
                          HTTP_AUTHORIZATION=f"Bearer {secret}")
    return documented(response, "/Task/{id}", "get")


def test_the_example_refers_a_patient(client: Client, vw: VolunteeringWorld,
                                      token: tuple[ApiToken, str]) -> None:
    referral = refer(client, vw, token[1])
    assert referral.area == vw.area and referral.diagnosis_group == "cancer"
    assert referral.social_situations == ["lives_alone"] and referral.languages == ["da"]
    assert referral.first_name == "Inger" and "Jensen" not in json.dumps(
        list(Referral.objects.values()), default=str)


def test_no_token_an_unknown_or_a_revoked_one(client: Client, vw: VolunteeringWorld,
                                              token: tuple[ApiToken, str]) -> None:
    bundle = openapi.example_bundle(vw.programme.pk)
    response = client.post(reverse("fhir:transaction"), json.dumps(bundle),
                           content_type="application/fhir+json")
    assert documented(response, "/", "post").status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert issues(response)[0]["code"] == "login"
    assert post(client, bundle, "klynge_guessed").status_code == 401
    actions.do_revoke_api_token(None, token[0])
    assert post(client, bundle, token[1]).status_code == 401
    assert not Referral.objects.exists()


def test_the_task_follows_the_referral(client: Client, vw: VolunteeringWorld,
                                       token: tuple[ApiToken, str]) -> None:
    referral = refer(client, vw, token[1])
    task = read(client, referral, token[1]).json()
    Task.model_validate(task)
    assert (task["id"], task["status"]) == (str(referral.uid), "requested")
    assert "Inger" not in json.dumps(task)
    actions.do_accept_referral(vw.coordinator, referral)
    assert read(client, referral, token[1]).json()["status"] == "accepted"
    actions.do_match(vw.coordinator, referral, vw.volunteer)
    assert read(client, referral, token[1]).json()["status"] == "in-progress"
    actions.do_close_referral(vw.coordinator, referral, Referral.Outcome.COMPLETED)
    task = read(client, referral, token[1]).json()
    assert task["status"] == "completed" and task["executionPeriod"]["end"]
    assert task["output"][0]["valueCodeableConcept"]["coding"][0]["code"] == "completed"
    declined = refer(client, vw, token[1])
    actions.do_decline_referral(vw.coordinator, declined, "Ingen frivillige i området")
    task = read(client, declined, token[1]).json()
    assert task["status"] == "rejected"
    assert task["statusReason"]["text"] == "Ingen frivillige i området"
    withdrawn = refer(client, vw, token[1])
    actions.do_waitlist_referral(vw.coordinator, withdrawn)
    assert read(client, withdrawn, token[1]).json()["status"] == "accepted"
    actions.do_withdraw_consent(vw.coordinator, withdrawn)
    assert read(client, withdrawn, token[1]).json()["status"] == "cancelled"
    views = AuditEntry.objects.filter(verb="view", object_id=str(referral.pk))
    assert views.count() == 4 and views.first().details["api_token"] == token[0].pk


def test_only_the_sending_partners_tokens_read_the_task(
        client: Client, vw: VolunteeringWorld, token: tuple[ApiToken, str]) -> None:
    referral = refer(client, vw, token[1])
    _same, colleague = actions.do_issue_api_token(None, organisation=vw.hospital,
                                                  label="Another system")
    assert read(client, referral, colleague).status_code == 200
    clinic = make_organisation(kind=Organisation.Kind.GENERAL_PRACTICE)
    make_partnership(vw.collaboration, clinic)
    _other, stranger = actions.do_issue_api_token(None, organisation=clinic, label="EPJ")
    assert read(client, referral, stranger).status_code == 404
    by_hand = make_referral(vw.programme)  # referred by a person, not through the API
    assert read(client, by_hand, token[1]).status_code == 404
    response = client.get(f"/fhir/Task/{referral.pk}", HTTP_AUTHORIZATION=f"Bearer {token[1]}")
    assert response.status_code == 404  # the sequential number is no Task id
    ApiToken.objects.filter(pk=token[0].pk).update(last_used_at=None)
    assert read(client, referral, token[1]).status_code == 200
    assert ApiToken.objects.get(pk=token[0].pk).last_used_at is not None


def test_limits_and_media_types(client: Client, vw: VolunteeringWorld,
                                token: tuple[ApiToken, str]) -> None:
    big = b'{"resourceType": "Bundle", "type": "transaction", "entry": []' + (
        b" " * MAX_BODY_BYTES) + b"}"
    assert documented(post(client, big, token[1]), "/", "post").status_code == 413
    response = post(client, "x", token[1], content_type="text/plain")
    assert documented(response, "/", "post").status_code == 415
    wrong = client.get(reverse("fhir:transaction"))
    assert wrong.status_code == 405 and wrong["Allow"] == "POST"
    assert wrong.json()["resourceType"] == "OperationOutcome"


def test_the_capability_statement(client: Client) -> None:
    response = documented(client.get(reverse("fhir:metadata")), "/metadata", "get")
    statement = response.json()
    CapabilityStatement.model_validate(statement)
    assert statement["fhirVersion"] == "4.0.1"
    assert statement["rest"][0]["resource"][0]["type"] == "Task"


def route_of(pattern: URLPattern) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))


def test_the_openapi_document_is_in_step_with_the_routes(client: Client) -> None:
    served = client.get(reverse("fhir:openapi")).json()
    assert served["paths"] == DOCUMENT["paths"]
    assert set(served["paths"]) == {route_of(p) for p in urls.urlpatterns}
    methods = {"transaction": "post", "task": "get", "metadata": "get", "openapi": "get"}
    for pattern in urls.urlpatterns:
        assert methods[str(pattern.name)] in served["paths"][route_of(pattern)]


def test_the_docs_show_the_openapi_example() -> None:
    text = (REPO_ROOT / "docs" / "fhir.md").read_text(encoding="utf-8")
    block = text.split("<!-- example bundle -->", 1)[1].split("```json", 1)[1].split("```")[0]
    assert json.loads(block) == openapi.example_bundle()
