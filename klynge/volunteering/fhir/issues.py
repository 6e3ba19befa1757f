"""What goes wrong, or is worth saying, as OperationOutcome issues; a refusal as an
exception that carries its HTTP status and issues."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One OperationOutcome issue: ``severity`` (fatal, error, warning, information),
    ``code`` (the FHIR issue type: structure, required, value, code-invalid, not-supported,
    business-rule, security, login, not-found, too-costly, informational...), a translated
    ``diagnostics`` text, and the elements it is about (FHIRPath ``expression``)."""

    severity: str
    code: str
    diagnostics: str
    expression: tuple[str, ...] = ()


def error(code: str, diagnostics: str, *expression: str) -> Issue:
    return Issue("error", code, diagnostics, tuple(e for e in expression if e))


def information(diagnostics: str, *expression: str) -> Issue:
    return Issue("information", "informational", diagnostics, tuple(expression))


class FhirRefusal(Exception):
    """A request refused: the HTTP ``status`` and the issues that say why."""

    def __init__(self, status: int, issues: Iterable[Issue]) -> None:
        self.status = status
        self.issues = list(issues)
        super().__init__("; ".join(issue.diagnostics for issue in self.issues))


def refuse(status: int, code: str, diagnostics: str, *expression: str) -> FhirRefusal:
    """The exception for one issue (``raise refuse(...)``)."""
    return FhirRefusal(status, [error(code, diagnostics, *expression)])
