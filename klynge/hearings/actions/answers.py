"""Answering a hearing (a party, through its respondents) and responding to the answers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.attachments.actions import do_attach_file, do_remove_attachment
from klynge.attachments.models import Attachment
from klynge.audit.actions import record
from klynge.core.writes import locked
from klynge.hearings.actions.common import (
    code,
    locked_hearing,
    notify,
    refuse_unless_accepting,
    secretariat_user_ids,
)
from klynge.hearings.models import Answer, Hearing, Party, Respondent


def check_answer(actor: Any, hearing: Hearing, party: Party) -> None:
    """Refuse unless ``actor`` answers for ``party`` and the hearing accepts answers."""
    refuse_unless_accepting(hearing)
    user_id = getattr(actor, "pk", None)
    if user_id is None or not Respondent.objects.filter(party=party,
                                                        person__user_id=user_id).exists():
        raise ValidationError(_("Only the people named to answer for %(party)s can answer "
                                "for it.") % {"party": party.name})


def _files_to_remove(answer: Answer | None, remove: Iterable[Attachment]) -> list[Attachment]:
    remove = list(remove)
    if remove and (answer is None or any(not att.belongs_to(answer) for att in remove)):
        raise ValidationError(_("Only the answer's own files can be removed."))
    return remove


@transaction.atomic
def do_answer_hearing(actor: Any, party: Party, *, text: str = "",
                      files: Iterable[UploadedFile] = (),
                      remove: Iterable[Attachment] = ()) -> Answer:
    """Write or change ``party``'s answer: its text, files added and files removed. Refused
    after the deadline, before the hearing opens, and for anyone not named to answer."""
    hearing = locked_hearing(party.hearing_id)
    check_answer(actor, hearing, party)
    answer = locked(Answer).filter(party=party).first()
    files, text = list(files), (text or "").strip()
    removing = _files_to_remove(answer, remove)
    kept = (Attachment.objects.of(answer).exclude(pk__in=[a.pk for a in removing]).count()
            if answer is not None else 0)
    if not text and not files and not kept:
        raise ValidationError({"text": _("Write an answer or attach a file.")})
    now, is_new = timezone.now(), answer is None
    old_text = answer.text if answer is not None else None
    if answer is None:
        answer = Answer.objects.create(hearing=hearing, party=party, text=text, written_by=actor,
                                       answered_at=now, changed_at=now)
    else:
        answer.text, answer.written_by, answer.changed_at = text, actor, now
        answer.save(update_fields=["text", "written_by", "changed_at"])
    for attachment in removing:
        do_remove_attachment(actor, attachment, collaboration_code=code(hearing))
    added = [do_attach_file(actor, answer, upload, collaboration_code=code(hearing))
             for upload in files]
    changes = {"text": (old_text, text)} if old_text != text else {}
    record(actor, "create" if is_new else "update", answer, changes=changes,
           collaboration_code=code(hearing),
           details={"party": party.pk, "added": [a.pk for a in added],
                    "removed": [a.pk for a in removing]})
    if is_new:
        notify(actor, hearing, gettext_noop("%(party)s answered the hearing %(title)s."),
               {"party": party.name}, answers=True, only_users=True,
               also_users=secretariat_user_ids(hearing.collaboration))
    return answer


@transaction.atomic
def do_respond_to_answer(actor: Any, answer: Answer, response: str) -> Answer:
    """Write what the collaboration does with ``answer``: after the deadline, until the
    hearing is summarised."""
    hearing = locked_hearing(answer.hearing_id)
    if hearing.is_summarised:
        raise ValidationError(_("The hearing has been summarised; the summary is final."))
    if not hearing.is_past_deadline:
        raise ValidationError(_("Responses are written after the deadline for answers."))
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": _("Write what the collaboration does with the "
                                             "answer.")})
    answer = locked(Answer).get(pk=answer.pk)
    if answer.response == response:
        return answer
    old = answer.response
    answer.response, answer.responded_by, answer.responded_at = response, actor, timezone.now()
    answer.save(update_fields=["response", "responded_by", "responded_at"])
    record(actor, "respond", answer, changes={"response": (old, response)},
           collaboration_code=code(hearing))
    return answer
