#!/usr/bin/env bash
# Debian's Chromium for the dashboard's browser tests (tests/test_web.py runs this when it is
# missing). Playwright drives it through executable_path; the project never downloads a browser
# (no `playwright install`). Installs only as root with apt-get; otherwise says why and exits 3.
set -euo pipefail
CHROMIUM=${BACKCHANNEL_CHROMIUM:-/usr/bin/chromium}
if [[ -x "$CHROMIUM" ]]; then
  echo "chromium is installed: $CHROMIUM"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "cannot install chromium: apt-get not found (not a Debian or Ubuntu system); install Chromium at $CHROMIUM" >&2
  exit 3
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "cannot install chromium: not root (run: sudo apt-get install --no-install-recommends chromium)" >&2
  exit 3
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends chromium; }; then
  echo "cannot install chromium: apt-get failed (no network or no Debian mirror?)" >&2
  exit 3
fi
[[ -x "$CHROMIUM" ]] || { echo "cannot install chromium: installed, but $CHROMIUM is missing" >&2; exit 3; }
echo "installed chromium: $CHROMIUM"
