"""Fills the English catalogue: the source strings are English, so each msgstr is its msgid.

Run after makemessages; `make messages` does it. Every entry is set afresh, so an entry
that makemessages carried over from a changed msgid (marked fuzzy) gets the new text.

An entry with a context (``pgettext``) keeps an English msgstr written by hand, as long as it
is not fuzzy: the context may call for other English words than the msgid's, e.g. a
Norwegian health community's "political level" is its "partnership meeting".
"""

import sys
from pathlib import Path

import polib

path = Path(sys.argv[1] if len(sys.argv) > 1 else "klynge/locale/en/LC_MESSAGES/django.po")
catalogue = polib.pofile(str(path))
for entry in catalogue:
    if entry.msgctxt and entry.translated() and "fuzzy" not in entry.flags:
        continue
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    else:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
catalogue.save(str(path))
