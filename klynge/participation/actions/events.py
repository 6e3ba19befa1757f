"""Events (user-led days, courses, seminars): planned by the secretariat, registration by
citizens with a waiting list when full, cancellation by the citizen's own link (the first
waiting moves up), and the involvement the event produced recorded in its cases' ledgers."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.core.writes import locked
from klynge.involvement.actions import do_record_involvement
from klynge.participation.actions.common import check_text, refuse_unless_keeper
from klynge.participation.actions.contributions import key_digest
from klynge.participation.models import Event, Registration
from klynge.participation.tasks import send_place_given

State = Registration.State


def _check_event(collaboration: Collaboration, values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if values.get("kind") not in Event.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of event.")})
    clean["title"] = check_text(values.get("title", ""), "title",
                                _("Give the event a title."))[:200]
    clean["place"] = check_text(values.get("place", ""), "place", _("Say where it is held."))
    clean["description"] = (values.get("description") or "").strip()
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts is None or ends is None:
        raise ValidationError({"starts_at": _("Give when the event starts and ends.")})
    if ends <= starts:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})
    capacity = values.get("capacity")
    if not isinstance(capacity, int) or not 1 <= capacity <= 10000:
        raise ValidationError({"capacity": _("Give the number of places, from 1.")})
    cases: list[Case] = list(values.get("cases") or [])
    if any(case.collaboration_id != collaboration.pk for case in cases):
        raise ValidationError({"cases": _("Choose cases of this collaboration.")})
    clean["cases"] = cases
    return clean


@transaction.atomic
def do_plan_event(actor: Any, collaboration: Collaboration, **values: Any) -> Event:
    """``kind``, ``title``, ``description``, ``starts_at``, ``ends_at``, ``place``,
    ``capacity`` and the ``cases`` it concerns."""
    refuse_unless_keeper(actor, collaboration.pk)
    clean = _check_event(collaboration, values)
    cases = clean.pop("cases")
    event = Event.objects.create(collaboration=collaboration, created_by=actor,
                                 created_at=timezone.now(), **clean)
    event.cases.set(cases)
    record(actor, "create", event, collaboration_code=collaboration.code,
           details={"kind": event.kind, "starts_at": event.starts_at,
                    "capacity": event.capacity, "cases": [c.pk for c in cases]})
    return event


def _locked(event: Event) -> Event:
    result: Event = locked(Event).select_related("collaboration").get(pk=event.pk)
    return result


def _registered(event: Event) -> int:
    return event.registrations.filter(state=State.REGISTERED).count()


@transaction.atomic
def do_register(event: Event, *, name: str, contact: str, needs: str = "",
                consent: bool = False, language: str = "") -> tuple[Registration, str]:
    """A citizen's registration: a place while there is one, else the waiting list.
    Returns it and the key with which they can cancel it."""
    event = _locked(event)
    if event.cancelled:
        raise ValidationError(_("The event is cancelled."))
    if event.starts_at <= timezone.now():
        raise ValidationError(_("Registration has closed: the event has started."))
    if not consent:
        raise ValidationError({"consent": _(
            "We can only register you with your consent to our keeping your name and "
            "contact until the event.")})
    name = check_text(name, "name", _("Give your name."))[:120]
    contact = check_text(contact, "contact", _("Give an e-mail address or a phone number, "
                                               "so we can reach you about the event."))[:200]
    key = secrets.token_urlsafe(24)
    state = State.REGISTERED if _registered(event) < event.capacity else State.WAITING
    registration = Registration.objects.create(
        event=event, name=name, contact=contact, needs=(needs or "").strip()[:300],
        state=state, registered_at=timezone.now(), cancel_digest=key_digest(key),
        language=language[:8])
    record(None, "register", event, collaboration_code=event.collaboration.code,
           details={"registration": registration.pk, "state": state})
    return registration, key


def find_registration(key: str) -> Registration | None:
    if not key:
        return None
    return (Registration.objects.select_related("event__collaboration")
            .filter(cancel_digest=key_digest(key)).first())


@transaction.atomic
def do_cancel_registration(key: str) -> Registration:
    """The citizen cancels with their key: their name and contact go, and the first on the
    waiting list takes the place (and is e-mailed, if their contact is an address)."""
    found = find_registration(key)
    if found is None or found.state == State.CANCELLED:
        raise ValidationError(_("This link cancels no registration. It may have been "
                                "cancelled already."))
    event = _locked(found.event)
    registration = locked(Registration).get(pk=found.pk)
    had_place = registration.state == State.REGISTERED
    registration.state = State.CANCELLED
    registration.name = registration.contact = registration.needs = ""
    registration.cancel_digest = ""
    registration.anonymised_at = timezone.now()
    registration.save()
    moved = None
    if had_place and (moved := _first_waiting(event)) is not None:
        moved.state = State.REGISTERED
        moved.save(update_fields=["state"])
        moved_id = moved.pk
        transaction.on_commit(lambda: send_place_given.enqueue(moved_id))
    record(None, "cancel", event, collaboration_code=event.collaboration.code,
           details={"registration": registration.pk,
                    "moved_up": moved.pk if moved is not None else None})
    return registration


def _first_waiting(event: Event) -> Registration | None:
    return (locked(Registration).filter(event=event, state=State.WAITING)
            .order_by("registered_at", "pk").first())


@transaction.atomic
def do_cancel_event(actor: Any, event: Event) -> Event:
    event = _locked(event)
    refuse_unless_keeper(actor, event.collaboration_id)
    if not event.cancelled:
        event.cancelled = True
        event.save(update_fields=["cancelled"])
        record(actor, "update", event, changes={"cancelled": (False, True)},
               collaboration_code=event.collaboration.code)
    return event


@transaction.atomic
def do_record_event_involvement(actor: Any, event: Event, *, step: str,
                                said: str) -> list[Any]:
    """Once the event has taken place: an entry in the ledger of each case it concerns,
    naming the event and how many took part."""
    event = _locked(event)
    refuse_unless_keeper(actor, event.collaboration_id)
    if event.starts_at > timezone.now() or event.cancelled:
        raise ValidationError(_("Record the involvement once the event has taken place."))
    if event.involvement_recorded_at is not None:
        raise ValidationError(_("The involvement of this event has been recorded already."))
    cases: Iterable[Case] = event.cases.all()
    if not event.cases.exists():
        raise ValidationError(_("The event concerns no case: choose its cases first."))
    took_part = _registered(event)
    others = (_("%(kind)s “%(title)s” (%(count)s registered)") % {
        "kind": event.get_kind_display().capitalize(), "title": event.title,
        "count": took_part})[:200]
    entries = [do_record_involvement(actor, case, body=None, others=others, step=step,
                                     happened_on=timezone.localdate(event.starts_at),
                                     said=said, feedback="", fed_back_on=None)
               for case in cases]
    event.involvement_recorded_at = timezone.now()
    event.save(update_fields=["involvement_recorded_at"])
    return entries


