from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "klynge.insights"
    label = "insights"
    verbose_name = _("Population insights")

    def ready(self) -> None:
        from klynge.core.navigation import Link, register
        from klynge.insights.access import may_analyse, sees_results

        register(Link("collaboration", "population", _("Population"), "insights:population",
                      order=59, show=lambda user, c: sees_results(user, c.pk),
                      args=lambda collaboration: [collaboration.code]))
        register(Link("collaboration", "insights", _("Data sets and runs"), "insights:index",
                      order=60, show=lambda user, c: may_analyse(user, c.pk),
                      args=lambda collaboration: [collaboration.code]))
