from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "klynge.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from klynge.core.sqlite import configure_sqlite

        connection_created.connect(configure_sqlite, dispatch_uid="klynge-sqlite")
