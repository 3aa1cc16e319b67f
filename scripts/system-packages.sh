#!/bin/sh
# Install the Debian packages the test suite needs, when they are missing and we are root.
# Elsewhere, say loudly what is missing: the tests that need it are skipped, not passed.
set -u
missing=""
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
# Documents (recours.documents): WeasyPrint loads Pango (with its FreeType/fontconfig backend)
# and HarfBuzz's subsetter through ctypes, and embeds DejaVu fonts in every PDF; the tests read
# PDFs back and photograph their pages with poppler's pdftotext and pdftoppm.
has_lib() { { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q "$1"; }
has_lib libpango-1.0.so.0 || missing="$missing libpango-1.0-0"
has_lib libpangoft2-1.0.so.0 || missing="$missing libpangoft2-1.0-0"
has_lib libharfbuzz-subset.so.0 || missing="$missing libharfbuzz-subset0"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages:$missing"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  exit $?
fi
echo "************************************************************************"
echo "Missing Debian packages:$missing"
echo "Install them with: sudo apt-get install$missing"
echo "Until then the browser tests (tests/browser), the string-extraction check and"
echo "the PDF tests (tests/documents) are SKIPPED or FAIL, not passed."
echo "************************************************************************"
