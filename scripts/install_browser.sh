#!/usr/bin/env bash
# Installs what the browser tests need, from the registries only: Debian's chromium (no
# browser download by a test tool: never `playwright install`) and axe-core from npm, at the
# exact version of tests/browser/package-lock.json. Does nothing when both are up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x /usr/bin/chromium ]; then
  echo "==> Installation de Chromium (paquet Debian)"
  apt_install chromium
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "==> Installation de Node.js et npm (paquets Debian)"
  apt_install nodejs npm
fi

browser=tests/browser
lock=$browser/package-lock.json
installed=$browser/node_modules/.package-lock.json  # written by npm with the installed tree
if [ ! -f "$browser/node_modules/axe-core/axe.min.js" ] || [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
  echo "==> Installation d'axe-core (npm ci, versions du package-lock.json)"
  (cd "$browser" && npm ci --silent --no-audit --no-fund)
fi
