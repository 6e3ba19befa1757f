"""The checks of single values the volunteering actions share: languages, availability slots,
traits, lists of codes, and free text that must not carry a national identity number."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from klynge.volunteering.models import PartOfDay

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
# A Danish CPR number (ddmmyy-xxxx) or a Norwegian fødselsnummer (11 digits).
IDENTITY_NUMBER = re.compile(r"(?<!\d)(\d{6}[-\s]?\d{4}|\d{11})(?!\d)")
WEEKDAYS = range(7)


def items(value: Any) -> list[Any]:
    """A list given as a list (or tuple, set), one value, or nothing."""
    if value in (None, ""):
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def refuse_identity_number(field: str, text: str) -> None:
    """Klynge holds no CPR number or fødselsnummer: refuse text that looks like one."""
    if IDENTITY_NUMBER.search(text or ""):
        raise ValidationError({field: _("Do not write a CPR number or a fødselsnummer here: "
                                        "Klynge does not keep them.")})


def text(values: dict[str, Any], field: str, *, required: str = "", limit: int = 0) -> str:
    """``values[field]`` stripped, checked for identity numbers; ``required``: the message
    when it is blank; ``limit``: the longest it may be."""
    value = str(values.get(field) or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if limit and len(value) > limit:
        raise ValidationError({field: _("Write at most %(limit)d characters.")
                               % {"limit": limit}})
    refuse_identity_number(field, value)
    return value


def languages(field: str, value: Iterable[str] | None, *, required: bool = False) -> list[str]:
    """Language codes (``da``, ``nb``, ``ar``), lower case, once each, in the order given."""
    codes: list[str] = []
    for code in items(value):
        code = str(code).strip().lower()
        if not LANGUAGE_CODE.match(code):
            raise ValidationError({field: _("“%(code)s” is not a language code such as da, "
                                            "nb or ar.") % {"code": code}})
        if code not in codes:
            codes.append(code)
    if required and not codes:
        raise ValidationError({field: _("Give at least one language.")})
    return codes


def codes(field: str, value: Iterable[str] | None, choices: Any) -> list[str]:
    """Codes of ``choices`` (a TextChoices), sorted, once each."""
    given = sorted({str(code) for code in items(value)})
    for code in given:
        if code not in choices.values:
            raise ValidationError({field: _("“%(code)s” is not one of the choices.")
                                   % {"code": code}})
    return given


def choice(field: str, value: Any, choices: Any, *, blank: bool = True) -> str:
    value = str(value or "")
    if (value or not blank) and value not in choices.values:
        raise ValidationError({field: _("Choose one of the choices.")})
    return value


def slots(field: str, value: Iterable[Any] | None) -> list[str]:
    """Availability slots as ``"0-morning"`` (Monday morning; weekday 0–6, part of day),
    from such strings or from pairs; sorted, once each."""
    found: set[str] = set()
    for slot in items(value):
        try:
            weekday, part = (slot.split("-", 1) if isinstance(slot, str) else slot)
            day = int(weekday)
        except (TypeError, ValueError):
            day, part = -1, ""
        if day not in WEEKDAYS or part not in PartOfDay.values:
            raise ValidationError({field: _("“%(slot)s” is not a weekday and part of the day.")
                                   % {"slot": slot}})
        found.add(f"{day}-{part}")
    return sorted(found)


def slot_pairs(stored: Iterable[str]) -> frozenset[tuple[int, str]]:
    """Stored slots as the matching core's ``(weekday, part)`` pairs."""
    return frozenset((int(day), part) for day, part in (s.split("-", 1) for s in stored))


ALL_SLOTS = frozenset((day, part) for day in WEEKDAYS for part in PartOfDay.values)


def traits(field: str, value: Iterable[str] | None) -> list[str]:
    """Skills, traits and wishes as short lower-case words (``chess``, ``walks``, ``dog``)."""
    found: set[str] = set()
    for trait in items(value):
        word = str(trait).strip().lower()
        if not word or len(word) > 40:
            raise ValidationError({field: _("Write each skill or wish in a few words.")})
        refuse_identity_number(field, word)
        found.add(word)
    return sorted(found)


def whole(field: str, value: Any, *, low: int = 0, high: int | None = None,
          blank: bool = True) -> int | None:
    """A whole number from ``low`` (to ``high``), or None when blank is allowed."""
    if value in (None, ""):
        if blank:
            return None
        raise ValidationError({field: _("Give a number.")})
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: _("Give a whole number.")})
    if value < low or (high is not None and value > high):
        message = (_("Give a number from %(low)d to %(high)d.") % {"low": low, "high": high}
                   if high is not None else _("Give a number of at least %(low)d.")
                   % {"low": low})
        raise ValidationError({field: message})
    return value
