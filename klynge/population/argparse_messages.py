"""argparse's own messages (usage, help headings, argument errors) in the active language.

argparse translates its messages with the ``gettext`` functions it imported at module
level (``argparse._`` and ``argparse.ngettext``), in the default domain, where Klynge has
no catalogue. :func:`translated_argparse` points them at the population catalogue while
a command builds its parser and parses its arguments, and puts them back afterwards.

:func:`_messages` lists the messages the population command line can show, exactly as
argparse (Python 3.11) writes them, so that xgettext extracts them; any other is shown
in English.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from klynge.population.i18n import _, ngettext


@contextmanager
def translated_argparse() -> Iterator[None]:
    """argparse's messages come from the population catalogue within the block."""
    saved = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _messages() -> list[str]:  # pragma: no cover - never called: read by xgettext
    return [
        # Translators: argparse's usage heading; keep the trailing space.
        _("usage: "),
        _("positional arguments"),
        _("options"),
        _("show this help message and exit"),
        _("%(prog)s: error: %(message)s\n"),
        _("argument %(argument_name)s: %(message)s"),
        _("the following arguments are required: %s"),
        _("unrecognized arguments: %s"),
        _("expected one argument"),
        _("ambiguous option: %(option)s could match %(matches)s"),
        # Translators: %(type)s is the name of a Python type, such as int.
        _("invalid %(type)s value: %(value)r"),
        _("invalid choice: %(value)r (choose from %(choices)s)"),
        _("ignored explicit argument %r"),
        _("unknown parser %(parser_name)r (choices: %(choices)s)"),
    ]
