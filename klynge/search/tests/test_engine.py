"""The matching rules, on whichever database the suite runs (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from klynge.search.engine import search, searchable, snippet, words
from klynge.search.models import Entry


def names(query: str) -> set[str]:
    return set(search(Entry.objects.all(), "searched", query).values_list("title", flat=True))


@pytest.fixture
def bodies() -> None:
    """Texts in the search index as it keeps them (a body's name and mandate)."""
    for number, (name, mandate) in enumerate([
        ("Ældrerådet", "Rådgiver om ældre borgeres forhold"),
        ("Sundhedsklyngen", "Det politiske niveau"),
        ("Mødegruppen", "Planlægger møder"),
        ("Modegruppen", "Om mode og tøj"),
        ("Henvisningsgruppen", "Arbejder med henvisninger til frivillige"),
    ], start=1):
        Entry.objects.create(kind=Entry.Kind.CASES, object_id=number, title=name, url="/",
                             searched=searchable((name, mandate)), sort_at=timezone.now())


def test_words_are_lowered_deduplicated_and_short_ones_dropped() -> None:
    assert words("Ældre ældre i  klynge-") == ["ældre", "klynge"]
    assert words("") == []


@pytest.mark.django_db
def test_compounds_are_found_by_their_parts(bodies: None) -> None:
    assert "Ældrerådet" in names("ældre")
    assert names("klynge") == {"Sundhedsklyngen"}


@pytest.mark.django_db
def test_danish_letters_are_never_folded(bodies: None) -> None:
    assert names("møde") == {"Mødegruppen"}
    assert names("mode") == {"Modegruppen"}
    assert names("MØDE") == {"Mødegruppen"}


@pytest.mark.django_db
def test_every_word_must_match(bodies: None) -> None:
    assert names("møde planlægger") == {"Mødegruppen"}
    assert names("møde tøj") == set()


@pytest.mark.django_db
def test_an_empty_query_finds_nothing(bodies: None) -> None:
    assert names("  ") == set()


@pytest.mark.django_db
def test_postgresql_also_matches_by_stem(bodies: None) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's; SQLite matches parts of words only")
    # "henvisning" is part of "henvisninger" anyway; "politisk" by stem of "politiske".
    assert names("politisk") == {"Sundhedsklyngen"}
    assert "Henvisningsgruppen" in names("henvisningerne")
    assert names("mødet") == {"Mødegruppen"}  # stem "mød": møder, Mødegruppen
    assert names("modet") == {"Modegruppen"}  # never folded to the other letter


@pytest.mark.django_db
def test_the_terms_are_the_words_and_on_postgresql_their_stems() -> None:
    from klynge.search.engine import terms

    # On PostgreSQL a word's stem is part of the word: the stem alone finds the same rows.
    if connection.vendor == "postgresql":
        assert terms("Mødet ældre") == [("mød",), ("ældr",)]
    else:
        assert terms("Mødet ældre") == [("mødet",), ("ældre",)]


def test_a_snippet_shows_the_text_around_the_word() -> None:
    text = "Indledning. " * 30 + "Her står ordet ældrepleje midt i teksten. " + "Slut. " * 30
    excerpt = snippet(text, "ældrepleje", width=60)
    assert "ældrepleje" in excerpt and excerpt.startswith("…") and excerpt.endswith("…")
