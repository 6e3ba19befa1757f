"""The only writers of terms. Each is atomic and leaves an audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klynge.audit.actions import created, record
from klynge.collaborations.models import Collaboration
from klynge.core.writes import apply_changes, only_fields
from klynge.vocabulary.defaults import TARGET_GROUPS, THEMES
from klynge.vocabulary.models import LANGUAGES, Term

NAME_FIELDS = tuple(f"name_{code}" for code in LANGUAGES)
TERM_FIELDS = ("kind", "code", *NAME_FIELDS, "retired")


def check_term(collaboration: Collaboration, values: dict[str, Any],
               term: Term | None = None) -> None:
    merged = ({name: getattr(term, name) for name in TERM_FIELDS} if term else {}) | values
    if not any(str(merged.get(name) or "").strip() for name in NAME_FIELDS):
        raise ValidationError(_("Give the term a name in at least one language."))
    if merged.get("kind") not in Term.Kind.values:
        raise ValidationError({"kind": _("Choose a theme or a target group.")})
    same = Term.objects.filter(collaboration=collaboration, kind=merged["kind"],
                               code=merged.get("code"))
    if term is not None:
        same = same.exclude(pk=term.pk)
    if same.exists():
        raise ValidationError(_("The collaboration already has a term with this code."))


def _code_for(collaboration: Collaboration, kind: str, values: dict[str, Any]) -> str:
    name = next((str(values[n]) for n in NAME_FIELDS if str(values.get(n) or "").strip()), "")
    base = slugify(name)[:50] or "term"
    code, n = base, 2
    while Term.objects.filter(collaboration=collaboration, kind=kind, code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return code


@transaction.atomic
def do_add_term(actor: Any, collaboration: Collaboration, kind: str, **values: Any) -> Term:
    only_fields(values, TERM_FIELDS, "do_add_term")
    values["kind"] = kind
    values.setdefault("code", _code_for(collaboration, kind, values))
    check_term(collaboration, values)
    term = Term.objects.create(collaboration=collaboration, **values)
    record(actor, "create", term, changes=created(term, values),
           collaboration_code=collaboration.code)
    return term


@transaction.atomic
def do_change_term(actor: Any, term: Term, **values: Any) -> Term:
    only_fields(values, (*NAME_FIELDS, "retired"), "do_change_term")
    check_term(term.collaboration, values, term)
    changes = apply_changes(term, values)
    if changes:
        term.save()
        record(actor, "update", term, changes=changes,
               collaboration_code=term.collaboration.code)
    return term


def _names(label: Any) -> dict[str, str]:
    names = {}
    for code in LANGUAGES:
        with translation.override(code):
            names[f"name_{code}"] = str(label)
    return names


@transaction.atomic
def do_seed_vocabulary(actor: Any, collaboration: Collaboration) -> int:
    """Give ``collaboration`` the default themes and target groups it lacks; returns how many
    terms were added. Idempotent: a term whose code exists is left as the secretariat has it."""
    existing = set(Term.objects.filter(collaboration=collaboration)
                   .values_list("kind", "code"))
    added = 0
    for kind, defaults in ((Term.Kind.TARGET_GROUP, TARGET_GROUPS), (Term.Kind.THEME, THEMES)):
        for code, label in defaults.items():
            if (kind, code) in existing:
                continue
            Term.objects.create(collaboration=collaboration, kind=kind, code=code,
                                **_names(label))
            added += 1
    if added:
        record(actor, "seed", collaboration, details={"terms": added},
               collaboration_code=collaboration.code)
    return added
