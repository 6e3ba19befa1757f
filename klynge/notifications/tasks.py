"""Sending the outbox: the ``send_deliveries`` task, run by the task worker (``klynge
db_worker``), and the jobs the scheduler runs (``klynge tick``).

``do_notify`` enqueues :data:`send_deliveries` after its transaction commits when it made an
immediate delivery; the digest job enqueues it at 07:00, and the reaper every five minutes
when anything is due (so a lost enqueue only delays a message).

For the test of a dead worker, ``settings.KLYNGE_NOTIFY_CRASH_AFTER = n`` makes a sender
raise :class:`WorkerKilled` after it has handed ``n`` messages to the mail server and before
it records the last of them, as a kill at the worst moment would.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django_tasks import task

from klynge.notifications import emails, outbox
from klynge.notifications.models import Delivery

logger = logging.getLogger(__name__)
ROUNDS = 20  # batches per task run; then the task enqueues itself again


class WorkerKilled(BaseException):
    """A sender stopped dead (the crash hook): like a kill, not an error to handle."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]


@dataclass
class Sender:
    """One run of sending, with its name in the claims and its count for the crash hook."""

    worker: str
    handed: int = 0
    sent: int = 0

    def send(self, deliveries: list[Delivery]) -> None:
        crash_after = getattr(settings, "KLYNGE_NOTIFY_CRASH_AFTER", None)
        with get_connection() as connection:
            for delivery in deliveries:
                user = delivery.user
                if not user.is_active or not user.email:
                    outbox.drop(delivery, "the account is closed or has no e-mail address")
                    continue
                message = emails.build(delivery, connection)
                if message is None:
                    outbox.drop(delivery, "its notifications were deleted")
                    continue
                try:
                    message.send()
                except Exception as error:  # the mail server refused: try again later
                    logger.warning("delivery %s: %s", delivery.uuid, error)
                    outbox.release(delivery, self.worker, str(error)[:1000])
                    continue
                self.handed += 1
                if crash_after is not None and self.handed >= crash_after:
                    raise WorkerKilled(f"killed after handing {self.handed} messages")
                if outbox.record_sent(delivery, emails.message_id(delivery), user.email,
                                      self.worker):
                    self.sent += 1


def send_due(limit: int = outbox.BATCH, rounds: int = ROUNDS) -> int:
    """Claim and send due deliveries, batch by batch; how many were recorded sent."""
    sender = Sender(worker_name())
    for _round in range(rounds):
        batch = outbox.claim_due(sender.worker, limit)
        if not batch:
            return sender.sent
        sender.send(batch)
    if outbox.has_due():
        send_deliveries.enqueue()
    return sender.sent


@task()
def send_deliveries() -> int:
    """Send the outbox's due e-mails (see the module's docstring)."""
    return send_due()


def enqueue_sending() -> None:
    """The scheduler's digest job (07:00): the digests of yesterday are due now."""
    send_deliveries.enqueue()


def reap_and_enqueue() -> None:
    """The scheduler's reaper job (every 5 minutes): give back the claims of dead senders,
    and have due deliveries sent."""
    outbox.reap()
    if outbox.has_due():
        send_deliveries.enqueue()
