from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "klynge.governance"
    label = "governance"
    verbose_name = _("Structure")

    def ready(self) -> None:
        from klynge.collaborations.loader import reference_loading
        from klynge.governance.reference_bodies import load_reference_bodies

        reference_loading.connect(load_reference_bodies, dispatch_uid="klynge-reference-bodies")
