"""Fills the English catalogue: the source strings are English, so each msgstr is its msgid.

Run after makemessages; `make messages` does it. Only empty entries are touched.
"""

import sys
from pathlib import Path

import polib

path = Path(sys.argv[1] if len(sys.argv) > 1 else "klynge/locale/en/LC_MESSAGES/django.po")
catalogue = polib.pofile(str(path))
for entry in catalogue:
    if entry.msgid_plural:
        if not any(entry.msgstr_plural.values()):
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    elif not entry.msgstr:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
catalogue.save(str(path))
