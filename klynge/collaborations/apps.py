from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationsConfig(AppConfig):
    name = "klynge.collaborations"
    label = "collaborations"
    verbose_name = _("Collaborations")
