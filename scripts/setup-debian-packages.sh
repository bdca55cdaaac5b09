#!/usr/bin/env bash
# Installs the Debian packages the tests and the course pages use, when they are missing:
# - chromium (+ fonts-dejavu-core): plotly figures → PNG, the HTML site's screenshots, the PDF and the
#   browser tests, driven by playwright-core;
# - poppler-utils: pdfinfo / pdftoppm, to count and look at the PDF's pages;
# - python3-nbclient, jupyter-core, jupyter-client, jupyter-nbconvert: Jupyter's own client, which runs
#   every notebook in `npm test`, and the `jupyter kernelspec` / `jupyter nbconvert` commands;
# - jupyter-notebook: the classic Notebook 6 server of the browser test.
# Does nothing when all are there. Usage: bash scripts/setup-debian-packages.sh (or npm run setup:debian;
# run by `pretest`).
set -euo pipefail

PYTHON=/usr/bin/python3
PACKAGES=(chromium fonts-dejavu-core poppler-utils python3-nbclient jupyter-core jupyter-client jupyter-nbconvert jupyter-notebook)

present() {
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/pdfinfo ] &&
    [ -x /usr/bin/jupyter ] && [ -x /usr/bin/jupyter-kernelspec ] && [ -x /usr/bin/jupyter-nbconvert ] &&
    [ -x /usr/bin/jupyter-notebook ] &&
    [ -x "$PYTHON" ] && "$PYTHON" -c 'import nbclient, nbformat, jupyter_client' >/dev/null 2>&1
}

versions() {
  echo "  $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium ?')"
  echo "  $(/usr/bin/pdfinfo -v 2>&1 | head -1)"
  echo "  nbclient $("$PYTHON" -c 'import nbclient; print(nbclient.__version__)'), notebook $(/usr/bin/jupyter-notebook --version 2>/dev/null || echo '?')"
}

if present; then
  echo "Paquets Debian déjà présents :"
  versions
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Il manque des outils (Chromium, poppler-utils ou Jupyter) et apt-get n'est pas disponible :" >&2
  echo "installez-les vous-même (/usr/bin/chromium, /usr/bin/pdfinfo, « pip install jupyterlab nbclient »)," >&2
  echo "puis relancez la commande." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "L'installation des paquets Debian demande les droits administrateur : exécutez en root" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${PACKAGES[*]}" >&2
    exit 1
  fi
fi

echo "Installation des paquets Debian (apt-get) : ${PACKAGES[*]}…"
# Another apt run (a parallel job) may hold the lock: wait for it rather than fail.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${PACKAGES[@]}"
if ! present; then
  echo "Des outils manquent encore après l'installation : vérifiez /usr/bin/chromium, /usr/bin/pdfinfo," >&2
  echo "/usr/bin/jupyter-notebook et « $PYTHON -c 'import nbclient' »." >&2
  exit 1
fi
echo "Paquets Debian installés :"
versions
