from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "klynge.hearings"
    label = "hearings"
    verbose_name = _("Hearings")

    def ready(self) -> None:
        from klynge.hearings.topics import describe_hearings
        from klynge.notifications.topics import register_topic

        register_topic("hearing", describe_hearings)

        from klynge.core.navigation import Link, register

        register(Link("collaboration", "hearings", _("Hearings"), "hearings:list", order=30,
                      args=lambda collaboration: [collaboration.code]))
