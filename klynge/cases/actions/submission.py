"""Submitting a case, its file number, changing it, its attachments and confidentiality."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.attachments.actions import do_attach_file, do_remove_attachment
from klynge.attachments.models import Attachment
from klynge.cases import access
from klynge.cases.actions.common import (
    actor_roles,
    audit,
    event,
    fresh,
    secretariat_user_ids,
    tell,
)
from klynge.cases.models import Case, CaseEvent, FileSeries, State
from klynge.collaborations.models import Collaboration
from klynge.core.writes import locked, only_fields
from klynge.governance.models import Body, Person
from klynge.notifications.actions import do_follow
from klynge.notifications.models import Topic
from klynge.vocabulary.models import Term

TEXT_FIELDS = ("title", "description", "request")
TAG_FIELDS = ("target_groups", "themes")
CASE_FIELDS = (*TEXT_FIELDS, *TAG_FIELDS)
TAG_KINDS = {"target_groups": Term.Kind.TARGET_GROUP, "themes": Term.Kind.THEME}


def next_serial(collaboration: Collaboration, year: int) -> int:
    """The next number in the collaboration's series for ``year``. The series row is locked
    until the transaction ends, so concurrent submissions never share a number."""
    FileSeries.objects.get_or_create(collaboration=collaboration, year=year)
    series = locked(FileSeries).get(collaboration=collaboration, year=year)
    series.last += 1
    series.save(update_fields=["last"])
    return series.last


def check_case(collaboration: Collaboration, values: dict[str, Any],
               case: Case | None = None) -> None:
    """The text is given, and each tag is an active term of the right kind of
    ``collaboration`` (a retired one a case already has may stay)."""
    errors: dict[str, str] = {}
    required = {"title": _("Give the case a title."),
                "description": _("Describe the case."),
                "request": _("Say what the case asks for.")}
    for name, message in required.items():
        if name in values and not str(values[name] or "").strip():
            errors[name] = message
    for name, kind in TAG_KINDS.items():
        kept = set(getattr(case, name).values_list("pk", flat=True)) if case else set()
        for term in values.get(name) or ():
            if (term.collaboration_id != collaboration.pk or term.kind != kind
                    or (term.retired and term.pk not in kept)):
                errors[name] = _("%(term)s cannot be chosen here.") % {"term": term.label}
    if errors:
        raise ValidationError(errors)


def _check_submitter(actor: Any, collaboration: Collaboration,
                     submitting_body: Body | None) -> None:
    roles = actor_roles(actor)
    if submitting_body is None:
        if not access.may_submit_as_self(roles, collaboration):
            raise ValidationError({"submit_as": _(
                "You hold no seat in a body of %(collaboration)s; submit the case as a panel "
                "or council you sit in.") % {"collaboration": collaboration.name}})
    elif not access.submitting_bodies(roles, collaboration).filter(
            pk=submitting_body.pk).exists():
        raise ValidationError({"submit_as": _("You cannot submit a case as %(body)s in "
                                              "%(collaboration)s.") % {
            "body": submitting_body.name, "collaboration": collaboration.name}})


def _attach(actor: Any, case: Case, files: Iterable[UploadedFile]) -> list[Attachment]:
    return [do_attach_file(actor, case, upload, collaboration_code=case.collaboration.code)
            for upload in files]


@transaction.atomic
def do_submit_case(actor: Any, collaboration: Collaboration, *, title: str, description: str,
                   request: str, target_groups: Iterable[Term] = (),
                   themes: Iterable[Term] = (), submitting_body: Body | None = None,
                   files: Iterable[UploadedFile] = ()) -> Case:
    """A new case in ``collaboration``, by ``actor`` or as ``submitting_body`` (a panel or
    council the actor sits in). It gets the next file number of the year; the submitter
    follows it; the secretariat and the followers of its themes are told."""
    values: dict[str, Any] = {"title": title.strip(), "description": description.strip(),
              "request": request.strip(), "target_groups": list(target_groups),
              "themes": list(themes)}
    check_case(collaboration, values)
    _check_submitter(actor, collaboration, submitting_body)
    now = timezone.now()
    year = timezone.localdate(now).year
    case = Case.objects.create(
        collaboration=collaboration, year=year, serial=next_serial(collaboration, year),
        title=values["title"], description=values["description"], request=values["request"],
        submitted_by=Person.objects.filter(user_id=actor.pk).first(),
        submitting_body=submitting_body, origin_body=submitting_body,
        state=State.SUBMITTED, submitted_at=now)
    case.target_groups.set(values["target_groups"])
    case.themes.set(values["themes"])
    event(actor, case, CaseEvent.Kind.SUBMITTED, to_state=State.SUBMITTED,
          details={"submitting_body": submitting_body.pk} if submitting_body else {})
    audit(actor, "create", case, changes={
        "file_number": (None, case.file_number), "title": (None, case.title),
        "submitting_body": (None, submitting_body), "target_groups": (None, values[
            "target_groups"]), "themes": (None, values["themes"])})
    _attach(actor, case, files)
    do_follow(actor, actor, Topic.CASE, case.pk)
    tell(actor, case, gettext_noop("New case %(number)s: %(title)s"),
         also_users=secretariat_user_ids(case),
         also_topics=[(Topic.THEME, term.pk)
                      for term in [*values["themes"], *values["target_groups"]]])
    return case


def _tag_changes(case: Case, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for name in TAG_FIELDS:
        if name not in values:
            continue
        old = sorted(getattr(case, name).values_list("pk", flat=True))
        new = sorted(term.pk for term in values[name])
        if old != new:
            changes[name] = (old, new)
            getattr(case, name).set(values[name])
    return changes


@transaction.atomic
def do_change_case(actor: Any, case: Case, **values: Any) -> Case:
    """Change the text and tags: the submitter while the case waits for screening or was
    returned, the secretariat while it is open."""
    only_fields(values, CASE_FIELDS, "do_change_case")
    case = fresh(case)
    if not access.may_edit_case(actor_roles(actor), case):
        raise PermissionDenied
    values = {k: (v.strip() if k in TEXT_FIELDS else list(v)) for k, v in values.items()}
    check_case(case.collaboration, values, case)
    changes = {name: (getattr(case, name), values[name]) for name in TEXT_FIELDS
               if name in values and getattr(case, name) != values[name]}
    for name, (_old, new) in changes.items():
        setattr(case, name, new)
    if changes:
        case.save()
    changes |= _tag_changes(case, values)
    if changes:
        event(actor, case, CaseEvent.Kind.CHANGED, from_state=case.state, to_state=case.state,
              details={"fields": sorted(changes)})
        audit(actor, "update", case, changes=changes)
        tell(actor, case, gettext_noop("Case %(number)s was changed."))
    return case


@transaction.atomic
def do_attach_to_case(actor: Any, case: Case, files: Iterable[UploadedFile]) -> list[Attachment]:
    """Attach ``files`` (each checked; one refused stores none)."""
    case = fresh(case)
    if not access.may_edit_case(actor_roles(actor), case):
        raise PermissionDenied
    made = _attach(actor, case, files)
    if made:
        event(actor, case, CaseEvent.Kind.CHANGED, from_state=case.state, to_state=case.state,
              details={"attached": [a.name for a in made]})
        tell(actor, case, gettext_noop("Files were attached to case %(number)s."))
    return made


@transaction.atomic
def do_remove_case_attachment(actor: Any, case: Case, attachment: Attachment) -> None:
    case = fresh(case)
    if not access.may_edit_case(actor_roles(actor), case):
        raise PermissionDenied
    if not attachment.belongs_to(case):
        raise ValidationError(_("The file is not attached to case %(number)s.")
                              % {"number": case.file_number})
    name = attachment.name
    do_remove_attachment(actor, attachment, collaboration_code=case.collaboration.code)
    event(actor, case, CaseEvent.Kind.CHANGED, from_state=case.state, to_state=case.state,
          details={"removed": name})


@transaction.atomic
def do_set_case_confidential(actor: Any, case: Case, confidential: bool,
                             reason: str = "") -> Case:
    """Only the secretariat, the submitter and the bodies it has been with see a
    confidential case."""
    case = fresh(case)
    if not access.may_change_case(actor_roles(actor), case):
        raise PermissionDenied
    if case.confidential != confidential:
        changes = {"confidential": (case.confidential, confidential)}
        case.confidential = confidential
        case.save()
        event(actor, case, CaseEvent.Kind.CHANGED, from_state=case.state, to_state=case.state,
              reason=reason, details={"confidential": confidential})
        audit(actor, "update", case, changes=changes, reason=reason)
    return case
