"""Files attached to a case, an agenda item, a hearing or an answer: stored privately.

An attachment belongs to one object (any model, through its content type and key). It is
never served by the web server directly: the owning app's view checks access to the owner
and then calls :func:`klynge.attachments.serving.serve`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage() -> FileSystemStorage:
    """Files under ``KLYNGE_PRIVATE_FILES``, outside anything the web server serves."""
    return FileSystemStorage(location=settings.KLYNGE_PRIVATE_FILES, base_url=None)


def stored_name(instance: Attachment, filename: str) -> str:
    """A name nobody can guess or choose: the original name is kept in the row only."""
    return f"{instance.content_type_id}/{uuid.uuid4().hex}"


class AttachmentQuerySet(models.QuerySet["Attachment"]):
    def of(self, obj: models.Model) -> AttachmentQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj),
                           object_id=obj.pk)


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), storage=private_storage, upload_to=stored_name,
                            max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.name

    @property
    def size_label(self) -> str:
        from django.template.defaultfilters import filesizeformat

        return str(filesizeformat(self.size))

    def belongs_to(self, obj: Any) -> bool:
        return bool(self.object_id == obj.pk and self.content_type.model_class() is type(obj))
