"""Serving an attachment, after the owning app's access check."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import FileResponse, Http404

from klynge.attachments.models import Attachment


def attachment_of(owner: models.Model, pk: int) -> Attachment:
    """The attachment ``pk`` if it belongs to ``owner`` (already access-checked); else 404."""
    try:
        return Attachment.objects.of(owner).get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404 from None


def serve(attachment: Attachment, *, inline: bool = False) -> FileResponse:
    """The file, as a download under its original name; never sniffed by the browser."""
    try:
        handle: Any = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=not inline, filename=attachment.name,
                            content_type=attachment.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
