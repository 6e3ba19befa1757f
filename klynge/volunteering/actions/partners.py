"""Partners' systems: issuing and revoking API tokens, a referral sent by a partner's system
(the FHIR intake, docs/fhir.md), and its system reading the referral's status.

A token belongs to an organisation; it is kept as a hash, the secret is shown once. A
referral sent with a token has no person who referred it (``referred_by`` is empty, and no
person sees it as its referrer): the organisation's system did, and the audit entry names the
token (``details["api_token"]``) and has no user as its actor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import acting_user, created, record
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Organisation
from klynge.core.writes import locked, only_fields
from klynge.volunteering import access, checks
from klynge.volunteering.actions.common import code, refuse_unless
from klynge.volunteering.actions.referrals import (
    REFERRAL_FIELDS,
    check_consent,
    check_referring_organisation,
    create_referral,
)
from klynge.volunteering.models import ApiToken, Programme, Referral

TOKEN_PREFIX = "klynge_"  # noqa: S105 (a prefix that shows what the secret is for)
USE_NOTED_EVERY = dt.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_details(token: ApiToken) -> dict[str, Any]:
    """How an audit entry names the token that acted (an entry's actor is a user)."""
    return {"api_token": token.pk, "api_token_label": token.label,
            "organisation": token.organisation_id}


def check_api_token(values: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(values.get("organisation"), Organisation):
        raise ValidationError({"organisation": _("Choose the partner organisation.")})
    label = checks.text(values, "label", limit=100,
                        required=_("Say which system will use the token."))
    return {"organisation": values["organisation"], "label": label}


@transaction.atomic
def do_issue_api_token(actor: Any, **values: Any) -> tuple[ApiToken, str]:
    """A new token for an organisation's system (administrators, or ``None``: the command
    line). Returns the row and the secret, which is kept only as its hash: show it now."""
    refuse_unless(access.may_keep_api_tokens(actor))
    only_fields(values, ("organisation", "label"), "do_issue_api_token")
    clean = check_api_token(values)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(secret_hash=hash_secret(secret),
                                    created_by=acting_user(actor), **clean)
    record(actor, AuditEntry.Verb.CREATE, token,
           changes=created(token, ["organisation", "label"]))
    return token, secret


@transaction.atomic
def do_revoke_api_token(actor: Any, token: ApiToken) -> ApiToken:
    """Revoke ``token``: it opens nothing from now on (the row stays, for the trail)."""
    refuse_unless(access.may_keep_api_tokens(actor))
    token = locked(ApiToken).get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("This token is already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor, AuditEntry.Verb.UPDATE, token,
           changes={"revoked_at": (None, token.revoked_at)})
    return token


def do_note_api_token_use(token: ApiToken) -> None:
    """Note when the token was last used (at most once a minute; what it did is audited by
    the action it did)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= USE_NOTED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def do_refer_by_api(token: ApiToken, programme: Programme, *,
                    consent_given_at: dt.datetime | None, consent_covers: str,
                    details: dict[str, Any] | None = None, **values: Any) -> Referral:
    """A referral (``REFERRAL_FIELDS``) sent by the system of ``token``'s organisation, with
    the patient's consent as that system recorded it. The same checks as ``do_refer``: the
    programme must take referrals from the organisation, and be for the patient; what a
    person's role would decide, the live token decides. ``details``: what the audit entry
    also says (never patient data)."""
    only_fields(values, REFERRAL_FIELDS, "do_refer_by_api")
    token = locked(ApiToken).select_related("organisation").get(pk=token.pk)
    refuse_unless(token.is_live)
    given_at, covers = check_consent(consent_given_at, consent_covers)
    day = timezone.localdate()
    programme = Programme.objects.select_related("collaboration").get(pk=programme.pk)
    check_referring_organisation(programme, token.organisation, day)
    return create_referral(None, programme, token.organisation, values, day,
                           details=token_details(token) | (details or {}),
                           api_token=token, referred_by=None, consent_given_at=given_at,
                           consent_covers=covers, consent_recorded_by=None)


TASK_FIELDS = ("state", "decline_reason")


@transaction.atomic
def do_view_task(token: ApiToken, referral: Referral) -> Referral:
    """The partner's system reads the referral's status (its FHIR Task): recorded like every
    look at a referral. The caller got ``referral`` from ``access.get_referral_for_token``."""
    refuse_unless(access.may_read_task(token, referral))
    record(None, AuditEntry.Verb.VIEW, referral, collaboration_code=code(referral.programme),
           details=token_details(token) | {"as": "api", "fields": list(TASK_FIELDS)})
    return referral
