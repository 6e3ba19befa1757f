"""Attachments: what may be attached, how it is stored, served and cleaned up."""

from __future__ import annotations

import datetime as dt
import io
import os
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from klynge.attachments.actions import (
    do_attach_file,
    do_remove_attachment,
    do_remove_orphan_files,
)
from klynge.attachments.checks import check_upload
from klynge.attachments.forms import FilesField
from klynge.attachments.models import Attachment, private_storage
from klynge.attachments.serving import attachment_of, serve
from klynge.audit.models import AuditEntry
from klynge.testing.factories import make_body, make_collaboration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def check(name: str, content: bytes) -> str:
    return check_upload(name, len(content), io.BytesIO(content)).mime_type


@pytest.mark.parametrize(("name", "content", "mime"), [
    ("Plan.pdf", PDF, "application/pdf"),
    ("billede.PNG", PNG, "image/png"),
    ("noter.txt", "Ældre borgere på Østerbro".encode(), "text/plain; charset=utf-8"),
    ("tal.csv", b"a;b\n1;2\n", "text/csv; charset=utf-8"),
])
def test_allowed_files_pass_with_the_type_their_content_shows(name: str, content: bytes,
                                                              mime: str) -> None:
    assert check(name, content) == mime


@pytest.mark.parametrize(("name", "content", "message"), [
    ("program.exe", b"MZ\x90\x00", "cannot be attached"),
    ("script.html", b"<script>", "cannot be attached"),
    ("falsk.pdf", b"MZ\x90\x00 not a pdf", "is not a PDF file"),
    ("falsk.png", PDF, "is not a PNG file"),
    ("binær.txt", b"\x00\x01\x02\x03" * 10, "is not a TXT file"),
    ("tom.pdf", b"", "is empty"),
])
def test_refused_files_get_a_message_naming_them(name: str, content: bytes,
                                                 message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check(name, content)
    assert message in refused.value.messages[0]
    assert name.split(".")[0] in refused.value.messages[0] or "empty" in message


@override_settings(KLYNGE_ATTACHMENT_MAX_BYTES=100)
def test_a_file_over_the_limit_is_refused_with_both_sizes() -> None:
    with pytest.raises(ValidationError) as refused:
        check("stor.pdf", PDF + b" " * 200)
    assert "at most 100" in refused.value.messages[0]


def test_a_path_in_the_name_is_dropped() -> None:
    assert check_upload("../../etc/Plan.pdf", len(PDF), io.BytesIO(PDF)).name == "Plan.pdf"
    assert check_upload("C:\\Users\\x\\Plan.pdf", len(PDF), io.BytesIO(PDF)).name == "Plan.pdf"


def test_the_form_field_checks_every_file() -> None:
    field = FilesField()
    good = SimpleUploadedFile("a.pdf", PDF)
    bad = SimpleUploadedFile("b.exe", b"MZ")
    assert field.clean([good]) == [good]
    with pytest.raises(ValidationError):
        field.clean([good, bad])


@pytest.mark.django_db
def test_attaching_stores_privately_audits_and_serves_only_for_the_owner() -> None:
    body = make_body()
    other = make_body(body.collaboration)
    attachment = do_attach_file(None, body, SimpleUploadedFile("Plan.pdf", PDF),
                                collaboration_code=body.collaboration.code)
    assert attachment.name == "Plan.pdf" and attachment.size == len(PDF)
    assert "Plan" not in attachment.file.name  # a random name on disk
    assert attachment.file.path.startswith(str(private_storage().location))
    assert AuditEntry.objects.filter(verb="attach", object_id=str(body.pk)).exists()
    assert attachment_of(body, attachment.pk) == attachment
    from django.http import Http404

    with pytest.raises(Http404):
        attachment_of(other, attachment.pk)
    response = serve(attachment)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_removing_deletes_the_file_after_commit() -> None:
    body = make_body()
    attachment = do_attach_file(None, body, SimpleUploadedFile("Plan.pdf", PDF))
    path = attachment.file.path
    do_remove_attachment(None, attachment)
    assert not Attachment.objects.exists() and not os.path.exists(path)


@pytest.mark.django_db
def test_orphan_files_older_than_a_day_are_removed() -> None:
    storage = private_storage()
    orphan = storage.save("99/orphan", io.BytesIO(b"left behind by a rollback"))
    kept = do_attach_file(None, make_collaboration(), SimpleUploadedFile("a.pdf", PDF))
    old = time.time() - 2 * 86400
    os.utime(storage.path(orphan), (old, old))
    os.utime(kept.file.path, (old, old))
    assert do_remove_orphan_files() == 1
    assert not storage.exists(orphan) and os.path.exists(kept.file.path)
    fresh = storage.save("99/fresh", io.BytesIO(b"an upload in progress"))
    assert do_remove_orphan_files(now=dt.datetime.now(dt.UTC)) == 0
    assert storage.exists(fresh)
