#!/usr/bin/env bash
# Sets everything up, then starts JupyterLab with the extension, on the local AWS sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
source .venv/bin/activate
mkdir -p workspace
extra=()
[ "$(id -u)" = 0 ] && extra+=(--ServerApp.allow_root=True)
exec jupyter lab --notebook-dir=workspace "${extra[@]}" "$@"
