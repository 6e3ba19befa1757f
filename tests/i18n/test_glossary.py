"""The catalogues use the words of docs/glossary.md, and none of the words it refuses.

Each row of the glossary's tables names a term by its English text in the interface. Where
that text is a message of the catalogues (its msgid, with or without a leading capital, or
the English translation of a message with a context, such as a Norwegian health community's
"partnership meeting"), its Danish, Bokmål and Nynorsk translations must each be one of the
row's alternatives for that language. Terms that are no message of their own are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
GLOSSARY = BASE_DIR / "docs" / "glossary.md"
CATALOGUES = [
    BASE_DIR / "klynge" / "locale" / "{language}" / "LC_MESSAGES" / "django.po",
    BASE_DIR / "klynge" / "population" / "locale" / "{language}" / "LC_MESSAGES" / "population.po",
]
LANGUAGES = {"da": "Danish", "nb": "Bokmål", "nn": "Nynorsk"}
ENGLISH_COLUMN = "code (English)"
NO_WORD = "—"
# A note at the end of an alternative that says when it applies: "politisk nivå (DK)".
CONDITION_NOTE = re.compile(r"\s*\((?:DK|NO)(?:,\s*(?:DK|NO))*\)$")

# Words a language's translations must never use (see "Words not to use" in the glossary).
REFUSED = {
    "da": ["bagland", "medformand", "medformænd", "sundhedsfællesskab"],
    "nb": ["helseråd", "medleder", "medleiar"],
    "nn": ["helseråd", "medleder", "medleiar", "eigenskap"],
}
# Norwegian words that are right elsewhere but not for these terms.
REFUSED_FOR = {
    ("nb", "health cluster"): "helseklynge",
    ("nn", "health cluster"): "helseklynge",
}


@dataclass(frozen=True)
class Row:
    english: str
    words: dict[str, list[str] | None]  # None: the language needs no word for it


def glossary_rows(text: str) -> list[Row]:
    """Every row of every table whose header has the English and the language columns."""
    rows: list[Row] = []
    header: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the separator below the header
        if ENGLISH_COLUMN not in header or not all(n in header for n in LANGUAGES.values()):
            continue
        row = dict(zip(header, cells, strict=False))
        rows.append(Row(row[ENGLISH_COLUMN], {
            code: alternatives(row[name]) for code, name in LANGUAGES.items()}))
    return rows


def alternatives(cell: str) -> list[str] | None:
    if cell == NO_WORD:
        return None
    return [CONDITION_NOTE.sub("", word).strip() for word in cell.split(" / ")]


def load(language: str) -> list[polib.POEntry]:
    entries: list[polib.POEntry] = []
    for pattern in CATALOGUES:
        path = Path(str(pattern).format(language=language))
        if path.exists():
            entries.extend(polib.pofile(str(path)))
    return entries


def translations(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


def entries_for(term: str, english: list[polib.POEntry]) -> list[tuple[str | None, str]]:
    """The (context, msgid) of the messages that show ``term`` in English."""
    spellings = {term, term[:1].upper() + term[1:]}
    found = [(e.msgctxt, e.msgid) for e in english if e.msgctxt is None and e.msgid in spellings]
    found += [(e.msgctxt, e.msgid) for e in english
              if e.msgctxt is not None and e.msgstr in spellings and e.msgstr != e.msgid]
    return found


def same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return glossary_rows(GLOSSARY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def english() -> list[polib.POEntry]:
    return load("en")


def test_the_glossary_names_the_interface_terms(rows: list[Row],
                                                english: list[polib.POEntry]) -> None:
    terms = {row.english for row in rows if entries_for(row.english, english)}
    for term in ("health cluster", "health council", "health community", "political level",
                 "strategic level", "working group", "partnership meeting", "co-chair",
                 "chair", "vice-chair", "represents", "on behalf of", "capacity",
                 "elder council", "role grant", "participation", "audit trail"):
        assert term in terms, f"docs/glossary.md has no row for the message {term!r}"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_translations_use_the_glossary(language: str, rows: list[Row],
                                       english: list[polib.POEntry]) -> None:
    catalogue = {(e.msgctxt, e.msgid): e for e in load(language)}
    wrong = []
    for row in rows:
        words = row.words[language]
        if words is None:
            continue
        for key in entries_for(row.english, english):
            entry = catalogue.get(key)
            if entry is None:
                wrong.append(f"{row.english!r} ({language}): no entry for {key[1]!r}")
                continue
            for text in translations(entry):
                if not any(same(text, word) for word in words):
                    where = f" [{key[0]}]" if key[0] else ""
                    wrong.append(f"{row.english!r}{where} ({language}): {text!r} is not one "
                                 f"of {words}")
    assert not wrong, "\n".join(["Translations that do not follow docs/glossary.md:", *wrong])


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_refused_words_are_not_used(language: str) -> None:
    found = []
    for entry in load(language):
        for text in translations(entry):
            for word in REFUSED[language]:
                if word in text.casefold():
                    found.append(f"{word!r} ({language}) in {entry.msgid!r}: {text!r}")
            refused = REFUSED_FOR.get((language, entry.msgid))
            if refused is not None and entry.msgctxt is None and same(text, refused):
                found.append(f"{refused!r} ({language}) for {entry.msgid!r}")
    assert not found, "\n".join(["Words docs/glossary.md refuses:", *found])


def test_the_parser_reads_alternatives_and_notes() -> None:
    assert alternatives("politisk nivå (DK) / partnerskapsmøte (NO)") == [
        "politisk nivå", "partnerskapsmøte"]
    assert alternatives("sundhedsklynge (dansk)") == ["sundhedsklynge (dansk)"]
    assert alternatives(NO_WORD) is None
    rows = glossary_rows("| code (English) | Danish | Bokmål | Nynorsk | what it is |\n"
                         "|---|---|---|---|---|\n"
                         "| seat | plads | plass | plass | a place |\n")
    assert rows == [Row("seat", {"da": ["plads"], "nb": ["plass"], "nn": ["plass"]})]
