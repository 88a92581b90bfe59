#!/usr/bin/env bash
# Sets up a fresh machine (Debian/Ubuntu, Python 3.10+, Node.js 20) for running and testing the extension.
# Safe to run again: every step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
  log "installing Debian's chromium (the UI tests' browser)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  log "creating the virtual environment .venv"
  python3 -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate

log "installing the Python build and test dependencies"
pip install -q -U pip
pip install -q "jupyterlab>=4.6,<5" "hatchling>=1.5" hatch-jupyter-builder hatch-nodejs-version editables

log "installing npm packages"
jlpm install --silent 2>/dev/null || jlpm install

log "building the extension and the autopilot-trim command"
jlpm build:prod

log "installing the Python package (editable) with its server extension"
pip install -q --no-build-isolation -e ".[test]"
jupyter labextension develop --overwrite . >/dev/null
jupyter server extension enable --sys-prefix jupyterlab_autopilot >/dev/null

log "installing the UI tests' npm packages"
(cd ui-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 jlpm install --silent 2>/dev/null || (cd ui-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 jlpm install))

log "set up"
