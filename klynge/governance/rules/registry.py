"""All governance rules, and running them on one collaboration or on all of them.

``check_collaboration`` never raises on bad data: a rule that fails is logged and
reported as a ``rule-failed`` error finding naming it, and the other rules still run.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.collaborations.models import Collaboration
from klynge.governance.rules.base import Finding, Rule, Severity
from klynge.governance.rules.common import COMMON_RULES
from klynge.governance.rules.context import RuleContext
from klynge.governance.rules.dk import DK_RULES
from klynge.governance.rules.no import NO_RULES

logger = logging.getLogger(__name__)

RULES: list[Rule] = [*DK_RULES, *NO_RULES, *COMMON_RULES]

# Findings about the check itself, not made by a rule in RULES.
RULE_FAILED = "rule-failed"
NOT_IN_FORCE = "collaboration-not-in-force"
NO_SPECIFIC_RULES = "no-specific-rules"
NO_STRUCTURE = "structure-not-recorded"


class UnknownCollaboration(LookupError):
    """No collaboration has the code asked for."""


def get_rule(rule_id: str) -> Rule:
    for rule in RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def rules_for(collaboration: Collaboration, on_date: dt.date | None = None,
              rules: list[Rule] | None = None) -> list[Rule]:
    """The rules that judge ``collaboration`` on ``on_date`` (by kind, country and date)."""
    on_date = on_date or timezone.localdate()
    return [rule for rule in (RULES if rules is None else rules)
            if rule.applies_to(collaboration, on_date)]


def check_collaboration(collaboration: Collaboration, on_date: dt.date | None = None,
                        rules: list[Rule] | None = None) -> list[Finding]:
    """Run every rule that applies to ``collaboration`` on ``on_date`` (default: today).

    Messages are translated into the active language. The findings are sorted errors
    first. The queries made do not grow with the size of the collaboration.
    """
    on_date = on_date or timezone.localdate()
    rules = RULES if rules is None else rules
    code = collaboration.code
    if not collaboration.is_valid_on(on_date):
        return [Finding(
            rule_id=NOT_IN_FORCE, severity=Severity.INFO, collaboration=code,
            message=_("%(collaboration)s is not in force on %(date)s; no rules were checked.")
            % {"collaboration": collaboration.name, "date": on_date.isoformat()},
        )]
    context = RuleContext.load(collaboration, on_date)
    findings: list[Finding] = []
    if not context.bodies:
        findings.append(Finding(
            rule_id=NO_STRUCTURE, severity=Severity.INFO, collaboration=code,
            message=_("No structure is recorded for %(collaboration)s on %(date)s yet. The "
                      "secretariat can create the bodies the rules require from a template.")
            % {"collaboration": collaboration.name, "date": on_date.isoformat()},
        ))
    specific_applied = False
    for rule in rules:
        try:
            if not rule.applies_to(collaboration, on_date):
                continue
            if rule.needs_structure and not context.bodies:
                specific_applied = specific_applied or rule.is_specific
                continue
            specific_applied = specific_applied or rule.is_specific
            findings.extend(rule.check(context))
        except Exception:
            logger.exception("Governance rule %s failed on %s (%s)", rule.id, code, on_date)
            findings.append(Finding(
                rule_id=RULE_FAILED, severity=Severity.ERROR, collaboration=code,
                message=_("The rule %(rule)s failed and could not check %(collaboration)s.")
                % {"rule": rule.id, "collaboration": collaboration.name},
            ))
    has_specific = any(collaboration.kind in rule.kinds for rule in rules)
    if has_specific and not specific_applied:
        findings.append(Finding(
            rule_id=NO_SPECIFIC_RULES, severity=Severity.INFO, collaboration=code,
            message=_(
                "No rules for a %(kind)s apply on %(date)s; only the common rules were checked."
            ) % {"kind": collaboration.get_kind_display(), "date": on_date.isoformat()},
        ))
    return sorted(findings, key=Finding.sort_key)


def check_all(on_date: dt.date | None = None, collaboration_code: str | None = None,
              ) -> list[tuple[Collaboration, list[Finding]]]:
    """Check every collaboration, or the one with ``collaboration_code``.

    Raises :class:`UnknownCollaboration` if no collaboration has that code.
    """
    on_date = on_date or timezone.localdate()
    collaborations = Collaboration.objects.select_related("country").order_by("country", "name")
    if collaboration_code is not None:
        collaborations = collaborations.filter(code=collaboration_code)
    results = [(collaboration, check_collaboration(collaboration, on_date))
               for collaboration in collaborations]
    if collaboration_code is not None and not results:
        raise UnknownCollaboration(collaboration_code)
    return results
