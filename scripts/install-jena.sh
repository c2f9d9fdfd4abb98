#!/usr/bin/env bash
# Install Apache Jena (Debian's libapache-jena-java, 4.5.0 on bookworm) and a headless JRE
# when `java` is missing. Jena's SHACL engine is only a measuring stick for
# benchmarks/jena.py, not a dependency of the kg package.
# Idempotent and quiet when everything is already there. Runs as root (no sudo).
# On failure: exits non-zero with one line on stderr.
set -uo pipefail

pkg_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

want=()
pkg_installed libapache-jena-java && [ -f /usr/share/java/jena-core.jar ] || want+=(libapache-jena-java)
command -v java >/dev/null 2>&1 || want+=(default-jre-headless)

[ "${#want[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "install-jena: must run as root to apt-get install ${want[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT

install() {
    apt-get install -y -q --no-install-recommends "${want[@]}" >"$log" 2>&1
}

# Try without refreshing the package lists first; update only if that fails.
if ! install; then
    if ! apt-get update -q >"$log" 2>&1; then
        echo "install-jena: apt-get update failed: $(grep -E '^(E|W):' "$log" | head -n1)" >&2
        exit 1
    fi
    if ! install; then
        echo "install-jena: apt-get install ${want[*]} failed: $(grep -E '^E:' "$log" | head -n1)" >&2
        exit 1
    fi
fi

if ! command -v java >/dev/null 2>&1; then
    echo "install-jena: java still missing after installing ${want[*]}" >&2
    exit 1
fi
if [ ! -f /usr/share/java/jena-core.jar ] || [ ! -f /usr/share/java/slf4j-nop.jar ]; then
    echo "install-jena: jena-core.jar or slf4j-nop.jar missing in /usr/share/java after install" >&2
    exit 1
fi
echo "install-jena: installed ${want[*]}"
