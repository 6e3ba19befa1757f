from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "klynge.insights"
    label = "insights"
    verbose_name = _("Population insights")

    def ready(self) -> None:
        from klynge.core.navigation import Link, register
        from klynge.core.sections import Section
        from klynge.core.sections import register as register_section
        from klynge.insights.access import may_analyse, sees_results
        from klynge.insights.citations import agenda_figures
        from klynge.insights.pages import case_numbers
        from klynge.meetings.notes import register_figures

        register(Link("collaboration", "population", _("Population"), "insights:population",
                      order=59, show=lambda user, c: sees_results(user, c.pk),
                      args=lambda collaboration: [collaboration.code]))
        register(Link("collaboration", "insights", _("Data sets and runs"), "insights:index",
                      order=60, show=lambda user, c: may_analyse(user, c.pk),
                      args=lambda collaboration: [collaboration.code]))
        register_section(Section("case", "numbers", "insights/_case_numbers.html", case_numbers,
                                 order=20))
        register_figures("insights", agenda_figures)
