#!/usr/bin/env bash
# Sets everything up, then starts JupyterLab with the extension on the local AWS sandbox
# (moto plus an Autopilot simulator): the whole flow works offline and nothing is billed.
# Extra arguments go to jupyter lab. AUTOPILOT_SANDBOX_SPEED=10 makes simulated jobs ten times faster.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
source .venv/bin/activate
mkdir -p workspace
extra=()
[ "$(id -u)" = 0 ] && extra+=(--ServerApp.allow_root=True)
exec python -m jupyterlab_autopilot.sandbox lab --speed "${AUTOPILOT_SANDBOX_SPEED:-1}" \
  -- --notebook-dir=workspace "${extra[@]}" "$@"
