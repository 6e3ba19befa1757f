from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "klynge.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from klynge.core.navigation import Link, register

        register(Link("header", "search", _("Search"), "search:search", order=90))
