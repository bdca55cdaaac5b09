#!/usr/bin/env bash
# Set-up for `npm run bench`: the PyTorch CPU reference needs Debian's python3-torch, seen by /usr/bin/python3
# (the python3 first on PATH may be another interpreter that does not see Debian's packages).
set -euo pipefail
if /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then
  exit 0
fi
echo "bench set-up: installing python3-torch (Debian) for the PyTorch reference…" >&2
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq python3-torch >/dev/null
/usr/bin/python3 -c 'import torch; print("bench set-up: torch", torch.__version__)' >&2
