"""The only writers of attachments. The owning app's action calls these inside its own
transaction, after it has decided the actor may change the owner.

A file is written to storage before its row is saved. If the transaction then rolls back,
the file has no row: nobody can reach it (names are random), and
:func:`do_remove_orphan_files` (run by ``klynge tick``) deletes it after a day.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from klynge.attachments.checks import check_upload
from klynge.attachments.models import Attachment, private_storage
from klynge.audit.actions import acting_user, record

ORPHAN_AGE = dt.timedelta(days=1)


@transaction.atomic
def do_attach_file(actor: Any, owner: models.Model, upload: UploadedFile, *,
                   collaboration_code: str = "") -> Attachment:
    """Check and store ``upload`` as an attachment of ``owner``. A refused file raises
    ``ValidationError`` and stores nothing."""
    checked = check_upload(upload.name or "", upload.size or 0, upload)  # type: ignore[arg-type]
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk,
        name=checked.name, mime_type=checked.mime_type, size=checked.size,
        sha256=checked.sha256,
        uploaded_by=acting_user(actor),
    )
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    record(actor, "attach", owner, collaboration_code=collaboration_code,
           details={"attachment": attachment.pk, "name": checked.name, "size": checked.size,
                    "sha256": checked.sha256})
    return attachment


@transaction.atomic
def do_remove_attachment(actor: Any, attachment: Attachment, *,
                         collaboration_code: str = "") -> None:
    owner = attachment.owner
    name, storage = str(attachment.file.name), attachment.file.storage
    details = {"attachment": attachment.pk, "name": attachment.name}
    attachment.delete()
    if owner is not None:
        record(actor, "detach", owner, collaboration_code=collaboration_code, details=details)
    transaction.on_commit(lambda: storage.delete(name))


def do_remove_orphan_files(now: dt.datetime | None = None) -> int:
    """Delete stored files older than a day that no attachment refers to; returns how many."""
    now = now or timezone.now()
    storage = private_storage()
    root = storage.location
    if not os.path.isdir(root):
        return 0
    known = set(Attachment.objects.values_list("file", flat=True))
    removed = 0
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            path = os.path.join(folder, filename)
            name = os.path.relpath(path, root).replace(os.sep, "/")
            modified = dt.datetime.fromtimestamp(os.path.getmtime(path), tz=dt.UTC)
            if name not in known and now - modified > ORPHAN_AGE:
                os.remove(path)
                removed += 1
    return removed
