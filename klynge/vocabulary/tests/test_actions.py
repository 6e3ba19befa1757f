from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from klynge.audit.models import AuditEntry
from klynge.testing.factories import make_collaboration
from klynge.vocabulary.actions import do_add_term, do_seed_vocabulary
from klynge.vocabulary.defaults import TARGET_GROUPS, THEMES
from klynge.vocabulary.models import Term

pytestmark = pytest.mark.django_db


def test_the_default_vocabulary_is_seeded_once_in_every_language() -> None:
    collaboration = make_collaboration()
    assert do_seed_vocabulary(None, collaboration) == len(TARGET_GROUPS) + len(THEMES)
    assert do_seed_vocabulary(None, collaboration) == 0
    assert AuditEntry.objects.filter(verb="seed").count() == 1
    term = Term.objects.get(collaboration=collaboration, code="frail-elderly")
    assert term.name_en == "frail elderly" and all(
        getattr(term, f"name_{code}") for code in ("da", "nb", "nn"))


def test_a_term_is_named_in_the_reader_s_language_with_fallbacks() -> None:
    term = do_add_term(None, make_collaboration(), Term.Kind.THEME, name_da="Forebyggelse",
                       name_en="Prevention")
    with translation.override("en"):
        assert term.label == "Prevention"
    with translation.override("nn"):
        assert term.label == "Forebyggelse"  # no Nynorsk name: Danish first
    assert term.code == "forebyggelse"


def test_a_second_term_with_the_same_name_gets_its_own_code() -> None:
    collaboration = make_collaboration()
    first = do_add_term(None, collaboration, Term.Kind.THEME, name_da="Data")
    second = do_add_term(None, collaboration, Term.Kind.THEME, name_da="Data")
    assert (first.code, second.code) == ("data", "data-2")


def test_a_term_without_a_name_or_with_an_unknown_kind_is_refused() -> None:
    collaboration = make_collaboration()
    with pytest.raises(ValidationError):
        do_add_term(None, collaboration, Term.Kind.THEME, name_da="  ")
    with pytest.raises(ValidationError):
        do_add_term(None, collaboration, "colour", name_da="Rød")
    assert not Term.objects.exists()
