"""The outbox: deliveries made with the notifications, sent once, and never lost."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings

from klynge.notifications import outbox
from klynge.notifications.actions import do_notify, theme_topics
from klynge.notifications.emails import message_id
from klynge.notifications.models import Delivery, EmailDelivery, Notification, Sent
from klynge.notifications.tasks import WorkerKilled, reap_and_enqueue, send_due
from klynge.testing.factories import make_collaboration, make_user
from klynge.testing.notifications import (
    MESSAGE,
    make_recipient,
    make_subscription,
    make_theme,
)
from klynge.vocabulary.models import Term

pytestmark = pytest.mark.django_db
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
BODY = ("body", 7)


def notify(actor: Any = None, **kw: Any) -> list[Notification]:
    kw.setdefault("topic", BODY)
    kw.setdefault("message", MESSAGE)
    kw.setdefault("params", {"name": "Styregruppe"})
    kw.setdefault("url", "/bodies/7/")
    kw.setdefault("may_see", lambda user: True)
    return do_notify(actor, **kw)


def followers_of_body(*choices: str) -> list[Any]:
    users = [make_recipient(email_choice=choice) for choice in choices]
    for user in users:
        make_subscription(user, *BODY)
    return users


def test_an_immediate_choice_gets_one_delivery_per_notification() -> None:
    (user,) = followers_of_body(EmailDelivery.IMMEDIATELY)
    notify()
    notify()
    deliveries = Delivery.objects.filter(user=user)
    assert deliveries.count() == 2
    assert all(d.kind == Delivery.Kind.IMMEDIATE and d.notifications.count() == 1
               for d in deliveries)


def test_the_digest_is_the_default_and_gathers_the_day() -> None:
    (user,) = followers_of_body(EmailDelivery.DIGEST)
    made = notify() + notify()
    (digest,) = Delivery.objects.filter(user=user)
    assert digest.kind == Delivery.Kind.DIGEST and digest.day == dt.date(2026, 11, 30)
    assert set(digest.notifications.all()) == set(made)
    assert digest.due_at == dt.datetime(2026, 12, 1, 7, 0, tzinfo=COPENHAGEN)


def test_no_email_and_no_address_get_no_delivery_but_the_notification() -> None:
    quiet, = followers_of_body(EmailDelivery.NONE)
    no_address = make_user()
    make_subscription(no_address, *BODY)
    assert len(notify()) == 2
    assert not Delivery.objects.exists()
    assert Notification.objects.filter(user__in=[quiet, no_address]).count() == 2


def test_nobody_is_told_what_may_see_refuses() -> None:
    allowed, refused = followers_of_body(EmailDelivery.IMMEDIATELY, EmailDelivery.DIGEST)
    made = notify(may_see=lambda user: user.pk == allowed.pk)
    assert [n.user for n in made] == [allowed]
    assert not Notification.objects.filter(user=refused).exists()
    assert not Delivery.objects.filter(user=refused).exists()


def test_a_real_access_check_refuses_a_confidential_body_to_an_outsider() -> None:
    from klynge.governance.access import may_see_body
    from klynge.testing.personas import make_world

    world = make_world()
    for user in (world.member, world.secretariat):
        make_subscription(user, "body", world.confidential.pk)
        user.email = f"{user.username}@example.org"
        user.save()

    made = notify(topic=("body", world.confidential.pk),
                  may_see=lambda user: may_see_body(user, world.confidential))
    assert [n.user for n in made] == [world.secretariat]  # the member does not sit in it


def test_the_followers_of_a_theme_are_told_and_the_actor_is_not() -> None:
    actor, theme_follower = followers_of_body(EmailDelivery.DIGEST, EmailDelivery.DIGEST)
    Notification.objects.all().delete()
    theme_follower.subscriptions.all().delete()
    theme = make_theme()
    target_group = make_theme(kind=Term.Kind.TARGET_GROUP, code="children")
    make_subscription(theme_follower, "theme", theme.pk)
    topics = theme_topics([theme, target_group])
    assert topics == [("theme", theme.pk)]
    made = notify(actor, topic=("case", 99), also_topics=topics)
    assert [n.user for n in made] == [theme_follower]


def test_an_immediate_message_is_sent_after_commit(django_capture_on_commit_callbacks: Any,
                                                   settings: Any) -> None:
    settings.KLYNGE_BASE_URL = "https://klynge.example.org"
    (user,) = followers_of_body(EmailDelivery.IMMEDIATELY)
    with django_capture_on_commit_callbacks(execute=True):
        notify(collaboration=make_collaboration(name="Testklyngen"))
        assert mail.outbox == []  # not before the commit
    (message,) = mail.outbox
    delivery = Delivery.objects.get(user=user)
    assert message.to == [user.email]
    assert message.extra_headers["Message-ID"] == f"<delivery-{delivery.uuid}@klynge.example.org>"
    assert "The body Styregruppe was created." in message.subject
    assert "https://klynge.example.org/bodies/7/" in message.body
    assert Sent.objects.get(delivery=delivery).message_id == message_id(delivery)


def test_the_digest_waits_for_the_morning_and_speaks_the_readers_language() -> None:
    (user,) = followers_of_body(EmailDelivery.DIGEST)
    user.language = "da"
    user.save()
    notify(collaboration=make_collaboration(name="Bklyngen"))
    notify(collaboration=make_collaboration(name="Aklyngen"))
    notify()
    assert send_due() == 0 and mail.outbox == []
    with time_machine.travel(dt.datetime(2026, 12, 1, 7, 0, tzinfo=COPENHAGEN)):
        assert send_due() == 1
    (message,) = mail.outbox
    body = message.body
    assert body.count("Organet Styregruppe er oprettet.") == 3
    assert body.index("Aklyngen") < body.index("Bklyngen")  # grouped by collaboration
    assert "30. november 2026" in body


def test_a_recorded_delivery_is_never_sent_again() -> None:
    followers_of_body(EmailDelivery.IMMEDIATELY)
    notify()
    assert send_due() == 1
    assert send_due() == 0
    later = dt.datetime(2026, 11, 30, 12, 0, tzinfo=COPENHAGEN)
    assert outbox.reap(now=later) == 0  # sent: nothing to give back
    assert send_due() == 0
    assert len(mail.outbox) == 1
    delivery = Delivery.objects.get()
    assert not outbox.record_sent(delivery, "<x@y>", "a@example.org", "another")
    with pytest.raises(IntegrityError), transaction.atomic():
        Sent.objects.create(delivery=delivery, message_id="<x@y>", recipient="a@example.org")


@override_settings(KLYNGE_NOTIFY_CRASH_AFTER=3)
def test_a_worker_killed_mid_batch_loses_nothing_and_records_each_once(settings: Any) -> None:
    users = followers_of_body(*[EmailDelivery.IMMEDIATELY] * 5)
    made = notify()
    assert Delivery.objects.count() == 5
    with pytest.raises(WorkerKilled):
        send_due()
    assert len(mail.outbox) == 3 and Sent.objects.count() == 2  # the third not recorded
    settings.KLYNGE_NOTIFY_CRASH_AFTER = None
    assert send_due() == 0  # the dead worker's claims hold until the lease runs out
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 30, tzinfo=COPENHAGEN)):
        assert outbox.reap() == 3
        assert send_due() == 3
    assert Sent.objects.count() == 5
    for notification in made:
        (delivery,) = notification.deliveries.all()
        assert Sent.objects.filter(delivery=delivery).count() == 1
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(ids) == 6 and len(set(ids)) == 5  # the third went twice, as the same message
    assert sorted(m.to[0] for m in mail.outbox[3:]) == sorted(
        {u.email for u in users} - {m.to[0] for m in mail.outbox[:2]})


def test_the_reaper_job_requeues_and_sends(settings: Any) -> None:
    settings.KLYNGE_NOTIFY_CRASH_AFTER = 1
    followers_of_body(EmailDelivery.IMMEDIATELY)
    notify()
    with pytest.raises(WorkerKilled):
        send_due()
    settings.KLYNGE_NOTIFY_CRASH_AFTER = None
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 30, tzinfo=COPENHAGEN)):
        reap_and_enqueue()  # the immediate backend sends at once
    assert Sent.objects.count() == 1 and len(mail.outbox) == 2


def test_a_refusing_mail_server_is_tried_again_later(monkeypatch: Any) -> None:
    followers_of_body(EmailDelivery.IMMEDIATELY)
    notify()

    def refuse(self: Any, messages: Any) -> int:
        raise OSError("connection refused")

    from django.core.mail.backends.locmem import EmailBackend
    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    assert send_due() == 0
    delivery = Delivery.objects.get()
    assert delivery.claimed_at is None and delivery.attempts == 1
    assert "connection refused" in delivery.last_error
    assert send_due() == 0  # not due again for five minutes
    monkeypatch.undo()
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 6, tzinfo=COPENHAGEN)):
        assert send_due() == 1


def test_a_closed_account_is_dropped_not_sent() -> None:
    (user,) = followers_of_body(EmailDelivery.IMMEDIATELY)
    notify()
    user.is_active = False
    user.save()
    assert send_due() == 0
    delivery = Delivery.objects.get()
    assert delivery.dropped_at is not None and mail.outbox == []
    assert not outbox.has_due()


def test_a_digest_being_sent_takes_no_more_notifications() -> None:
    (user,) = followers_of_body(EmailDelivery.DIGEST)
    notify()
    digest = Delivery.objects.get()
    outbox.claim_due("worker", now=digest.due_at)
    notify()
    later = Delivery.objects.exclude(pk=digest.pk).get(user=user)
    assert later.day == dt.date(2026, 12, 1)
    assert digest.notifications.count() == 1 and later.notifications.count() == 1


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_db_worker() -> None:
    """What ``klynge db_worker --batch`` does: run every ready task, then stop."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
           startup_delay=False, max_tasks=None, worker_id="test-worker",
           excluded_queue_names=[]).run()


