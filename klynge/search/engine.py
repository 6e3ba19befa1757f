"""Matching words in text on PostgreSQL and on SQLite, the same way where it matters.

A query's words must each be found in the searched text, which the search index keeps in
lower case (:func:`searchable`, as :func:`words` lowers the query), so the database compares
them as they are, with no case folded per row:
- **as part of a word** (substring, case folded, letters never folded to others):
  compounds are the norm in Danish and Norwegian, so *ældre* finds *Ældrerådet* and
  *klynge* finds *sundhedsklyngen*; *møde* does not find *mode*, because Æ, Ø and Å are
  letters of their own (no accent folding, no transliteration);
- or, on PostgreSQL, **by stem**: each word is reduced by the Danish and the Norwegian
  Snowball stemmers (PostgreSQL's full-text dictionaries ``danish_stem`` and
  ``norwegian_stem``), and a stem of three letters or more is looked for as part of a word
  too, so *mødet* finds *møder* (stem *mød*) and *henvisningerne* finds *henvisninger*.
  Matching the stem as part of a word keeps compounds working for inflected words as well
  (*sygehusene* finds *Regionssygehuset*), and needs no text vector computed per row:
  a trigram index (``pg_trgm``) on the search index's text serves every branch.
SQLite has no stemmer; its fallback is the part-of-word match, which covers prefixes and
compounds.

Words shorter than two letters are ignored; at most eight words are used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q, QuerySet

MAX_WORDS = 8
MIN_LENGTH = 2
MIN_STEM = 3
DICTIONARIES = ("danish_stem", "norwegian_stem")
_WORD = re.compile(r"[\w-]+", re.UNICODE)

Terms = list[tuple[str, ...]]  # per word of the query: the word and its stems


def words(query: str) -> list[str]:
    """The words of ``query`` that are searched for, in order, without repeats."""
    seen: list[str] = []
    for word in _WORD.findall(query or ""):
        word = word.strip("-").lower()
        if len(word) >= MIN_LENGTH and word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def _stems(found: list[str]) -> dict[str, set[str]]:
    """Each word's stems by the Danish and Norwegian stemmers (one query)."""
    stems: dict[str, set[str]] = {word: set() for word in found}
    if connection.vendor != "postgresql" or not found:
        return stems
    lexize = ", ".join(f"ts_lexize('{name}', word)" for name in DICTIONARIES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, {lexize} FROM unnest(%s::text[]) AS word",  # noqa: S608
                       [found])
        for word, *lexemes in cursor.fetchall():
            stems[word].update(lexeme for found_lexemes in lexemes
                               for lexeme in found_lexemes or ()
                               if len(lexeme) >= MIN_STEM and lexeme != word)
    return stems


def terms(query: str) -> Terms:
    """What is looked for: per word, the word and (on PostgreSQL) its shorter stems. A form
    that contains another is left out (text that contains *ældre* contains its stem *ældr*),
    so each field is matched against as few patterns as give the same rows."""
    found = words(query)
    stems = _stems(found)
    looked_for = []
    for word in found:
        forms = sorted({word, *stems[word]}, key=lambda form: (len(form), form))
        kept: list[str] = []
        for form in forms:
            if not any(shorter in form for shorter in kept):
                kept.append(form)
        looked_for.append(tuple(kept))
    return looked_for


def searchable(parts: Iterable[str]) -> str:
    """The text to search in: the parts, one a line, in lower case as the words looked for
    are (:func:`words`)."""
    return "\n".join(part for part in parts if part).lower()


def _condition(field: str, looked_for: Terms) -> Q:
    """Every word is part of the text, as itself or as one of its stems."""
    return reduce(and_, (reduce(or_, (Q(**{f"{field}__contains": form}) for form in forms))
                         for forms in looked_for))


def search(queryset: QuerySet, field: str, query: str | Terms) -> QuerySet:
    """The rows of ``queryset`` whose ``field`` (text made by :func:`searchable`) matches
    ``query`` (or the :func:`terms` of one, worked out once); none for an empty query."""
    looked_for = terms(query) if isinstance(query, str) else query
    if not looked_for:
        return queryset.none()
    return queryset.filter(_condition(field, looked_for))


def snippet(text: str, query: str, width: int = 160) -> str:
    """A short excerpt of ``text`` around the first word of ``query`` found in it."""
    plain = " ".join((text or "").split())
    lowered = plain.lower()
    positions = [lowered.find(term) for term in words(query)]
    found = [p for p in positions if p >= 0]
    if not found or len(plain) <= width:
        return plain[:width] + ("…" if len(plain) > width else "")
    start = max(0, min(found) - width // 3)
    excerpt = plain[start:start + width]
    return ("…" if start else "") + excerpt + ("…" if start + width < len(plain) else "")
