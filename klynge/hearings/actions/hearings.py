"""Writing a hearing: create, change, the documents heard, open it, summarise it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from klynge.attachments.actions import do_attach_file, do_remove_attachment
from klynge.attachments.models import Attachment
from klynge.audit.actions import acting_user, created, record
from klynge.collaborations.models import Collaboration
from klynge.core.writes import apply_changes, only_fields
from klynge.hearings import access
from klynge.hearings.actions.common import (
    check_future,
    code,
    follow_hearing,
    locked_hearing,
    notify,
    refuse_unless_accepting,
    refuse_unless_draft,
)
from klynge.hearings.models import Answer, Hearing, Respondent
from klynge.notifications.models import Topic
from klynge.vocabulary.models import Term

HEARING_FIELDS = ("title", "description", "deadline", "themes")


def check_themes(collaboration: Collaboration, themes: Iterable[Term]) -> list[Term]:
    themes = list(themes)
    for term in themes:
        if term.collaboration_id != collaboration.pk or term.kind != Term.Kind.THEME:
            raise ValidationError({"themes": _("%(term)s is not a theme of %(collaboration)s.")
                                   % {"term": term.label, "collaboration": collaboration.name}})
    return themes


def check_hearing(collaboration: Collaboration, values: dict[str, Any]) -> None:
    """The checks of a draft's fields (those given)."""
    if "title" in values and not (values["title"] or "").strip():
        raise ValidationError({"title": _("A hearing needs a title.")})
    if "deadline" in values:
        check_future(values["deadline"])
    if "themes" in values:
        check_themes(collaboration, values["themes"])


@transaction.atomic
def do_create_hearing(actor: Any, collaboration: Collaboration, *, title: str,
                      deadline: dt.datetime, description: str = "",
                      themes: Iterable[Term] = (), files: Iterable[UploadedFile] = ()
                      ) -> Hearing:
    """A new hearing, as a draft, with the documents heard (``files``)."""
    themes = list(themes)
    title, description = title.strip(), description.strip()
    check_hearing(collaboration, {"title": title, "deadline": deadline, "themes": themes})
    hearing = Hearing.objects.create(
        collaboration=collaboration, title=title, description=description, deadline=deadline,
        created_by=acting_user(actor))
    hearing.themes.set(themes)
    changes = created(hearing, ["title", "description", "deadline", "state"])
    changes["themes"] = (None, sorted(term.pk for term in themes))
    record(actor, "create", hearing, changes=changes, collaboration_code=collaboration.code)
    for upload in files:
        do_attach_file(actor, hearing, upload, collaboration_code=collaboration.code)
    return hearing


def _check_open_change(hearing: Hearing, values: dict[str, Any]) -> None:
    """While open, only the deadline may move, and only later."""
    refuse_unless_accepting(hearing)
    if set(values) - {"deadline"}:
        raise ValidationError(_("While the hearing is open, only its deadline can be "
                                "changed."))
    new = values.get("deadline")
    if new is not None and new < hearing.deadline:
        raise ValidationError({"deadline": _("While the hearing is open, the deadline can "
                                             "only be extended.")})


@transaction.atomic
def do_change_hearing(actor: Any, hearing: Hearing, **values: Any) -> Hearing:
    """Change a draft's ``HEARING_FIELDS``; while open, extend its deadline."""
    only_fields(values, HEARING_FIELDS, "do_change_hearing")
    hearing = locked_hearing(hearing)
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
    if "description" in values:
        values["description"] = (values["description"] or "").strip()
    themes = values.pop("themes", None)
    current_themes = sorted(hearing.themes.values_list("pk", flat=True))
    if themes is not None and sorted(t.pk for t in themes) != current_themes:
        values["themes"] = themes
    values = {name: value for name, value in values.items()
              if name == "themes" or getattr(hearing, name) != value}
    if hearing.is_draft:
        check_hearing(hearing.collaboration, values)
    elif values:
        _check_open_change(hearing, values)
        check_future(values["deadline"])
    themes = values.pop("themes", None)
    changes = apply_changes(hearing, values)
    if themes is not None:
        hearing.themes.set(themes)
        changes["themes"] = (current_themes, sorted(t.pk for t in themes))
    if changes:
        hearing.save()
        record(actor, "update", hearing, changes=changes, collaboration_code=code(hearing))
    return hearing


