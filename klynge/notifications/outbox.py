"""The outbox: the only writers of deliveries and of sent records.

A notification that goes out by e-mail gets its :class:`~klynge.notifications.models.Delivery`
in the same transaction that makes it (:func:`add_deliveries`, called by ``do_notify``), so
nothing told in the app is lost on the way to the mail server:

1. a sender claims a batch of due deliveries (:func:`claim_due`: ``claimed_at`` and
   ``claimed_by``, in one short transaction; rows other senders hold are skipped);
2. it hands each to the mail server, then records it (:func:`record_sent`): exactly one
   :class:`~klynge.notifications.models.Sent` per delivery, by a unique constraint. A sender
   that dies between the two leaves its claim; the mail server may have the message, and
   will get it again with the same Message-ID (at least once);
3. the reaper (:func:`reap`) gives claims older than the lease back, so another sender
   takes them.

A delivery that fails at the mail server is released with a growing delay
(:func:`release`), and dropped after :data:`MAX_ATTEMPTS`; one that cannot be sent (no
address, a closed account) is dropped (:func:`drop`) with the reason. The rows are their own
record of sending; the reaper's re-queueing and each drop also leave an audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from klynge.audit.actions import record
from klynge.core.writes import locked
from klynge.notifications.models import Delivery, EmailDelivery, Notification, Preference, Sent

BATCH = 50
MAX_ATTEMPTS = 8
DIGEST_TIME = dt.time(7, 0)  # local time; the scheduler's digest job runs then


def lease() -> dt.timedelta:
    """How long a claim holds before the reaper gives it to another sender."""
    return dt.timedelta(seconds=getattr(settings, "KLYNGE_NOTIFY_LEASE_SECONDS", 600))


def digest_due(day: dt.date) -> dt.datetime:
    """When the digest of ``day`` is sent: the next morning."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), DIGEST_TIME))


