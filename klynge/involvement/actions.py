"""The only writers of the involvement app (the ledger, the themes a panel follows): each
atomic, with an audit entry.

Bad input is refused with a translated ``ValidationError`` and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.cases.models import Case
from klynge.core.writes import locked, only_fields
from klynge.governance.models import Body
from klynge.involvement import access
from klynge.involvement.following import offered_terms
from klynge.involvement.models import FollowedTerm, Involvement, Step
from klynge.vocabulary.models import Term

FIELDS = ("body", "others", "step", "happened_on", "said", "feedback", "fed_back_on")


def check_involvement(actor: Any, case: Case, values: dict[str, Any]) -> dict[str, Any]:
    """The entry's values, cleaned; refused with a message per field when they do not hold."""
    if not access.may_keep_ledger(actor, case):
        raise PermissionDenied
    clean = {name: values.get(name) for name in FIELDS}
    for name in ("others", "said", "feedback"):
        clean[name] = (clean[name] or "").strip()
    errors: dict[str, str] = {}
    body: Body | None = clean["body"]
    if body is None and not clean["others"]:
        errors["others"] = _("Name who was involved: choose a body or write who it was.")
    if body is not None and not access.involved_bodies(actor, case).filter(pk=body.pk).exists():
        errors["body"] = _("Choose a body of this collaboration or one taking part in it.")
    if clean["step"] not in Step.values:
        errors["step"] = _("Choose a step of the involvement scale.")
    errors |= _date_errors(clean["happened_on"], clean["fed_back_on"], str(clean["feedback"]))
    if errors:
        raise ValidationError(errors)
    return clean


def _date_errors(happened_on: dt.date | None, fed_back_on: dt.date | None,
                 feedback: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if happened_on is None:
        errors["happened_on"] = _("Give the date of the involvement.")
    elif happened_on > today:
        errors["happened_on"] = _("Record an involvement once it has happened: the date "
                                  "cannot be after today.")
    if fed_back_on is not None and not feedback:
        errors["feedback"] = _("Write what was fed back.")
    if feedback and fed_back_on is None:
        errors["fed_back_on"] = _("Give the date the feedback was given.")
    if fed_back_on is not None and fed_back_on > today:
        errors["fed_back_on"] = _("The feedback date cannot be after today.")
    elif fed_back_on is not None and happened_on is not None and fed_back_on < happened_on:
        errors["fed_back_on"] = _("Feedback comes after the involvement: the date cannot be "
                                  "before %(date)s.") % {"date": happened_on.isoformat()}
    return errors


def _plain(value: Any) -> Any:
    """A value as the audit trail keeps it: a body by its key, a date as text."""
    if isinstance(value, Body):
        return value.pk
    return value.isoformat() if isinstance(value, dt.date) else value


def _audit_values(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _plain(value) for name, value in values.items()}


@transaction.atomic
def do_record_involvement(actor: Any, case: Case, **values: Any) -> Involvement:
    """A new entry in ``case``'s ledger (``body`` and/or ``others``, ``step``,
    ``happened_on``, ``said``, and the feedback if it was given already)."""
    only_fields(values, FIELDS, "do_record_involvement")
    case = locked(Case).select_related("collaboration").get(pk=case.pk)
    clean = check_involvement(actor, case, values)
    now = timezone.now()
    involvement = Involvement.objects.create(case=case, recorded_by=actor, recorded_at=now,
                                             changed_at=now, **clean)
    record(actor, "create", involvement, collaboration_code=case.collaboration.code,
           details={"case": case.pk, **_audit_values(clean)})
    return involvement


@transaction.atomic
def do_update_involvement(actor: Any, involvement: Involvement, **values: Any) -> Involvement:
    """Change an entry; the values not given stay as they are."""
    only_fields(values, FIELDS, "do_update_involvement")
    involvement = locked(Involvement).select_related("case__collaboration", "body").get(
        pk=involvement.pk)
    case = involvement.case
    old = {name: getattr(involvement, name) for name in FIELDS}
    clean = check_involvement(actor, case, old | values)
    changes = {name: (old[name], clean[name]) for name in FIELDS if old[name] != clean[name]}
    if changes:
        for name, value in clean.items():
            setattr(involvement, name, value)
        involvement.changed_at = timezone.now()
        involvement.save()
        record(actor, "update", involvement, collaboration_code=case.collaboration.code,
               changes={name: (_plain(before), _plain(after))
                        for name, (before, after) in changes.items()},
               details={"case": case.pk})
    return involvement


def do_record_feedback(actor: Any, involvement: Involvement, *, feedback: str,
                       fed_back_on: dt.date | None) -> Involvement:
    """What was fed back to those involved, and when."""
    if not (feedback or "").strip():
        raise ValidationError({"feedback": _("Write what was fed back.")})
    return do_update_involvement(actor, involvement, feedback=feedback,
                                 fed_back_on=fed_back_on)


@transaction.atomic
def do_remove_involvement(actor: Any, involvement: Involvement) -> None:
    """Remove an entry recorded by mistake (the audit trail keeps what it said)."""
    involvement = locked(Involvement).select_related("case__collaboration", "body").get(
        pk=involvement.pk)
    if not access.may_keep_ledger(actor, involvement.case):
        raise PermissionDenied
    record(actor, "delete", involvement, collaboration_code=involvement.case.collaboration.code,
           details={"case": involvement.case_id, **_audit_values(
               {name: getattr(involvement, name) for name in FIELDS})})
    involvement.delete()


@transaction.atomic
def do_set_followed_terms(actor: Any, body: Body, terms: Iterable[Term]) -> list[Term]:
    """The themes and target groups ``body`` follows, replacing those it followed."""
    if not access.may_set_followed(actor, body):
        raise PermissionDenied
    chosen = {term.pk: term for term in terms}
    allowed = set(offered_terms(body).values_list("pk", flat=True))
    if set(chosen) - allowed:
        raise ValidationError({"terms": _("Choose themes and target groups of the "
                                          "collaborations the body takes part in.")})
    before = set(FollowedTerm.objects.filter(body=body).values_list("term_id", flat=True))
    added, removed = set(chosen) - before, before - set(chosen)
    FollowedTerm.objects.filter(body=body, term_id__in=removed).delete()
    FollowedTerm.objects.bulk_create([FollowedTerm(body=body, term_id=pk, set_by=actor)
                                      for pk in sorted(added)])
    if added or removed:
        record(actor, "update", body, details={"follows": {"added": sorted(added),
                                                           "removed": sorted(removed)}},
               collaboration_code=body.collaboration.code if body.collaboration else "")
    return list(chosen.values())
