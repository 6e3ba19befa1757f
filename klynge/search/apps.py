import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "klynge.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from klynge.core.navigation import Link, register
        from klynge.core.schedule import register as register_job
        from klynge.governance.demo import demo_loading
        from klynge.search import signals

        register(Link("header", "search", _("Search"), "search:search", order=90))
        signals.connect()
        # A safety net, not the way the index is kept: rows changed outside the actions
        # (a bulk load, a fix by hand) are found by the next morning.
        register_job("search.rebuild", dt.timedelta(days=1), _rebuild, at=dt.time(3, 45))
        # After the working cycle's demo (an app listed before this one), which sets some
        # dates with update(): the index is written afresh.
        demo_loading.connect(_index_demo, dispatch_uid="klynge-search-demo")
        post_migrate.connect(_index_if_empty, sender=self, dispatch_uid="klynge-search-index")


def _rebuild() -> dict[str, int]:
    from klynge.search.index import rebuild

    return rebuild()


def _index_demo(**kwargs: Any) -> None:
    from klynge.search.index import rebuild

    rebuild()


def _index_if_empty(using: str = "default", **kwargs: Any) -> None:
    """After migrating a database that has things to find and no index yet (the upgrade that
    brought the index): write it."""
    from klynge.cases.models import Case
    from klynge.meetings.models import Meeting
    from klynge.search.index import rebuild
    from klynge.search.models import Entry

    if Entry.objects.using(using).exists():
        return
    if Case.objects.using(using).exists() or Meeting.objects.using(using).exists():
        rebuild()
