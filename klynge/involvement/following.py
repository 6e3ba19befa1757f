"""Elder councils and panels that follow themes and target groups.

Each municipality's elder council (an organisation's body, which can take part in several
collaborations), each user panel and the student panel say which themes and target groups
they want to be informed and heard on. New cases, hearings and decisions tagged with one of
them then reach the body's members through the notification machinery
(:func:`audience`, registered with ``klynge.notifications.audiences``), each member only
for what they may see. Who may set them is decided in ``access``; the writer is
``actions.do_set_followed_terms``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from klynge.governance.models import Body, Participation, Seat
from klynge.involvement.models import FollowedTerm
from klynge.notifications.models import Topic
from klynge.vocabulary.models import Term


def offered_terms(body: Body) -> QuerySet[Term]:
    """The themes and target groups of the collaborations the body belongs to or takes part
    in today."""
    today = timezone.localdate()
    taking_part = Participation.objects.on(today).filter(body=body).values("collaboration_id")
    return (Term.objects.filter(Q(collaboration_id=body.collaboration_id)
                                | Q(collaboration_id__in=taking_part), retired=False)
            .select_related("collaboration").order_by("collaboration__name", "kind", "pk"))


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
