#!/bin/sh
# Install the Debian packages the test suite needs, when they are missing and we are root.
# Elsewhere, say loudly what is missing: the tests that need it are skipped, not passed.
set -u
missing=""
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages:$missing"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  exit $?
fi
echo "************************************************************************"
echo "Missing Debian packages:$missing"
echo "Install them with: sudo apt-get install$missing"
echo "Until then the browser tests (tests/browser) and the string-extraction"
echo "check are SKIPPED, not passed."
echo "************************************************************************"
