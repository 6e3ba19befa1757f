"""The parts every governance rule is made of: a severity, a finding and the rule itself.

A rule is a small named object: a stable ``id``, a ``severity``, a translated ``title``, the
``source`` it follows, the collaboration ``kinds`` and ``countries`` it applies to and the
dates it applies between (``valid_from``/``valid_to``, both days included), and the
``phase`` of the collaboration it judges (a preparatory phase, the regular one, or both).
Each rule cites the paragraph it checks (``citation``) and where its text was read
(``source_url``); a rule whose requirement could not be read is ``verified = False``, says
why in ``unverified_reason``, and reports only information. ``check`` reads a
:class:`~klynge.governance.rules.context.RuleContext` and yields :class:`Finding` objects,
never raises on bad data, and makes no queries of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from klynge.governance.models import Body, Collaboration, Organisation, Seat
    from klynge.governance.rules.context import RuleContext


class Severity(models.TextChoices):
    ERROR = "error", _("error")
    WARNING = "warning", _("warning")
    INFO = "info", _("info")


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

# The phase of a collaboration a rule judges (``Rule.phase``): any day, only the preparatory
# phase (``Collaboration.preparatory_until``), or only the days after it.
ANY_PHASE = ""
PREPARATORY = "preparatory"
REGULAR = "regular"


@dataclass(frozen=True)
class Finding:
    """One thing a rule found about one collaboration on one date.

    ``message`` is already translated (a ``str`` in the language active when the rule ran).
    """

    rule_id: str
    severity: Severity
    message: str
    collaboration: str
    body_id: int | None = None
    seat_id: int | None = None
    municipality: str | None = None
    citation: str = ""
    source_url: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    @property
    def severity_label(self) -> str:
        return str(Severity(self.severity).label)

    def sort_key(self) -> tuple[int, str, int, int, str]:
        return (
            SEVERITY_ORDER.get(self.severity, 9), self.rule_id, self.body_id or 0,
            self.seat_id or 0, self.municipality or "",
        )

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of ``klynge governance check --json``."""
        return {
            "collaboration": self.collaboration,
            "rule": self.rule_id,
            "severity": str(self.severity.value if isinstance(self.severity, Severity)
                            else self.severity),
            "message": self.message,
            "body": self.body_id,
            "seat": self.seat_id,
            "municipality": self.municipality,
            "citation": self.citation,
            "source": self.source_url,
        }


class Rule:
    """A governance rule. Subclasses set the class attributes and implement ``check``."""

    id: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    title: ClassVar[str | Promise]
    # What the rule follows: the source in words, the paragraph it checks, and an address.
    source: ClassVar[str]
    citation: ClassVar[str] = ""
    source_url: ClassVar[str] = ""
    # False where the requirement could not be read in a source we could reach: the rule
    # then says so, as information, instead of guessing.
    verified: ClassVar[bool] = True
    unverified_reason: ClassVar[str] = ""
    # False for rules that judge the partners, not the bodies: they run before any structure
    # is recorded.
    needs_structure: ClassVar[bool] = True
    # Collaboration kinds (``Collaboration.Kind`` values) and country codes; empty: all.
    kinds: ClassVar[tuple[str, ...]] = ()
    countries: ClassVar[tuple[str, ...]] = ()
    valid_from: ClassVar[dt.date | None] = None
    valid_to: ClassVar[dt.date | None] = None
    phase: ClassVar[str] = ANY_PHASE

    def __repr__(self) -> str:
        return f"<Rule {self.id}>"

    @property
    def is_specific(self) -> bool:
        """Whether the rule is for particular kinds of collaboration (not a common rule)."""
        return bool(self.kinds)

    def is_in_force_on(self, on_date: dt.date) -> bool:
        if self.valid_from is not None and on_date < self.valid_from:
            return False
        return not (self.valid_to is not None and on_date > self.valid_to)

    def applies_to(self, collaboration: Collaboration, on_date: dt.date) -> bool:
        if self.kinds and collaboration.kind not in self.kinds:
            return False
        if self.countries and country_code(collaboration) not in self.countries:
            return False
        if not self.is_in_phase(collaboration, on_date):
            return False
        return self.is_in_force_on(on_date)

    def is_in_phase(self, collaboration: Collaboration, on_date: dt.date) -> bool:
        if self.phase == ANY_PHASE:
            return True
        preparatory = collaboration.is_preparatory_on(on_date)
        return preparatory if self.phase == PREPARATORY else not preparatory

    def check(self, context: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(
        self,
        context: RuleContext,
        message: str,
        *,
        body: Body | None = None,
        seat: Seat | None = None,
        organisation: Organisation | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule; the municipality code is taken from ``organisation``."""
        return Finding(
            rule_id=self.id,
            severity=severity or self.severity,
            message=str(message),
            collaboration=context.collaboration.code,
            body_id=body.pk if body is not None else (seat.body_id if seat is not None else None),
            seat_id=seat.pk if seat is not None else None,
            municipality=municipality_code(organisation),
            citation=self.citation,
            source_url=self.source_url,
        )


def country_code(collaboration: Collaboration) -> str:
    country = getattr(collaboration, "country", None)
    return getattr(country, "code", "") or ""


def municipality_code(organisation: Organisation | None) -> str | None:
    if organisation is None or organisation.municipality_id is None:
        return None
    municipality = organisation.municipality
    return municipality.code if municipality is not None else None
