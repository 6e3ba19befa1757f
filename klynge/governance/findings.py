"""Rule findings as the pages show them: filtered to what the user may see, labelled.

The rules themselves live in ``klynge.governance.rules`` (``check_collaboration``); this
module only asks them and decides which findings a page shows.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from klynge.governance.models import Body, Collaboration

SEVERITY_LABELS: dict[str, Promise] = {
    "error": _("Error"),
    "warning": _("Warning"),
    "info": _("Information"),
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class ShownFinding:
    rule_id: str
    severity: str
    message: str
    body: Body | None
    municipality_code: str

    @property
    def severity_label(self) -> Promise | str:
        return SEVERITY_LABELS.get(self.severity, self.severity)


def _checker() -> Callable[..., list[Any]] | None:
    """The rules' entry point, or None while the rules package does not exist yet."""
    if importlib.util.find_spec("klynge.governance.rules") is None:
        return None
    module = importlib.import_module("klynge.governance.rules")
    return getattr(module, "check_collaboration", None)


def check(collaboration: Collaboration, on_date: dt.date) -> list[Any]:
    checker = _checker()
    if checker is None:
        return []
    return list(checker(collaboration, on_date=on_date))


def shown_findings(
    raw: Iterable[Any], bodies: dict[int, Body], *, body: Body | None = None
) -> list[ShownFinding]:
    """Findings about the visible ``bodies`` (or the whole collaboration); only ``body``'s if given.

    A finding about a body the user may not see is left out, so a confidential body does
    not leak through the rules.
    """
    shown = []
    for finding in raw:
        body_id = getattr(finding, "body_id", None)
        if body_id is not None and body_id not in bodies:
            continue
        if body is not None and body_id != body.pk:
            continue
        shown.append(ShownFinding(
            rule_id=str(finding.rule_id),
            severity=str(finding.severity),
            message=str(finding.message),
            body=bodies.get(body_id) if body_id is not None else None,
            municipality_code=str(getattr(finding, "municipality", None)
                                  or getattr(finding, "municipality_code", None) or ""),
        ))
    shown.sort(key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    return shown
