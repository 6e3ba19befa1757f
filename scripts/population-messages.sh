#!/usr/bin/env bash
# The population engine's message catalogues (gettext domain "population").
#
#   bash scripts/population-messages.sh            extract, merge into every language's
#                                                  population.po, fill the English one
#   bash scripts/population-messages.sh --pot F    only extract, into the file F (tests)
#
# Run from the repository root (`make messages` does, then compiles every .po to .mo).
# A language without a population.po gets one from msginit. Entries whose source text
# is gone are dropped, never kept as obsolete; new ones are empty until translated, and
# tests/i18n fails while any is.
set -euo pipefail

DOMAIN=population
PACKAGE=klynge/population
LOCALE_DIR="$PACKAGE/locale"
LANGUAGES=(da nb nn en)
PY=${PY:-.venv/bin/python}

extract() {
  find "$PACKAGE" -name '*.py' -not -path '*/locale/*' | LC_ALL=C sort |
    xgettext --files-from=- --output="$1" \
      --language=Python --from-code=UTF-8 --keyword=_ --keyword=ngettext:1,2 \
      --add-comments=Translators --no-location --sort-output \
      --package-name=klynge --msgid-bugs-address=klynge@localhost
}

if [ "${1:-}" = "--pot" ]; then
  extract "$2"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pot="$work/$DOMAIN.pot"
extract "$pot"

for language in "${LANGUAGES[@]}"; do
  po="$LOCALE_DIR/$language/LC_MESSAGES/$DOMAIN.po"
  if [ ! -f "$po" ]; then
    mkdir -p "$(dirname "$po")"
    msginit --no-translator --no-wrap --locale="$language" --input="$pot" --output-file="$po"
  fi
  msgmerge --quiet --update --no-fuzzy-matching --backup=none --no-wrap "$po" "$pot"
  msgattrib --no-obsolete --no-wrap --output-file="$po" "$po"
done

"$PY" scripts/fill-english.py "$LOCALE_DIR/en/LC_MESSAGES/$DOMAIN.po"
