#!/usr/bin/env bash
# Install headless Chromium and its WebDriver from Debian's packages, for tests/test_browser.py.
# Idempotent: does nothing when /usr/bin/chromium and /usr/bin/chromedriver are already there.
# Needs root (CI and the developers' machines run as root); uses apt-get only.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "install-browser: chromium and chromedriver already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null

for exe in /usr/bin/chromium /usr/bin/chromedriver; do
    if [ ! -x "$exe" ]; then
        echo "install-browser: $exe is missing after apt-get install" >&2
        exit 1
    fi
done
echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) installed"
