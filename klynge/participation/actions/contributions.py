"""Contributions from citizens: received (with consent), moderated, withdrawn by their
teller, and anonymised when the collaboration's retention period has passed."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klynge.audit.actions import record
from klynge.collaborations.models import Collaboration
from klynge.core.writes import locked
from klynge.hearings.actions.common import secretariat_user_ids
from klynge.hearings.models import Hearing
from klynge.notifications.actions import do_notify
from klynge.notifications.models import Topic
from klynge.participation import access
from klynge.participation.actions.common import (
    check_text,
    check_theme,
    refuse_unless_keeper,
    secretariat_body_id,
)
from klynge.participation.models import (
    DEFAULT_RETENTION_DAYS,
    Contribution,
    Participant,
    PublicPage,
    Registration,
    Workshop,
)
from klynge.participation.tasks import is_email, send_feedback
from klynge.vocabulary.models import Term

Kind = Contribution.Kind
State = Contribution.State


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def accepts_contributions(collaboration: Collaboration) -> bool:
    page = PublicPage.objects.filter(collaboration=collaboration).first()
    return page is None or page.accepts_contributions


def _check_target(collaboration: Collaboration, kind: str, hearing: Hearing | None,
                  workshop: Workshop | None) -> None:
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a story, an idea or an answer.")})
    if kind == Kind.ANSWER:
        if hearing is None or not access.public_hearings(collaboration).filter(
                pk=hearing.pk).exists():
            raise ValidationError({"hearing": _("Choose a public hearing.")})
        if not hearing.accepts_answers:
            raise ValidationError(_("The deadline for answers to this hearing has passed."))
    if workshop is not None and (workshop.collaboration_id != collaboration.pk
                                 or workshop.state == Workshop.State.CLOSED):
        raise ValidationError({"workshop": _("This workshop no longer collects stories.")})


def _clean(collaboration: Collaboration, values: dict[str, Any]) -> dict[str, Any]:
    """The contribution's values, checked; refused with a message per field."""
    if not values.get("consent"):
        raise ValidationError({"consent": _(
            "We can only receive your contribution with your consent to our using it.")})
    if not accepts_contributions(collaboration):
        raise ValidationError(_("%(collaboration)s does not receive contributions on its "
                                "public page at the moment.")
                              % {"collaboration": collaboration.name})
    kind = values.get("kind", Kind.STORY)
    hearing, workshop = values.get("hearing"), values.get("workshop")
    participant: Participant | None = values.get("participant")
    if participant is not None:
        workshop = participant.workshop
    _check_target(collaboration, kind, hearing, workshop)
    theme: Term | None = values.get("theme")
    check_theme(collaboration, theme)
    anonymous = bool(values.get("anonymous"))
    return {
        "kind": kind, "hearing": hearing if kind == Kind.ANSWER else None,
        "workshop": workshop, "participant": participant, "theme": theme,
        "title": (values.get("title") or "").strip()[:200],
        "text": check_text(values.get("text", ""), "text", _("Write your story or idea.")),
        "name": "" if anonymous else (values.get("name") or "").strip()[:120],
        "contact": (values.get("contact") or "").strip()[:200],
        "anonymous": anonymous, "show_publicly": bool(values.get("show_publicly")),
        "language": (values.get("language") or "")[:8],
    }


@transaction.atomic
def do_contribute(actor: Any, collaboration: Collaboration, *, via: str = Contribution.Via.PUBLIC,
                  **values: Any) -> tuple[Contribution, str]:
    """Receive a story, idea or answer (``kind``, ``text``, ``title``, ``theme``, ``name``,
    ``contact``, ``anonymous``, ``show_publicly``, ``consent``, and ``hearing``,
    ``workshop`` or ``participant``). It waits for moderation, unless the secretariat
    records it. Returns it and the key with which its teller can withdraw it."""
    clean = _clean(collaboration, values)
    if clean["participant"] is not None:
        via = Contribution.Via.WORKSHOP
    now = timezone.now()
    key = secrets.token_urlsafe(24)
    by_keeper = via == Contribution.Via.SECRETARIAT
    if by_keeper:
        refuse_unless_keeper(actor, collaboration.pk)
    contribution = Contribution.objects.create(
        collaboration=collaboration, via=via, consent_at=now, submitted_at=now,
        withdraw_digest=key_digest(key),
        state=State.APPROVED if by_keeper else State.PENDING,
        moderated_by=actor if by_keeper else None, moderated_at=now if by_keeper else None,
        **clean)
    record(actor if by_keeper else None, "create", contribution,
           collaboration_code=collaboration.code,
           details={"kind": clean["kind"], "via": via, "hearing": clean["hearing"],
                    "workshop": clean["workshop"]})
    if not by_keeper:
        _tell_secretariat(collaboration)
    return contribution, key


def _tell_secretariat(collaboration: Collaboration) -> None:
    body_id = secretariat_body_id(collaboration)
    if body_id is None:
        return
    do_notify(None, topic=(Topic.BODY, body_id),
              message=gettext_noop("A contribution to %(collaboration)s awaits moderation."),
              params={"collaboration": collaboration.name},
              url=reverse("participation:moderation", args=[collaboration.code]),
              may_see=lambda user: True, collaboration=collaboration,
              also_users=secretariat_user_ids(collaboration))


