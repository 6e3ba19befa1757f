"""What may be attached: size and type, the type read from the file's first bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Extension → the MIME type its content must have. Office files are ZIP containers.
ZIP = "application/zip"
ALLOWED = {
    ".pdf": ("application/pdf",),
    ".png": ("image/png",),
    ".jpg": ("image/jpeg",), ".jpeg": ("image/jpeg",),
    ".docx": (ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": (ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": (ZIP, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": (ZIP, "application/vnd.oasis.opendocument.text"),
    ".ods": (ZIP, "application/vnd.oasis.opendocument.spreadsheet"),
    ".txt": ("text/plain",),
    ".csv": ("text/csv",),
}
SERVED_TYPE = {
    ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
}
TEXT_TYPES = ("text/plain", "text/csv")


@dataclass(frozen=True)
class Checked:
    name: str
    mime_type: str
    size: int
    sha256: str


def max_size() -> int:
    return int(getattr(settings, "KLYNGE_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def allowed_label() -> str:
    return ", ".join(sorted(ext.lstrip(".").upper() for ext in ALLOWED))


def _sniffed(head: bytes, extension: str) -> str | None:
    """The type the content shows, or None if it does not match ``extension``."""
    expected = ALLOWED[extension]
    if expected[0] in TEXT_TYPES:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # not just a character cut at the end
                return None
        return None if b"\x00" in head else SERVED_TYPE[extension]
    kind = filetype.guess(head)
    if kind is None or kind.mime not in expected:
        return None
    return SERVED_TYPE[extension]


def check_upload(name: str, size: int, stream: IO[bytes]) -> Checked:
    """Refuse a file that is empty, too large, of a type not allowed, or whose content is not
    what its name says; the message names the file and the limit."""
    clean_name = PurePath(name.replace("\\", "/")).name[:200] or "file"
    extension = PurePath(clean_name).suffix.lower()
    if size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": clean_name})
    if size > max_size():
        raise ValidationError(
            _("The file %(name)s is %(size)s; files may be at most %(limit)s.")
            % {"name": clean_name, "size": filesizeformat(size),
               "limit": filesizeformat(max_size())})
    if extension not in ALLOWED:
        raise ValidationError(
            _("Files of the type %(name)s cannot be attached. Allowed types: %(types)s.")
            % {"name": clean_name, "types": allowed_label()})
    stream.seek(0)
    head = stream.read(8192)
    mime_type = _sniffed(head, extension)
    if mime_type is None:
        raise ValidationError(
            _("The content of %(name)s is not a %(type)s file.")
            % {"name": clean_name, "type": extension.lstrip(".").upper()})
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(0)
    return Checked(clean_name, mime_type, size, digest.hexdigest())
