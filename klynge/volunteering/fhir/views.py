"""The FHIR interface's views: thin, JSON (``application/fhir+json``), without CSRF (a
partner's system sends a bearer token, not a browser's cookie).

Every refusal is an OperationOutcome: 400 (not JSON, not a transaction Bundle, not FHIR R4,
faulty structure), 401 (no token, or an unknown or revoked one), 404, 405, 413 (too large),
415 (not JSON), 422 (Klynge's checks: required elements, codes, consent, the programme).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from klynge.volunteering import access, actions
from klynge.volunteering.fhir import intake, openapi, resources
from klynge.volunteering.fhir.issues import FhirRefusal, refuse
from klynge.volunteering.models import ApiToken

FHIR_JSON = "application/fhir+json"
MAX_BODY_BYTES = 1024 * 1024
JSON_TYPES = ("application/fhir+json", "application/json")


def fhir_response(data: dict[str, Any], status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False), status=status,
                            content_type=f"{FHIR_JSON}; charset=utf-8")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="klynge-fhir"'
    return response


def refused(failure: FhirRefusal) -> HttpResponse:
    return fhir_response(resources.operation_outcome(failure.issues), failure.status)


def answers_fhir(view: Callable[..., dict[str, Any]]) -> Callable[..., HttpResponse]:
    """Run ``view`` (which returns FHIR JSON); a refusal or a 404 becomes an
    OperationOutcome."""
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return fhir_response(view(request, *args, **kwargs))
        except FhirRefusal as failure:
            return refused(failure)
        except Http404:
            return refused(refuse(404, "not-found", _("Not found.")))
    return wrapped


def only(*methods: str) -> Callable[[Callable[..., HttpResponse]],
                                    Callable[..., HttpResponse]]:
    """Refuse another HTTP method with 405 and an OperationOutcome (with ``Allow``)."""
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = refused(refuse(405, "not-supported", _(
                    "Use %(methods)s here.") % {"methods": ", ".join(methods)}))
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, **kwargs)
        return wrapped
    return decorate


def token_of(request: HttpRequest) -> ApiToken:
    """The partner's live token from ``Authorization: Bearer …`` (401 otherwise)."""
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise refuse(401, "login", _("Send the partner's token: Authorization: Bearer "
                                     "<token>."))
    token = access.get_live_api_token(actions.hash_secret(secret.strip()))
    if token is None:
        raise refuse(401, "login", _("The token is unknown or has been revoked."))
    actions.do_note_api_token_use(token)
    return token


def body_of(request: HttpRequest) -> bytes:
    """The posted JSON, within the size limit, in FHIR R4."""
    media_type = (request.content_type or "").split(";")[0].strip()
    if media_type not in JSON_TYPES:
        raise refuse(415, "not-supported", _("Send JSON: Content-Type: "
                                             "application/fhir+json."))
    content_type = request.headers.get("Content-Type", "")
    version = next((p.split("=", 1)[1].strip() for p in content_type.split(";")[1:]
                    if p.strip().lower().startswith("fhirversion=")), "")
    if version and not version.startswith("4.0"):
        raise refuse(400, "not-supported", _("Klynge takes FHIR R4 (fhirVersion=4.0) only."))
    length = request.headers.get("Content-Length") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        raise refuse(413, "too-costly", _("The body is larger than %(size)d KiB.")
                     % {"size": MAX_BODY_BYTES // 1024})
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        raise refuse(413, "too-costly", _("The body is larger than %(size)d KiB.")
                     % {"size": MAX_BODY_BYTES // 1024})
    return body


@csrf_exempt
@only("POST")
@answers_fhir
def transaction(request: HttpRequest) -> dict[str, Any]:
    """A partner's system refers a patient: a transaction Bundle in, the transaction
    response out (200), or an OperationOutcome and nothing written."""
    token = token_of(request)
    received = intake.receive(body_of(request), token)
    return resources.transaction_response(received)


@csrf_exempt
@only("GET", "HEAD")
@answers_fhir
def read_task(request: HttpRequest, id: Any) -> dict[str, Any]:  # noqa: A002 (FHIR's name)
    token = token_of(request)
    referral = access.get_referral_for_token(token, id)
    actions.do_view_task(token, referral)
    return resources.task(referral)


def base_url(request: HttpRequest) -> str:
    return settings.KLYNGE_BASE_URL.rstrip("/") + "/fhir/"


@only("GET", "HEAD")
@answers_fhir
def metadata(request: HttpRequest) -> dict[str, Any]:
    return resources.capability_statement(base_url(request))


@only("GET", "HEAD")
def openapi_document(request: HttpRequest) -> HttpResponse:
    return HttpResponse(json.dumps(openapi.document(base_url(request)), ensure_ascii=False),
                        content_type="application/json; charset=utf-8")
