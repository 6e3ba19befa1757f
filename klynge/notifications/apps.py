import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "klynge.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from klynge.core.navigation import Link
        from klynge.core.navigation import register as register_link
        from klynge.core.schedule import register
        from klynge.notifications import outbox, tasks, topics  # noqa: F401 (describers)

        register_link(Link("header", "notifications", _("Notifications"),
                           "notifications:list", order=80))

        # The digests of yesterday are due at 07:00 (outbox.DIGEST_TIME); send them then.
        register("notifications.digest", dt.timedelta(days=1), tasks.enqueue_sending,
                 at=outbox.DIGEST_TIME)
        # Give back the claims of dead senders, and send anything due whose enqueue was lost.
        register("notifications.reaper", dt.timedelta(minutes=5), tasks.reap_and_enqueue)
