import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "klynge.volunteering"
    label = "volunteering"
    verbose_name = _("Volunteering")

    def ready(self) -> None:
        from klynge.core.navigation import Link
        from klynge.core.navigation import register as register_link
        from klynge.core.schedule import register
        from klynge.governance.demo import demo_loading, demo_removing
        from klynge.volunteering.access import has_volunteering_role
        from klynge.volunteering.demo import load_volunteering, remove_volunteering
        from klynge.volunteering.jobs import do_anonymise_closed, do_remind_certificates

        register_link(Link("header", "volunteering", _("Volunteering"), "volunteering:overview",
                           order=40, show=lambda user, _obj: has_volunteering_role(user)))

        register("volunteering.certificate_reminders", dt.timedelta(days=1),
                 do_remind_certificates, at=dt.time(6, 30))
        register("volunteering.anonymise", dt.timedelta(days=1), do_anonymise_closed,
                 at=dt.time(3, 45))
        register_link(Link("collaboration", "volunteering", _("Volunteering programmes"),
                           "volunteering:programmes", order=70,
                           show=lambda user, c: user.is_authenticated,
                           args=lambda collaboration: [collaboration.code]))
        demo_loading.connect(load_volunteering, dispatch_uid="klynge-volunteering-demo")
        demo_removing.connect(remove_volunteering, dispatch_uid="klynge-volunteering-demo")
