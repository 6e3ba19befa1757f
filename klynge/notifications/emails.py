"""The e-mail of a delivery, in the recipient's language, with absolute links.

Each message carries a Message-ID made from the delivery (``<delivery-{uuid}@{host}>``), so a
message handed to the mail server twice (a sender died before recording it) is the same
message, and mail programs show it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klynge.notifications.models import Delivery, Notification

SUBJECT_LENGTH = 120


@dataclass(frozen=True)
class Item:
    text: str
    link: str
    created_at: Any


def absolute(url: str) -> str:
    """``url`` (a path in Klynge) as a link that works from a mail program."""
    if urlsplit(url).scheme:
        return url
    return settings.KLYNGE_BASE_URL.rstrip("/") + "/" + url.lstrip("/")


def message_id(delivery: Delivery) -> str:
    host = urlsplit(settings.KLYNGE_BASE_URL).hostname or "klynge.localhost"
    return f"<delivery-{delivery.uuid}@{host}>"


def language_of(user: Any) -> str:
    return str(user.language or settings.LANGUAGE_CODE)


def _items(notifications: list[Notification]) -> list[Item]:
    return [Item(text=n.text, link=absolute(n.url), created_at=n.created_at)
            for n in notifications]


def _groups(notifications: list[Notification]) -> list[tuple[str, list[Item]]]:
    """The digest's notifications by collaboration (those of none last)."""
    def key(n: Notification) -> tuple[bool, str]:
        return (n.collaboration is None, n.collaboration.name if n.collaboration else "")

    ordered = sorted(notifications, key=lambda n: (*key(n), n.created_at, n.pk))
    return [(name or _("Other"), _items(list(group)))
            for (_none, name), group in groupby(ordered, key=key)]


def render(delivery: Delivery) -> tuple[str, str] | None:
    """The subject and the body of ``delivery``'s e-mail, in its recipient's language; None
    when none of its notifications is left."""
    notifications = list(delivery.notifications.select_related("collaboration")
                         .order_by("created_at", "pk"))
    if not notifications:
        return None
    with translation.override(language_of(delivery.user)):
        context: dict[str, Any] = {
            "user": delivery.user,
            "settings_link": absolute(reverse("notifications:settings")),
            "list_link": absolute(reverse("notifications:list")),
        }
        if delivery.kind == Delivery.Kind.DIGEST:
            count = len(notifications)
            subject = ngettext("Klynge: %(count)d notification of %(day)s",
                               "Klynge: %(count)d notifications of %(day)s", count) % {
                "count": count, "day": date_format(delivery.day) if delivery.day else ""}
            context |= {"groups": _groups(notifications), "day": delivery.day, "count": count}
            body = render_to_string("notifications/email/digest.txt", context)
        else:
            items = _items(notifications)
            first = Truncator(items[0].text).chars(SUBJECT_LENGTH)
            subject = _("Klynge: %(text)s") % {"text": first}
            context |= {"items": items}
            body = render_to_string("notifications/email/immediate.txt", context)
    return " ".join(subject.split()), body


def build(delivery: Delivery, connection: Any = None) -> EmailMessage | None:
    rendered = render(delivery)
    if rendered is None:
        return None
    subject, body = rendered
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [delivery.user.email],
                        connection=connection, headers={"Message-ID": message_id(delivery)})
