from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "klynge.web"
    label = "web"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from klynge.web.sqlite import use_unicode_like

        connection_created.connect(use_unicode_like, dispatch_uid="klynge-unicode-like")
