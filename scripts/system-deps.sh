#!/usr/bin/env bash
# Installs the Debian packages Klynge needs, only those missing.
#   run:  gettext (compiles translations); Pango and a font (WeasyPrint's PDFs)
#   test: also postgresql (the suite runs on PostgreSQL too), chromium (browser tests),
#         a Java runtime (PySpark, the population engine's scale-out engine)
set -euo pipefail
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need msgfmt gettext
need_lib() { ldconfig -p 2>/dev/null | grep -q "$1" || missing+=("$2"); }
need_lib libpangoft2-1.0.so libpangoft2-1.0-0
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=("fonts-dejavu-core")
if [ "${1:-run}" = "test" ]; then
  need pg_ctlcluster postgresql
  need chromium chromium
  need java default-jre-headless
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
