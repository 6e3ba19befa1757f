"""Elder councils and panels that follow themes and target groups.

Each municipality's elder council (an organisation's body, which can take part in several
collaborations), each user panel and the student panel say which themes and target groups
they want to be informed and heard on. New cases, hearings and decisions tagged with one of
them then reach the body's members through the notification machinery
(:func:`audience`, registered with ``klynge.notifications.audiences``), each member only
for what they may see.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.actions import record
from klynge.governance.access import can_edit_body
from klynge.governance.models import Body, Participation, Seat
from klynge.governance.roles import roles_of
from klynge.involvement.models import FollowedTerm
from klynge.notifications.models import Topic
from klynge.vocabulary.models import Term


def may_set_followed(user: Any, body: Body) -> bool:
    """Who says what a panel follows: its members, and whoever keeps the body (its
    collaboration's secretariat, its organisation's secretary)."""
    if body.kind not in Body.PANEL_KINDS:
        return False
    return body.pk in roles_of(user).member_of or can_edit_body(user, body)


def offered_terms(body: Body) -> QuerySet[Term]:
    """The themes and target groups of the collaborations the body belongs to or takes part
    in today."""
    today = timezone.localdate()
    taking_part = Participation.objects.on(today).filter(body=body).values("collaboration_id")
    return (Term.objects.filter(Q(collaboration_id=body.collaboration_id)
                                | Q(collaboration_id__in=taking_part), retired=False)
            .select_related("collaboration").order_by("collaboration__name", "kind", "pk"))


@transaction.atomic
def do_set_followed_terms(actor: Any, body: Body, terms: Iterable[Term]) -> list[Term]:
    """The themes and target groups ``body`` follows, replacing those it followed."""
    if not may_set_followed(actor, body):
        raise PermissionDenied
    chosen = {term.pk: term for term in terms}
    allowed = set(offered_terms(body).values_list("pk", flat=True))
    if set(chosen) - allowed:
        raise ValidationError({"terms": _("Choose themes and target groups of the "
                                          "collaborations the body takes part in.")})
    before = set(FollowedTerm.objects.filter(body=body).values_list("term_id", flat=True))
    added, removed = set(chosen) - before, before - set(chosen)
    FollowedTerm.objects.filter(body=body, term_id__in=removed).delete()
    FollowedTerm.objects.bulk_create([FollowedTerm(body=body, term_id=pk, set_by=actor)
                                      for pk in sorted(added)])
    if added or removed:
        record(actor, "update", body, details={"follows": {"added": sorted(added),
                                                           "removed": sorted(removed)}},
               collaboration_code=body.collaboration.code if body.collaboration else "")
    return list(chosen.values())


def audience(topics: list[tuple[str, int]]) -> set[int]:
    """For ``klynge.notifications.audiences``: the users seated today in a body that follows
    one of the themes or target groups among ``topics``."""
    term_ids = [pk for kind, pk in topics if kind == Topic.THEME]
    if not term_ids:
        return set()
    bodies = FollowedTerm.objects.filter(term_id__in=term_ids).values("body_id")
    return set(Seat.objects.on(timezone.localdate())
               .filter(body_id__in=bodies, person__user__isnull=False)
               .values_list("person__user_id", flat=True))


def grouped(terms: list[Term], chosen: set[int]) -> list[tuple[str, list[tuple[Term, bool]]]]:
    """The offered terms by collaboration and kind, each with whether it is chosen."""
    groups: dict[str, list[tuple[Term, bool]]] = {}
    for term in terms:
        label = f"{term.get_kind_display()} – {term.collaboration.name}"
        groups.setdefault(label, []).append((term, term.pk in chosen))
    return list(groups.items())
