"""The notifications in the admin: looked at only. Writes go through the actions and the
outbox (``klynge.notifications.actions``, ``klynge.notifications.outbox``)."""

from __future__ import annotations

from django.contrib import admin

from klynge.core.admin import ReadOnlyAdmin
from klynge.notifications.models import Delivery, Notification, Preference, Sent, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["user", "topic", "topic_id", "created_at"]
    list_filter = ["topic"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "topic", "topic_id", "message", "created_at", "read_at"]
    list_filter = ["topic"]


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "email"]
    list_filter = ["email"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["uuid", "user", "kind", "day", "due_at", "claimed_at", "claimed_by",
                    "attempts", "dropped_at"]
    list_filter = ["kind"]


@admin.register(Sent)
class SentAdmin(ReadOnlyAdmin):
    list_display = ["message_id", "recipient", "sent_at", "sent_by"]
