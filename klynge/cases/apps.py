from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "klynge.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from klynge.core.navigation import Link, register

        register(Link("collaboration", "cases", _("Cases"), "cases:case_list", order=10,
                      args=lambda collaboration: [collaboration.code]))
        register(Link("header", "my_cases", _("My cases"), "cases:my_cases", order=20))
