"""The client's address, from a configured source, kept only as a keyed daily hash.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's address. The real client's address
is taken from a header only when ``KLYNGE_CLIENT_ADDRESS_HEADER`` names one (e.g.
``X-Forwarded-For``), and then from the entry the trusted proxies added:
``KLYNGE_TRUSTED_PROXY_HOPS`` counts them from the right (default 1: the last entry, the
one our own proxy wrote; entries to the left of it were sent by the client and could be
anything). A header is never assumed: without the setting, ``REMOTE_ADDR`` counts.

The address is never stored. :func:`digest` keys a hash with the secret key and the date,
so a digest cannot be turned back into an address, nor linked to the same address on
another day; the rows are deleted after a day (``participation.forget_addresses``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from klynge.participation.models import AddressHit

LIMIT_PER_MINUTE = 20
KEPT_FOR = dt.timedelta(days=1)


def client_address(request: HttpRequest) -> str:
    header = getattr(settings, "KLYNGE_CLIENT_ADDRESS_HEADER", "")
    if header:
        key = "HTTP_" + header.upper().replace("-", "_")
        entries = [part.strip() for part in request.META.get(key, "").split(",")
                   if part.strip()]
        hops = int(getattr(settings, "KLYNGE_TRUSTED_PROXY_HOPS", 1))
        if len(entries) >= hops >= 1:
            return entries[-hops]
    return str(request.META.get("REMOTE_ADDR", ""))


def digest(address: str, on: dt.date | None = None) -> str:
    day = (on or timezone.localdate()).isoformat()
    key = f"{settings.SECRET_KEY}|klynge.participation|{day}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def over_limit(request: HttpRequest) -> bool:
    """Whether this client has already sent :data:`LIMIT_PER_MINUTE` contributions in the
    last minute."""
    since = timezone.now() - dt.timedelta(minutes=1)
    count = AddressHit.objects.filter(digest=digest(client_address(request)),
                                      at__gt=since).count()
    return count >= LIMIT_PER_MINUTE


def count_hit(request: HttpRequest) -> None:
    AddressHit.objects.create(digest=digest(client_address(request)), at=timezone.now())


def forget_addresses() -> int:
    """Delete the digests older than a day (a scheduled job); how many went."""
    deleted, _ = AddressHit.objects.filter(at__lt=timezone.now() - KEPT_FOR).delete()
    return deleted