def email_choices(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's e-mail choice (the daily digest for those who never chose)."""
    ids = list(user_ids)
    chosen = dict(Preference.objects.filter(user_id__in=ids).values_list("user_id", "email"))
    return {pk: chosen.get(pk, EmailDelivery.DIGEST) for pk in ids}


def _open_digest(user_id: int, day: dt.date) -> Delivery:
    """The digest of ``user_id`` that still takes notifications: the one of ``day``, or of a
    later day if that one is being sent or was sent already."""
    for _attempt in range(30):
        digest = (locked(Delivery).filter(user_id=user_id, kind=Delivery.Kind.DIGEST, day=day)
                  .first())
        if digest is None:
            try:
                with transaction.atomic():
                    return Delivery.objects.create(user_id=user_id, kind=Delivery.Kind.DIGEST,
                                                   day=day, due_at=digest_due(day))
            except IntegrityError:
                continue  # made by another transaction meanwhile: lock that one
        if (digest.claimed_at is None and digest.dropped_at is None
                and not Sent.objects.filter(delivery=digest).exists()):
            return digest
        day += dt.timedelta(days=1)
    raise RuntimeError(f"no open digest for user {user_id}")


@transaction.atomic
def add_deliveries(notifications: Iterable[Notification]) -> list[Delivery]:
    """Put ``notifications`` (saved) in the outbox, by each recipient's choice: a delivery of
    its own (immediately), or into the recipient's digest of today; none for "no e-mail" or a
    user without an address. Returns the immediate deliveries made."""
    made = [n for n in notifications if n.user.email]
    choices = email_choices({n.user_id for n in made})
    immediate = [n for n in made if choices[n.user_id] == EmailDelivery.IMMEDIATELY]
    by_digest: dict[int, list[Notification]] = defaultdict(list)
    for notification in made:
        if choices[notification.user_id] == EmailDelivery.DIGEST:
            by_digest[notification.user_id].append(notification)
    now, today = timezone.now(), timezone.localdate()
    deliveries = Delivery.objects.bulk_create([
        Delivery(user_id=n.user_id, kind=Delivery.Kind.IMMEDIATE, due_at=now) for n in immediate
    ])
    through = Delivery.notifications.through
    links = [through(delivery_id=d.pk, notification_id=n.pk)
             for d, n in zip(deliveries, immediate, strict=True)]
    for user_id, items in by_digest.items():
        digest = _open_digest(user_id, today)
        links += [through(delivery_id=digest.pk, notification_id=n.pk) for n in items]
    through.objects.bulk_create(links)
    return deliveries


def pending() -> QuerySet[Delivery]:
    """Deliveries nobody holds, not sent and not dropped."""
    return Delivery.objects.filter(claimed_at__isnull=True, dropped_at__isnull=True,
                                   sent__isnull=True)


def has_due(now: dt.datetime | None = None) -> bool:
    return pending().filter(due_at__lte=now or timezone.now()).exists()


def claim_due(worker: str, limit: int = BATCH, now: dt.datetime | None = None) -> list[Delivery]:
    """Claim up to ``limit`` due deliveries for ``worker``, oldest first; those claimed."""
    now = now or timezone.now()
    with transaction.atomic():
        candidates = (pending().filter(due_at__lte=now).order_by("due_at", "pk")
                      .select_for_update(skip_locked=True, of=("self",)))
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        # Conditional: a sender that saw the same rows (SQLite has no row locks) claims none.
        Delivery.objects.filter(pk__in=ids, claimed_at__isnull=True).update(
            claimed_at=now, claimed_by=worker, attempts=F("attempts") + 1)
    return list(Delivery.objects.filter(pk__in=ids, claimed_by=worker, claimed_at=now)
                .select_related("user").order_by("due_at", "pk"))


def record_sent(delivery: Delivery, message_id: str, recipient: str, worker: str) -> bool:
    """Record that ``delivery`` went to the mail server; False if it was recorded already
    (by a sender that took it over after this one's lease ran out)."""
    try:
        with transaction.atomic():
            Sent.objects.create(delivery=delivery, message_id=message_id, recipient=recipient,
                                sent_by=worker)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def release(delivery: Delivery, worker: str, error: str) -> None:
    """Give back a delivery the mail server refused, to try again later (or drop it after
    :data:`MAX_ATTEMPTS`)."""
    current = locked(Delivery).filter(pk=delivery.pk, claimed_by=worker).first()
    if current is None:
        return  # reaped and taken by another sender meanwhile
    if current.attempts >= MAX_ATTEMPTS:
        drop(current, f"the mail server refused it {current.attempts} times: {error}"[:255])
        return
    current.claimed_at, current.claimed_by, current.last_error = None, "", error
    current.due_at = timezone.now() + dt.timedelta(minutes=5 * 2 ** (current.attempts - 1))
    current.save(update_fields=["claimed_at", "claimed_by", "last_error", "due_at"])


@transaction.atomic
def drop(delivery: Delivery, reason: str) -> None:
    """Give up on ``delivery`` for good (it stays, with the reason)."""
    Delivery.objects.filter(pk=delivery.pk).update(dropped_at=timezone.now(),
                                                   drop_reason=reason[:255])
    record(None, "update", delivery, changes={"dropped": (False, True)},
           details={"reason": reason})


@transaction.atomic
def reap(now: dt.datetime | None = None) -> int:
    """Give back the deliveries claimed longer ago than the lease and not sent (their sender
    died); how many."""
    stale = (now or timezone.now()) - lease()
    ids = list(Delivery.objects.filter(claimed_at__lt=stale, sent__isnull=True,
                                       dropped_at__isnull=True).values_list("pk", flat=True))
    count = Delivery.objects.filter(pk__in=ids, claimed_at__lt=stale).update(
        claimed_at=None, claimed_by="")
    if count:
        record(None, "update", None, details={"deliveries_requeued": count})
    return count
