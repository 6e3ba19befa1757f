from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VocabularyConfig(AppConfig):
    name = "klynge.vocabulary"
    label = "vocabulary"
    verbose_name = _("Themes and target groups")
