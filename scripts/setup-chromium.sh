#!/usr/bin/env bash
# Installs Debian's headless Chromium, used by `npm run render -- --executed ...` to turn the course's
# plotly figures into PNG files (driven by playwright-core). Does nothing when /usr/bin/chromium exists.
# Usage: bash scripts/setup-chromium.sh   (or: npm run setup:chromium)
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  echo "chromium déjà présent : $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium est absent et apt-get n'est pas disponible : installez Chromium vous-même" >&2
  echo "(il doit se trouver à $CHROMIUM), puis relancez la commande." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "L'installation de chromium demande les droits administrateur : exécutez en root" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends chromium" >&2
    exit 1
  fi
fi

echo "Installation de chromium (apt-get)…"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
"$CHROMIUM" --version
