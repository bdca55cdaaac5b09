#!/usr/bin/env bash
# Installs the Debian packages the course pages need: headless Chromium (plotly figures → PNG, the HTML site's
# screenshots and the PDF, driven by playwright-core) and poppler-utils (pdfinfo, pdftotext, pdftoppm: the tests
# count and read the PDF's pages). Does nothing when /usr/bin/chromium and /usr/bin/pdfinfo exist.
# Usage: bash scripts/setup-chromium.sh   (or: npm run setup:chromium; run by `pretest`)
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PDFINFO=/usr/bin/pdfinfo
if [ -x "$CHROMIUM" ] && [ -x "$PDFINFO" ]; then
  echo "chromium et poppler-utils déjà présents : $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium ou poppler-utils est absent et apt-get n'est pas disponible : installez-les vous-même" >&2
  echo "($CHROMIUM et $PDFINFO doivent exister), puis relancez la commande." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "L'installation de chromium et de poppler-utils demande les droits administrateur : exécutez en root" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core poppler-utils" >&2
    exit 1
  fi
fi

echo "Installation de chromium et de poppler-utils (apt-get)…"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core poppler-utils
"$CHROMIUM" --version
"$PDFINFO" -v 2>&1 | head -1
