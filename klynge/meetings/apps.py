import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _keeps_action_items(user: Any, collaboration: Any) -> bool:
    from klynge.governance.roles import roles_of

    return roles_of(user).is_secretariat_of(collaboration.pk)


def _receives_clusters(user: Any, collaboration: Any) -> bool:
    from klynge.collaborations.models import Collaboration

    return (collaboration.kind == Collaboration.Kind.HEALTH_COUNCIL
            and _keeps_action_items(user, collaboration))


def _signed_in(user: Any, _obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _reminders() -> int:
    from klynge.meetings.actions import remind_overdue_action_items

    return remind_overdue_action_items()


class MeetingsConfig(AppConfig):
    name = "klynge.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from klynge.core.navigation import Link, register
        from klynge.core.schedule import register as register_job
        from klynge.governance.demo import demo_loading, demo_removing
        from klynge.meetings.demo import (
            load_working_cycle,
            remove_working_cycle,
            seed_vocabularies,
        )
        from klynge.meetings.topics import describe_meetings
        from klynge.notifications.topics import register_topic

        register(Link("body", "meetings", _("Meetings"), "meetings:body_meetings", order=20,
                      args=lambda body: [body.pk]))
        register(Link("collaboration", "action_items", _("Action items"),
                      "meetings:action_items", order=40, show=_keeps_action_items,
                      args=lambda collaboration: [collaboration.code]))
        register(Link("collaboration", "handover", _("Taking over from the health clusters"),
                      "meetings:handover_list", order=45, show=_receives_clusters,
                      args=lambda collaboration: [collaboration.code]))
        register(Link("person", "my_work", _("My coming meetings and action items"),
                      "meetings:me", order=10, show=_is_own_person))
        register(Link("header", "my_work", _("My work"), "meetings:me", order=10,
                      show=_signed_in))
        register_job("meetings.overdue_reminders", dt.timedelta(days=1), _reminders,
                     at=dt.time(7, 30))
        register_topic("meeting", describe_meetings)
        demo_loading.connect(load_working_cycle, dispatch_uid="klynge-meetings-demo")
        demo_loading.connect(seed_vocabularies, dispatch_uid="klynge-meetings-demo-terms")
        demo_removing.connect(remove_working_cycle, dispatch_uid="klynge-meetings-demo")


def _is_own_person(user: Any, person: Any) -> bool:
    """The link to one's own work, on one's own person page only."""
    return bool(getattr(user, "is_authenticated", False) and person is not None
                and person.user_id == user.pk)
