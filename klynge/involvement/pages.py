"""What the ledger pages show, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from klynge.cases.models import Case
from klynge.involvement import access
from klynge.involvement.forms import InvolvementForm
from klynge.involvement.models import Involvement, Step, rank


@dataclass
class Summary:
    """A case's ledger at a glance."""

    count: int
    highest: str  # the highest step's label, "" with no entry
    owing: int  # entries whose feedback is owed

    @property
    def none(self) -> bool:
        return self.count == 0


def ledger_summary(entries: list[Involvement]) -> Summary:
    if not entries:
        return Summary(0, "", 0)
    top = max(entries, key=lambda entry: rank(entry.step))
    return Summary(len(entries), str(Step(top.step).label),
                   sum(1 for entry in entries if entry.owes_feedback))


def entries_of(case: Case) -> list[Involvement]:
    return list(Involvement.objects.filter(case=case).select_related("body")
                .order_by("happened_on", "pk"))


def case_section(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The involvement part of the case page (the case page decided the user may see it)."""
    entries = entries_of(case)
    return {"case": case, "entries": entries, "summary": ledger_summary(entries),
            "can_keep": access.may_keep_ledger(request.user, case),
            "ledger_url": reverse("involvement:ledger", args=[case.pk])}


def ledger_context(request: HttpRequest, case: Case,
                   form: InvolvementForm | None = None) -> dict[str, Any]:
    entries = entries_of(case)
    can_keep = access.may_keep_ledger(request.user, case)
    if can_keep and form is None:
        form = InvolvementForm(bodies=access.involved_bodies(request.user, case))
    return {"case": case, "collaboration": case.collaboration, "entries": entries,
            "summary": ledger_summary(entries), "can_keep": can_keep, "form": form}


def agenda_notes(items: list[Any]) -> dict[int, list[Any]]:
    """For the agenda and the minutes (``klynge.meetings.notes``): each case item whose case
    has no user involvement recorded (one query for all the items)."""
    case_ids = {item.case_id for item in items if item.case_id is not None}
    if not case_ids:
        return {}
    involved = set(Involvement.objects.filter(case_id__in=case_ids)
                   .values_list("case_id", flat=True).distinct())
    return {item.pk: [NO_INVOLVEMENT] for item in items
            if item.case_id is not None and item.case_id not in involved}


NO_INVOLVEMENT = gettext_lazy("No user involvement was recorded for this case.")
