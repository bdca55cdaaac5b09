#!/usr/bin/env bash
# Installs Debian's Jupyter pieces the tests use: python3-nbclient (Jupyter's own client, which runs every
# notebook in `npm test`), jupyter-notebook (the classic Notebook 6 server, for the browser test),
# jupyter-core / jupyter-client (the `jupyter` and `jupyter kernelspec` commands) and jupyter-nbconvert
# (`jupyter nbconvert --execute`). Does nothing when all are there. Usage: bash scripts/setup-jupyter-packages.sh
set -euo pipefail

PYTHON=/usr/bin/python3
PACKAGES=(python3-nbclient jupyter-notebook jupyter-core jupyter-client jupyter-nbconvert)

present() {
  [ -x /usr/bin/jupyter ] && [ -x /usr/bin/jupyter-notebook ] && [ -x /usr/bin/jupyter-kernelspec ] && [ -x /usr/bin/jupyter-nbconvert ] &&
    [ -x "$PYTHON" ] && "$PYTHON" -c 'import nbclient, nbformat, jupyter_client' >/dev/null 2>&1
}

if present; then
  echo "Jupyter (Debian) déjà présent : nbclient $("$PYTHON" -c 'import nbclient; print(nbclient.__version__)'), notebook $(/usr/bin/jupyter-notebook --version 2>/dev/null || echo '?')"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Jupyter (nbclient, Notebook) est absent et apt-get n'est pas disponible : installez-les vous-même," >&2
  echo "par exemple « pip install jupyterlab nbclient », puis relancez la commande." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "L'installation de Jupyter demande les droits administrateur : exécutez en root" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${PACKAGES[*]}" >&2
    exit 1
  fi
fi

echo "Installation de Jupyter (apt-get) : ${PACKAGES[*]}…"
# Another apt run (chromium's set-up, a parallel job) may hold the lock: wait for it rather than fail.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${PACKAGES[@]}"
if ! present; then
  echo "Jupyter est toujours incomplet après l'installation : vérifiez « $PYTHON -c 'import nbclient' » et /usr/bin/jupyter-notebook." >&2
  exit 1
fi
echo "Jupyter installé : nbclient $("$PYTHON" -c 'import nbclient; print(nbclient.__version__)'), notebook $(/usr/bin/jupyter-notebook --version)"
