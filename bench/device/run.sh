#!/usr/bin/env bash
# Runs the bundled scaling benchmark (see bundle.ts) on a machine without Node: unpacks the Node binary,
# then measures the conv autoencoder on the fast route, the threaded build and PyTorch (`python3`, or
# BENCH_PYTHON) at 1, 2, 4, … threads up to the machine's cores. Usage: bash run.sh <results.json>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: run.sh <results.json>}"
node="$here/node"
if [ ! -x "$node" ]; then
  if command -v xz >/dev/null; then xz -dc "$here/node.xz" > "$node.tmp"
  else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$here/node.xz" "$node.tmp"
  fi
  chmod +x "$node.tmp" && mv "$node.tmp" "$node"
fi
export BENCH_PYTHON="${BENCH_PYTHON:-python3}"
"$node" "$here/bench/device/js/run-scaling.js" "$out"
