#!/bin/sh
# Install the Arabic fonts the notebooks and `kg graph --format png` draw with
# (Amiri from fonts-hosny-amiri; Noto Naskh/Sans Arabic from fonts-noto-core).
# Idempotent: does nothing when the fonts are already installed.
set -eu

have() { fc-list 2>/dev/null | grep -qi "$1" || ls /usr/share/fonts/*/*/"$2" >/dev/null 2>&1; }

if have "Amiri" "Amiri-Regular.ttf"; then
    echo "fonts-hosny-amiri already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends fonts-hosny-amiri fontconfig
fc-cache -f >/dev/null 2>&1 || true
# matplotlib caches its font list: drop the cache so that the new font is found.
rm -f "${MPLCONFIGDIR:-$HOME/.cache/matplotlib}"/fontlist-*.json 2>/dev/null || true
echo "installed fonts-hosny-amiri"
