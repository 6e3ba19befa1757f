from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvolvementConfig(AppConfig):
    name = "klynge.involvement"
    label = "involvement"
    verbose_name = _("User involvement")

    def ready(self) -> None:
        from klynge.core.navigation import Link
        from klynge.core.navigation import register as register_link
        from klynge.core.sections import Section, register
        from klynge.governance.demo import demo_loading, demo_removing
        from klynge.governance.models import Body
        from klynge.involvement.demo import load_involvement, remove_involvement
        from klynge.involvement.following import audience
        from klynge.involvement.pages import agenda_notes, case_section
        from klynge.involvement.panels import collaboration_section
        from klynge.meetings.notes import register as register_notes
        from klynge.notifications.audiences import register as register_audience

        register(Section("case", "involvement", "involvement/_case_section.html",
                         case_section, order=10))
        register_link(Link("collaboration", "involvement", _("User involvement"),
                      "involvement:overview", order=30,
                      args=lambda collaboration: [collaboration.code]))
        register_link(Link("body", "involvement", _("User involvement"),
                      "involvement:body_overview", order=30,
                      show=lambda _user, body: body.collaboration_id is not None,
                      args=lambda body: [body.pk]))
        register(Section("collaboration", "panels", "involvement/_collaboration_section.html",
                         collaboration_section, order=10))
        register_link(Link("body", "followed", _("Themes followed"), "involvement:followed",
                      order=35, show=lambda _user, body: body.kind in Body.PANEL_KINDS,
                      args=lambda body: [body.pk]))
        register_notes("involvement", agenda_notes)
        register_audience("involvement", audience)
        demo_loading.connect(load_involvement, dispatch_uid="klynge-involvement-demo")
        demo_removing.connect(remove_involvement, dispatch_uid="klynge-involvement-demo")
