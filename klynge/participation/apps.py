from __future__ import annotations

import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "klynge.participation"
    label = "participation"
    verbose_name = _("Citizen participation")

    def ready(self) -> None:
        from klynge.core.navigation import Link
        from klynge.core.navigation import register as register_link
        from klynge.core.schedule import register as register_job
        from klynge.core.sections import Section, register
        from klynge.governance.demo import demo_loading, demo_removing
        from klynge.participation import access
        from klynge.participation.actions import do_anonymise_expired
        from klynge.participation.addresses import forget_addresses
        from klynge.participation.demo import load_participation, remove_participation
        from klynge.participation.pages import case_section, hearing_section

        register(Section("case", "participation", "participation/_case_section.html",
                         case_section, order=20))
        register(Section("hearing", "participation", "participation/_hearing_section.html",
                         hearing_section, order=20))
        register_link(Link("collaboration", "public_page", _("Public page"),
                      "participation:public", order=40,
                      args=lambda collaboration: [collaboration.code]))
        keeps = lambda user, collaboration: access.may_keep(user, collaboration.pk)  # noqa: E731
        register_link(Link("collaboration", "moderation", _("Contributions from citizens"),
                      "participation:moderation", order=41, show=keeps,
                      args=lambda collaboration: [collaboration.code]))
        register_link(Link("collaboration", "workshops", _("Idea workshops"),
                      "participation:workshops", order=42, show=keeps,
                      args=lambda collaboration: [collaboration.code]))
        register_link(Link("collaboration", "events", _("Events"),
                      "participation:events", order=43, show=keeps,
                      args=lambda collaboration: [collaboration.code]))
        register_job("participation.forget_addresses", dt.timedelta(hours=1), forget_addresses)
        register_job("participation.anonymise", dt.timedelta(days=1), do_anonymise_expired,
                     at=dt.time(3, 30))
        demo_loading.connect(load_participation, dispatch_uid="klynge-participation-demo")
        demo_removing.connect(remove_participation, dispatch_uid="klynge-participation-demo")
