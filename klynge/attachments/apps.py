import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "klynge.attachments"
    label = "attachments"
    verbose_name = _("Attachments")

    def ready(self) -> None:
        from klynge.attachments.actions import do_remove_orphan_files
        from klynge.core.schedule import register

        # Files left by an upload whose form was refused, or by a removed attachment.
        register("attachments.orphan_files", dt.timedelta(days=1), do_remove_orphan_files,
                 at=dt.time(4, 0))
