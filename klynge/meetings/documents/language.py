"""The language a document is written in: its collaboration's (or organisation's) country's."""

from __future__ import annotations

from django.conf import settings

from klynge.governance.models import Body

# Danish for Danish collaborations, Bokmål for Norwegian ones.
COUNTRY_LANGUAGES = {"DK": "da", "NO": "nb"}


def language_of_country(country_code: str) -> str:
    return COUNTRY_LANGUAGES.get(country_code.upper(), settings.LANGUAGE_CODE)


def language_of_body(body: Body) -> str:
    """The language of ``body``'s collaboration or organisation (loads its owner's country:
    select_related ``collaboration__country`` and ``organisation__country``)."""
    return language_of_country(body.owner.country.code)
