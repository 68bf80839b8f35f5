#!/usr/bin/env bash
# Installs what the browser tests need, from the registries only:
# Debian's chromium (no browser download by a test tool) and axe-core from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Installation de Chromium (paquet Debian)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ -f tests/browser/package-lock.json ] && [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  echo "==> Installation d'axe-core (npm, versions du package-lock.json)"
  (cd tests/browser && npm ci --silent --no-audit --no-fund)
fi
