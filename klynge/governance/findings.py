"""Rule findings as the pages show them: cached, filtered to what the user may see, labelled.

The rules themselves live in ``klynge.governance.rules``. Their findings for a collaboration on
a day, in a language, are kept in the database cache (shared by every server process and the
task worker) under the structure version, which every action and every reference load bumps
(``klynge.core.versions``): a change is seen at once, and an unchanged structure is judged
once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import caches
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klynge.collaborations.models import Collaboration
from klynge.core.versions import structure_version
from klynge.governance.models import Body
from klynge.governance.rules import Finding, check_collaboration

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
    citation: str = ""
    source_url: str = ""

    @property
    def severity_label(self) -> Promise | str:
        return SEVERITY_LABELS.get(self.severity, self.severity)


def cache_key(collaboration: Collaboration, on_date: dt.date, version: int | None = None) -> str:
    version = structure_version() if version is None else version
    return (f"findings:v{version}:{collaboration.pk}:{on_date.isoformat()}:"
            f"{get_language() or 'da'}")


def check(collaboration: Collaboration, on_date: dt.date,
          version: int | None = None) -> list[Finding]:
    """The findings of every rule for ``collaboration`` on ``on_date``, from the cache when
    the structure has not changed since they were found (``version``: the structure version
    when the caller has read it already)."""
    key = cache_key(collaboration, on_date, version)
    found: list[Finding] | None = caches["versioned"].get(key)
    if found is None:
        found = list(check_collaboration(collaboration, on_date=on_date))
        caches["versioned"].set(key, found)
    return found


def shown_findings(
    raw: Iterable[Finding], bodies: dict[int, Body], *, body: Body | None = None
) -> list[ShownFinding]:
    """Findings about the visible ``bodies`` (or the whole collaboration); only ``body``'s if given.

    A finding about a body the user may not see is left out, so a confidential body does
    not leak through the rules.
    """
    shown = []
    for finding in raw:
        body_id = finding.body_id
        if body_id is not None and body_id not in bodies:
            continue
        if body is not None and body_id != body.pk:
            continue
        shown.append(ShownFinding(
            rule_id=str(finding.rule_id),
            severity=str(finding.severity),
            message=str(finding.message),
            body=bodies.get(body_id) if body_id is not None else None,
            municipality_code=finding.municipality or "",
            citation=finding.citation,
            source_url=finding.source_url,
        ))
    shown.sort(key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    return shown
