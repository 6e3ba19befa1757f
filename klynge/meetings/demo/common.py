"""What the working cycle's demo shares: its cases' texts, the dating of the rows a step
makes, and the accounts of those who act without a login."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import Max

from klynge.accounts.models import User
from klynge.attachments.models import Attachment
from klynge.cases.models import Case, CaseEvent, Recommendation
from klynge.governance.demo_data import (
    BERGEN_CODE,
    COUNCIL_CODE,
    HORSENS_CODE,
)
from klynge.governance.models import Person
from klynge.hearings.models import Answer
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaReview,
    Conflict,
    Response,
)
from klynge.notifications.models import Notification, Subscription

ACCOUNT_PREFIX = "demo."  # the accounts without a password the demo gives those who act
CODES = (HORSENS_CODE, COUNCIL_CODE, BERGEN_CODE)
Outcome = AgendaItem.Outcome

# Rows made in a dated step get the step's time in these fields (see the docstring).
STAMPED: tuple[tuple[type[models.Model], tuple[str, ...]], ...] = (
    (Case, ("submitted_at",)), (CaseEvent, ("at",)), (Recommendation, ("given_on",)),
    (Notification, ("created_at",)), (Subscription, ("created_at",)),
    (Response, ("answered_at",)), (AgendaReview, ("requested_at", "answered_at")),
    (Conflict, ("recorded_at",)), (ActionItem, ("created_at",)),
    (Answer, ("answered_at", "changed_at")), (Attachment, ("uploaded_at",)),
)

Stamped = tuple[tuple[type[models.Model], tuple[str, ...]], ...]


@contextmanager
def dated(moment: dt.datetime, stamped: Stamped = STAMPED) -> Iterator[None]:
    """Give the rows made inside the block the time ``moment`` (see the docstring), in the
    fields ``stamped`` names (the working cycle's, unless another demo gives its own)."""
    marks = {model: model._default_manager.aggregate(last=Max("pk"))["last"] or 0
             for model, _fields in stamped}
    yield
    for model, fields in stamped:
        rows = model._default_manager.filter(pk__gt=marks[model])
        for name in fields:
            field = model._meta.get_field(name)
            value = moment if isinstance(field, models.DateTimeField) else moment.date()
            rows.filter(**{f"{name}__isnull": False}).update(**{name: value})


def account(person: Person, language: str = "da") -> User:
    """The person's user; a new one without a password if they have none."""
    if person.user_id is not None:
        return person.user  # type: ignore[return-value]
    local = person.email.split("@")[0] or f"person{person.pk}"
    user = User.objects.create_user(f"{ACCOUNT_PREFIX}{local}", person.email, None)
    user.first_name, _sep, user.last_name = person.name.partition(" ")
    user.language = language
    user.save()
    person.user = user
    person.save(update_fields=["user"])
    return user


def text_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")
