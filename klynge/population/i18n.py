"""Translations of the population engine's messages: Danish, Bokmål, Nynorsk, English.

The standard library's :mod:`gettext`, domain ``population``, catalogues in
``klynge/population/locale/<language>/LC_MESSAGES/population.po`` (compiled to ``.mo`` by
``make messages``). Without a compiled catalogue the English source text is shown.

The active language is set with :func:`activate` (or for a block with :func:`override`);
until then it is ``KLYNGE_LANGUAGE`` when that names a language Klynge speaks, else Danish,
Klynge's default everywhere. :func:`_` and :func:`ngettext` translate when they are
called, so a message is in the language active when it is made, never the one active
when a module was imported. Messages use ``str.format`` placeholders::

    _("{file}: required table is missing").format(file=name)
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

DOMAIN = "population"
LANGUAGES = ("da", "nb", "nn", "en")
DEFAULT_LANGUAGE = "da"
ENVIRONMENT_VARIABLE = "KLYNGE_LANGUAGE"
LOCALE_DIR = Path(__file__).with_name("locale")

# Thousands separator and decimal mark: Danish 1.234,5; Norwegian 1 234,5 (no-break space).
_SEPARATORS = {"da": (".", ","), "nb": ("\u00a0", ","), "nn": ("\u00a0", ","), "en": (",", ".")}
_active: ContextVar[str | None] = ContextVar("klynge_population_language", default=None)


class UnknownLanguage(ValueError):
    """A language code that is not one of :data:`LANGUAGES`; the message is made when it
    is shown, in the language active then."""

    def __init__(self, language: str, source: str) -> None:
        super().__init__(language, source)
        self.language = language
        self.source = source

    def __str__(self) -> str:
        # Translators: {source} is --language or KLYNGE_LANGUAGE; keep the
        # language codes as they are.
        message = _("{source}: unknown language {language}; choose da, nb, nn or en")
        return message.format(source=self.source, language=repr(self.language))


def check_language(language: str, source: str = "--language") -> str:
    """``language`` if Klynge speaks it (case and surrounding spaces ignored), else
    :class:`UnknownLanguage`, naming ``source`` (where the code came from)."""
    code = language.strip().lower()
    if code not in LANGUAGES:
        raise UnknownLanguage(language, source)
    return code


def choose_language(option: str | None = None) -> str:
    """The language of a command: ``option`` (``--language``), else ``KLYNGE_LANGUAGE``,
    else Danish. An unknown code in either raises :class:`UnknownLanguage`."""
    if option is not None:
        return check_language(option)
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if from_environment:
        return check_language(from_environment, ENVIRONMENT_VARIABLE)
    return DEFAULT_LANGUAGE


def default_language() -> str:
    """``KLYNGE_LANGUAGE`` if it names a known language, else Danish (never raises: the
    command line reports a bad ``KLYNGE_LANGUAGE``, see :func:`choose_language`)."""
    code = os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def get_language() -> str:
    """The language messages are made in now."""
    return _active.get() or default_language()


def activate(language: str) -> None:
    """Make ``language`` the active language (in this thread or task)."""
    _active.set(check_language(language))


def deactivate() -> None:
    """Back to the default: ``KLYNGE_LANGUAGE`` or Danish."""
    _active.set(None)


@contextmanager
def override(language: str) -> Iterator[str]:
    """``language`` is active within the block; the previous one afterwards."""
    token = _active.set(check_language(language))
    try:
        yield language
    finally:
        _active.reset(token)


@lru_cache(maxsize=16)
def _catalogue(language: str, localedir: Path) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir, languages=[language], fallback=True)


def translation(language: str | None = None) -> gettext.NullTranslations:
    """The catalogue of ``language`` (default: the active one); English source text
    when it has not been compiled."""
    return _catalogue(language or get_language(), LOCALE_DIR)


def _(message: str) -> str:
    """``message`` in the active language."""
    return translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the active language."""
    return translation().ngettext(singular, plural, n)


def number(value: float, decimals: int = 0) -> str:
    """``value`` with the active language's thousands separator and decimal mark."""
    text = f"{value:,.{decimals}f}"
    thousands, point = _SEPARATORS[get_language()]
    return text.translate({ord(","): thousands, ord("."): point})
