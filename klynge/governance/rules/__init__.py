"""Governance rules: small named checks run per collaboration; see docs/governance-rules.md."""

from klynge.governance.rules.base import Finding, Rule, Severity
from klynge.governance.rules.context import RuleContext
from klynge.governance.rules.registry import (
    RULES,
    UnknownCollaboration,
    check_all,
    check_collaboration,
    get_rule,
    rules_for,
)

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "RuleContext",
    "Severity",
    "UnknownCollaboration",
    "check_all",
    "check_collaboration",
    "get_rule",
    "rules_for",
]
