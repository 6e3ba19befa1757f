"""The population engine's catalogues (gettext domain ``population``) are complete.

Every message is translated into every language, none is fuzzy, each keeps exactly the
placeholders of its source text, and the catalogues hold exactly the messages that
xgettext finds in klynge/population (so a message added to the code without running
``make messages`` and translating it fails here).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import polib
import pytest

from klynge.population import i18n

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "population-messages.sh"
BRACE = re.compile(r"\{([^{}!:]*)[^{}]*\}")
PERCENT = re.compile(r"%(\(\w+\))?[sdr]")


def catalogue(language: str) -> polib.POFile:
    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    assert path.exists(), f"{path} is missing: run `make messages`"
    return polib.pofile(str(path))


def placeholders(text: str) -> Counter[str]:
    """``{name}`` fields (format spec and conversion ignored) and ``%`` directives."""
    found = Counter(
        f"{{{name}}}" for name in BRACE.findall(text.replace("{{", "").replace("}}", ""))
    )
    found.update(match.group(0) for match in PERCENT.finditer(text.replace("%%", "")))
    return found


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    po = catalogue(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    obsolete = [entry.msgid for entry in po.obsolete_entries()]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy: {fuzzy[:10]}"
    assert not obsolete, f"{language}: {len(obsolete)} obsolete: {obsolete[:10]}"
    assert "nplurals=2" in po.metadata.get("Plural-Forms", ""), language


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_placeholders_survive_translation(language: str) -> None:
    problems = []
    for entry in catalogue(language).translated_entries():
        if entry.msgid_plural:
            pairs = [(entry.msgid, entry.msgstr_plural[0])]
            pairs += [(entry.msgid_plural, text) for i, text in entry.msgstr_plural.items() if i]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, text in pairs:
            if placeholders(source) != placeholders(text):
                problems.append(f"{source!r} → {text!r}")
    assert not problems, f"{language}: placeholders lost or added: {problems}"


def test_english_is_the_source_text() -> None:
    for entry in catalogue("en"):
        if entry.msgid_plural:
            assert entry.msgstr_plural == {0: entry.msgid, 1: entry.msgid_plural}
        else:
            assert entry.msgstr == entry.msgid


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext is not installed")
@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_msgfmt_accepts_the_catalogue(language: str, tmp_path: Path) -> None:
    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    result = subprocess.run(
        [str(shutil.which("msgfmt")), "--check", "-o", str(tmp_path / "population.mo"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_catalogues_match_the_code(tmp_path: Path) -> None:
    pot = tmp_path / "population.pot"
    bash = str(shutil.which("bash"))
    subprocess.run([bash, str(SCRIPT), "--pot", str(pot)], cwd=ROOT, check=True)
    extracted = {(e.msgid, e.msgid_plural) for e in polib.pofile(str(pot)) if e.msgid}
    assert len(extracted) > 100
    for language in i18n.LANGUAGES:
        present = {(e.msgid, e.msgid_plural) for e in catalogue(language) if not e.obsolete}
        missing = sorted(extracted - present)
        stale = sorted(present - extracted)
        assert not missing, f"{language}: not in population.po (run make messages): {missing}"
        assert not stale, f"{language}: no longer in the code (run make messages): {stale}"
