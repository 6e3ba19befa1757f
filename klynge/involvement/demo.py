"""The involvement ledgers of the Danish demo: Horsensklyngen's (or, from 2027, Sundhedsråd
Horsens') first cases record how the user panel and the elder councils were involved, one
owes its feedback, and the other cases have none (their agenda items are flagged)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from klynge.accounts.models import User
from klynge.cases.models import Case
from klynge.governance.demo import DemoResult
from klynge.governance.demo_data import DEMO_SOURCE
from klynge.governance.models import Body
from klynge.involvement.access import involved_bodies
from klynge.involvement.actions import do_record_involvement
from klynge.involvement.models import Involvement, Step
from klynge.meetings.demo.common import CODES, COUNCIL_CODE, HORSENS_CODE

SECRETARIAT = "sekretariat"


def _entries(panel: Body, elders: Body | None,
             today: dt.date) -> list[tuple[int, dict[str, Any]]]:
    """(which of the first cases, the entry's values)."""
    entries = [
        (0, {"body": panel, "step": Step.CONSULTED, "happened_on": today - dt.timedelta(days=40),
             "said": "Brugerpanelet peger på, at ventetiden på det første hjemmebesøg skaber "
                     "utryghed hos pårørende, og foreslår en fast kontaktperson.",
             "feedback": "Panelets forslag om en fast kontaktperson er skrevet ind i "
                         "faggruppens indstilling.",
             "fed_back_on": today - dt.timedelta(days=20)}),
        (1, {"body": panel, "step": Step.CO_PRODUCED,
             "happened_on": today - dt.timedelta(days=12),
             "others": "Værksted med patienter og pårørende på Regionshospitalet Horsens",
             "said": "Deltagerne skrev udkastet til informationsfolderen sammen med "
                     "personalet."}),
    ]
    if elders is not None:
        entries.append((0, {"body": elders, "step": Step.INFORMED,
                            "happened_on": today - dt.timedelta(days=35),
                            "said": "Ældrerådene fik sagen forelagt på deres fællesmøde."}))
    return entries


def load_involvement(sender: Any, result: DemoResult, **kwargs: Any) -> None:
    """``demo_loading``: the ledgers, through the actions, unless there already are some."""
    if SECRETARIAT in result.skipped_logins:
        return
    secretariat = User.objects.filter(username=SECRETARIAT).first()
    if secretariat is None:
        return
    today = timezone.localdate()
    for collaboration in result.collaborations:
        if collaboration.code not in (HORSENS_CODE, COUNCIL_CODE):
            continue
        cases = list(Case.objects.filter(collaboration=collaboration).order_by("year", "serial"))
        if len(cases) < 2 or Involvement.objects.filter(case__in=cases).exists():
            continue
        bodies = list(involved_bodies(secretariat, cases[0]))
        panel = next((b for b in bodies if b.kind == Body.Kind.USER_PANEL), None)
        elders = next((b for b in bodies if b.kind == Body.Kind.ELDER_COUNCIL), None)
        if panel is None:
            continue
        for index, values in _entries(panel, elders, today):
            do_record_involvement(secretariat, cases[index], **values)
            result.counts["involvements"] += 1


def remove_involvement(sender: Any, **kwargs: Any) -> int:
    """``demo_removing``: the demo's ledger entries (before its cases and bodies go)."""
    deleted, _ = Involvement.objects.filter(
        Q(recorded_by__username=SECRETARIAT) | Q(body__source=DEMO_SOURCE),
        case__collaboration__code__in=CODES).delete()
    return deleted
