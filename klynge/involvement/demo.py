"""The involvement ledgers of the Danish demo: in Horsensklyngen (or, from 2027, Sundhedsråd
Horsens) the first decided case had its user panel consulted and the elder councils informed
before the decision, with feedback given after it; the second was co-produced at a workshop
and still owes its feedback; the other cases have none (their agenda items are flagged, and
the overview shows them as decided without involvement)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Min, Q
from django.utils import timezone

from klynge.accounts.models import User
from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.demo import DemoResult
from klynge.governance.demo_data import DEMO_SOURCE
from klynge.governance.models import Body
from klynge.involvement.access import involved_bodies
from klynge.involvement.actions import do_record_involvement, do_set_followed_terms
from klynge.involvement.models import FollowedTerm, Involvement, Step
from klynge.meetings.demo.common import CODES, COUNCIL_CODE, HORSENS_CODE
from klynge.vocabulary.models import Term

SECRETARIAT = "sekretariat"


def _entries(panel: Body, elders: Body | None, first: dt.date,
             second: dt.date) -> list[tuple[int, dict[str, Any]]]:
    """(which decided case, the entry's values), dated by the cases' first decisions."""
    today = timezone.localdate()
    entries = [
        (0, {"body": panel, "step": Step.CONSULTED, "happened_on": first - dt.timedelta(days=21),
             "said": "Brugerpanelet peger på, at ventetiden på det første hjemmebesøg skaber "
                     "utryghed hos pårørende, og foreslår en fast kontaktperson.",
             "feedback": "Panelets forslag om en fast kontaktperson er skrevet ind i "
                         "beslutningen.",
             "fed_back_on": min(first + dt.timedelta(days=3), today)}),
        (1, {"body": panel, "step": Step.CO_PRODUCED,
             "happened_on": second - dt.timedelta(days=10),
             "others": "Værksted med patienter og pårørende på Regionshospitalet Horsens",
             "said": "Deltagerne skrev udkastet sammen med personalet."}),
    ]
    if elders is not None:
        entries.append((0, {"body": elders, "step": Step.INFORMED,
                            "happened_on": first - dt.timedelta(days=28),
                            "said": "Ældrerådene fik sagen forelagt på deres fællesmøde."}))
    return entries


def _decided(collaboration: Collaboration) -> list[tuple[Case, dt.date]]:
    cases = (Case.objects.filter(collaboration=collaboration, decisions__isnull=False)
             .annotate(first=Min("decisions__decided_on")).order_by("first", "serial"))
    return [(case, case.first) for case in cases]  # type: ignore[attr-defined]


def load_involvement(sender: Any, result: DemoResult, **kwargs: Any) -> None:
    """``demo_loading``: the ledgers, through the actions, unless there already are some."""
    if SECRETARIAT in result.skipped_logins:
        return
    secretariat = User.objects.filter(username=SECRETARIAT).first()
    if secretariat is None:
        return
    for collaboration in result.collaborations:
        if collaboration.code not in (HORSENS_CODE, COUNCIL_CODE):
            continue
        decided = _decided(collaboration)
        if (len(decided) < 2 or Involvement.objects.filter(
                case__collaboration=collaboration).exists()):
            continue
        bodies = list(involved_bodies(secretariat, decided[0][0]))
        panel = next((b for b in bodies if b.kind == Body.Kind.USER_PANEL), None)
        elders = next((b for b in bodies if b.kind == Body.Kind.ELDER_COUNCIL), None)
        if panel is None:
            continue
        for index, values in _entries(panel, elders, decided[0][1], decided[1][1]):
            do_record_involvement(secretariat, decided[index][0], **values)
            result.counts["involvements"] += 1
        _follow(secretariat, collaboration, [b for b in (panel, elders) if b is not None])


# What the panel and the elder councils' committee follow, by the default vocabulary's codes.
FOLLOWS: dict[str, tuple[str, ...]] = {
    Body.Kind.USER_PANEL: ("user-involvement", "mental-illness-addiction"),
    Body.Kind.ELDER_COUNCIL: ("frail-elderly", "transitions", "rehabilitation"),
}


def _follow(actor: Any, collaboration: Collaboration, bodies: list[Body]) -> None:
    for body in bodies:
        if body.collaboration_id != collaboration.pk or FollowedTerm.objects.filter(
                body=body).exists():
            continue
        codes = FOLLOWS.get(body.kind, ())
        terms = Term.objects.filter(collaboration=collaboration, code__in=codes)
        if terms:
            do_set_followed_terms(actor, body, list(terms))


def remove_involvement(sender: Any, **kwargs: Any) -> int:
    """``demo_removing``: the demo's ledger entries (before its cases and bodies go)."""
    deleted, _ = Involvement.objects.filter(
        Q(recorded_by__username=SECRETARIAT) | Q(body__source=DEMO_SOURCE),
        case__collaboration__code__in=CODES).delete()
    return deleted