@transaction.atomic
def do_attach_to_hearing(actor: Any, hearing: Hearing, uploads: Iterable[UploadedFile]
                         ) -> list[Attachment]:
    """Add documents to what is heard: while a draft, or while it accepts answers."""
    hearing = locked_hearing(hearing)
    if not hearing.is_draft:
        refuse_unless_accepting(hearing)
    return [do_attach_file(actor, hearing, upload, collaboration_code=code(hearing))
            for upload in uploads]


@transaction.atomic
def do_detach_from_hearing(actor: Any, hearing: Hearing, attachment: Attachment) -> None:
    """Remove a document from a draft."""
    hearing = locked_hearing(hearing)
    refuse_unless_draft(hearing, _("A document can only be removed while the hearing is a "
                                   "draft."))
    if not attachment.belongs_to(hearing):
        raise ValidationError(_("The file is not one of this hearing's documents."))
    do_remove_attachment(actor, attachment, collaboration_code=code(hearing))


def check_open(hearing: Hearing) -> None:
    refuse_unless_draft(hearing, _("The hearing has already been opened."))
    check_future(hearing.deadline)
    if not Respondent.objects.filter(party__hearing=hearing).exists():
        raise ValidationError(_("Invite at least one party and name who answers for it "
                                "before the hearing is opened."))


@transaction.atomic
def do_open_hearing(actor: Any, hearing: Hearing) -> Hearing:
    """Open a draft for answers: the respondents follow it and are told, and so are the
    followers of its themes (those who may see it)."""
    hearing = locked_hearing(hearing)
    check_open(hearing)
    hearing.state, hearing.opened_at = Hearing.State.OPEN, timezone.now()
    hearing.save(update_fields=["state", "opened_at"])
    record(actor, "open", hearing, changes={"state": (Hearing.State.DRAFT, hearing.state)},
           collaboration_code=code(hearing))
    respondents = access.respondent_user_ids(hearing)
    follow_hearing(actor, hearing, respondents)
    themes = hearing.themes.values_list("pk", flat=True)
    notify(actor, hearing, gettext_noop("The hearing %(title)s is open for answers until "
                                        "%(deadline)s."),
           {"deadline": timezone.localtime(hearing.deadline).strftime("%Y-%m-%d %H:%M")},
           also_topics=[(Topic.THEME, pk) for pk in themes], also_users=respondents)
    return hearing


def check_summary(hearing: Hearing, summary: str, final: bool) -> None:
    if hearing.is_summarised:
        raise ValidationError(_("The hearing has been summarised; the summary is final."))
    if not hearing.is_past_deadline:
        raise ValidationError(_("The summary is written after the deadline for answers."))
    if not final:
        return
    if not summary:
        raise ValidationError({"summary": _("Write the overall summary.")})
    missing = Answer.objects.filter(hearing=hearing, response="").count()
    if missing:
        raise ValidationError(ngettext(
            "%(count)d answer has no response yet; write what the collaboration does with "
            "it first.",
            "%(count)d answers have no response yet; write what the collaboration does with "
            "each first.", missing) % {"count": missing})


@transaction.atomic
def do_summarise_hearing(actor: Any, hearing: Hearing, *, summary: str,
                         final: bool = False) -> Hearing:
    """Save the overall summary; ``final`` also marks the hearing summarised (every answer
    must have a response) and tells its followers and respondents."""
    hearing = locked_hearing(hearing)
    summary = (summary or "").strip()
    check_summary(hearing, summary, final)
    changes = apply_changes(hearing, {"summary": summary})
    if final:
        changes |= apply_changes(hearing, {"state": Hearing.State.SUMMARISED,
                                           "summarised_at": timezone.now()})
    if not changes:
        return hearing
    hearing.save()
    record(actor, "summarise" if final else "update", hearing, changes=changes,
           collaboration_code=code(hearing))
    if final:
        notify(actor, hearing, gettext_noop("The summary of the hearing %(title)s is ready."),
               {}, url=hearing.get_summary_url(), answers=True,
               also_users=access.respondent_user_ids(hearing))
    return hearing
