"""The only writers of calendar feeds: making one, revoking one, noting that one is used."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.actions import created, record
from klynge.audit.models import AuditEntry
from klynge.core.writes import locked
from klynge.governance.models import Body
from klynge.meetings.documents.access import feed_bodies
from klynge.meetings.documents.feeds import hash_token, new_token
from klynge.meetings.models import FeedToken

MOST_FEEDS = 20  # live feeds per user
USE_NOTED_EVERY = dt.timedelta(hours=1)


def _collaboration_code(body: Body | None) -> str:
    if body is None or body.collaboration_id is None:
        return ""
    return body.collaboration.code  # type: ignore[union-attr]


@transaction.atomic
def do_create_feed_token(actor: Any, *, body: Body | None = None) -> tuple[FeedToken, str]:
    """A new feed for ``actor``: of ``body``, or (None) of the bodies they sit in. Returns
    the row and the token, which is stored only as its hash: show its address now."""
    locked(User).get(pk=actor.pk)  # one count of live feeds at a time
    if body is not None and not feed_bodies(actor).filter(pk=body.pk).exists():
        raise ValidationError({"body": _("Choose a body you can see.")})
    live = FeedToken.objects.filter(user_id=actor.pk, revoked_at__isnull=True).count()
    if live >= MOST_FEEDS:
        raise ValidationError(_("You have %(count)d calendar feeds. Revoke one you no longer "
                                "use before you make another.") % {"count": live})
    token = new_token()
    feed = FeedToken.objects.create(user_id=actor.pk, body=body, token_hash=hash_token(token))
    record(actor, AuditEntry.Verb.CREATE, feed, changes=created(feed, ["user", "body"]),
           collaboration_code=_collaboration_code(body))
    return feed, token


@transaction.atomic
def do_revoke_feed_token(actor: Any, feed: FeedToken) -> FeedToken:
    """Revoke ``feed``: its address answers 404 from now on."""
    feed = locked(FeedToken).get(pk=feed.pk)
    if feed.revoked_at is not None:
        raise ValidationError(_("This calendar feed is already revoked."))
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    record(actor, AuditEntry.Verb.UPDATE, feed, changes={"revoked_at": (None, feed.revoked_at)},
           collaboration_code=_collaboration_code(feed.body))
    return feed


@transaction.atomic
def do_note_feed_use(feed: FeedToken) -> bool:
    """Note that a calendar program fetched ``feed`` (at most once an hour, so the audit
    trail shows the address is in use without an entry per fetch). Whether it was noted."""
    now = timezone.now()
    if feed.last_used_at is not None and now - feed.last_used_at < USE_NOTED_EVERY:
        return False
    updated = (FeedToken.objects.filter(pk=feed.pk, revoked_at__isnull=True)
               .exclude(last_used_at__gt=now - USE_NOTED_EVERY).update(last_used_at=now))
    if updated:
        feed.last_used_at = now
        record(feed.user, AuditEntry.Verb.VIEW, feed, details={"feed": "fetched"},
               collaboration_code=_collaboration_code(feed.body))
    return bool(updated)