@transaction.atomic
def do_moderate_contribution(actor: Any, contribution: Contribution, *, approve: bool,
                             reason: str = "", theme: Term | None = None) -> Contribution:
    """Approve a contribution, or reject it (also one approved before: it disappears from
    the public page); the secretariat may set its theme on the way."""
    contribution = locked(Contribution).select_related("collaboration").get(pk=contribution.pk)
    refuse_unless_keeper(actor, contribution.collaboration_id)
    if contribution.state == State.WITHDRAWN:
        raise ValidationError(_("The teller has withdrawn this contribution."))
    check_theme(contribution.collaboration, theme, kept=contribution.theme)
    new_state = State.APPROVED if approve else State.REJECTED
    changes: dict[str, tuple[Any, Any]] = {}
    if contribution.state != new_state:
        changes["state"] = (contribution.state, new_state)
    if theme is not None and theme.pk != contribution.theme_id:
        changes["theme"] = (contribution.theme_id, theme.pk)
        contribution.theme = theme
    contribution.state = new_state
    contribution.reason = reason.strip()[:300]
    contribution.moderated_by, contribution.moderated_at = actor, timezone.now()
    contribution.save()
    record(actor, "moderate", contribution, changes=changes,
           collaboration_code=contribution.collaboration.code,
           details={"approved": approve, "reason": contribution.reason})
    return contribution


@transaction.atomic
def do_send_feedback(actor: Any, contribution: Contribution, text: str) -> Contribution:
    """Tell the teller what came of their contribution: kept on it, and e-mailed to the
    address they gave (by the task worker, in the language they wrote in)."""
    contribution = locked(Contribution).select_related("collaboration").get(pk=contribution.pk)
    refuse_unless_keeper(actor, contribution.collaboration_id)
    if contribution.state == State.WITHDRAWN:
        raise ValidationError(_("The teller has withdrawn this contribution."))
    if not is_email(contribution.contact):
        raise ValidationError(_("The teller gave no e-mail address, so Klynge cannot send "
                                "the feedback."))
    text = check_text(text, "feedback", _("Write what came of it."))
    before = contribution.feedback
    contribution.feedback, contribution.fed_back_at = text, timezone.now()
    contribution.save(update_fields=["feedback", "fed_back_at"])
    record(actor, "update", contribution, changes={"feedback": (before, text)},
           collaboration_code=contribution.collaboration.code)
    contribution_id = contribution.pk
    transaction.on_commit(lambda: send_feedback.enqueue(contribution_id))
    return contribution


def find_by_key(key: str) -> Contribution | None:
    if not key:
        return None
    return (Contribution.objects.select_related("collaboration")
            .filter(withdraw_digest=key_digest(key)).first())


@transaction.atomic
def do_withdraw_contribution(key: str) -> Contribution:
    """The teller withdraws their contribution with their key: its text and their name go,
    wherever it was shown (the public page, a workshop, the case it led to)."""
    found = find_by_key(key)
    if found is None:
        raise ValidationError(_("This link does not withdraw any contribution. It may have "
                                "been withdrawn already."))
    contribution = locked(Contribution).get(pk=found.pk)
    before = contribution.state
    contribution.state = State.WITHDRAWN
    contribution.title = contribution.text = contribution.name = contribution.contact = ""
    contribution.withdraw_digest = ""
    contribution.anonymised_at = timezone.now()
    contribution.save()
    record(None, "withdraw", contribution, changes={"state": (before, State.WITHDRAWN)},
           collaboration_code=found.collaboration.code)
    return contribution


def _expire(rows: Any, collaboration: str, moment: str, now: dt.datetime,
            pages: dict[int, int], **blanked: Any) -> int:
    """Blank ``blanked`` in the ``rows`` whose ``moment`` lies further back than their
    collaboration's retention period (reached through ``collaboration``); how many."""
    done = 0
    for collaboration_id in set(rows.values_list(collaboration, flat=True).distinct()):
        cutoff = now - dt.timedelta(days=pages.get(collaboration_id, DEFAULT_RETENTION_DAYS))
        done += rows.filter(**{collaboration: collaboration_id,
                               f"{moment}__lt": cutoff}).update(**blanked)
    return done


@transaction.atomic
def do_anonymise_expired() -> dict[str, int]:
    """Remove tellers' names and contacts, participants' names, and event registrations'
    names, contacts and needs, once the collaboration's retention period has passed (after
    the contribution, the workshop, the event; a scheduled job). How many of each."""
    now = timezone.now()
    pages = dict(PublicPage.objects.values_list("collaboration_id", "retention_days"))
    counts = {
        "contributions": _expire(
            Contribution.objects.filter(anonymised_at__isnull=True), "collaboration_id",
            "submitted_at", now, pages, name="", contact="", anonymised_at=now),
        "participants": _expire(
            Participant.objects.exclude(name=""), "workshop__collaboration_id",
            "workshop__starts_at", now, pages, name=""),
        "registrations": _expire(
            Registration.objects.filter(anonymised_at__isnull=True),
            "event__collaboration_id", "event__ends_at", now, pages, name="", contact="",
            needs="", cancel_digest="", anonymised_at=now),
    }
    if any(counts.values()):
        record(None, "anonymise", None, details=counts)
    return counts