@override_settings(TASKS=DATABASE_TASKS)
def test_the_database_worker_survives_a_killed_sender(
        settings: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any) -> None:
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker closes its connection between tasks; the test's transaction needs it open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    followers_of_body(*[EmailDelivery.IMMEDIATELY] * 3)
    settings.KLYNGE_NOTIFY_CRASH_AFTER = 2
    with django_capture_on_commit_callbacks(execute=True):
        notify()
    assert DBTaskResult.objects.count() == 1 and mail.outbox == []  # enqueued, not run
    run_db_worker()
    assert DBTaskResult.objects.get().status == "FAILED"  # the worker recorded the kill
    assert len(mail.outbox) == 2 and Sent.objects.count() == 1
    settings.KLYNGE_NOTIFY_CRASH_AFTER = None
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 30, tzinfo=COPENHAGEN)):
        reap_and_enqueue()  # the scheduler's reaper job
        run_db_worker()
    assert Sent.objects.count() == 3 and len(mail.outbox) == 4
    assert not outbox.has_due()


def test_a_digest_whose_notifications_are_gone_is_dropped() -> None:
    followers_of_body(EmailDelivery.DIGEST)
    notify()
    Notification.objects.all().delete()
    with time_machine.travel(dt.datetime(2026, 12, 1, 7, 0, tzinfo=COPENHAGEN)):
        assert send_due() == 0
    assert mail.outbox == [] and Delivery.objects.get().dropped_at is not None
