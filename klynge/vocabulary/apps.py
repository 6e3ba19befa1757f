from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VocabularyConfig(AppConfig):
    name = "klynge.vocabulary"
    label = "vocabulary"
    verbose_name = _("Themes and target groups")

    def ready(self) -> None:
        from klynge.core.navigation import Link, register

        register(Link("collaboration", "vocabulary", _("Themes and target groups"),
                      "vocabulary:vocabulary", order=60,
                      args=lambda collaboration: [collaboration.code]))
