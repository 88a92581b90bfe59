#!/usr/bin/env bash
# Runs the Python tests again on the oldest Python that pyproject.toml claims, when this machine has it
# (on PATH, or pyenv's). Run after scripts/setup.sh: it reuses .venv to read pyproject.toml and the built
# jupyterlab_autopilot/_version.py, and imports the package from this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
oldest=$(.venv/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["requires-python"].removeprefix(">="))')

python=""
for candidate in "$(command -v "python$oldest" || true)" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$oldest".*/bin/python"$oldest"; do
  # A pyenv shim exists even where that version is not installed: it must run.
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sys' 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "Python $oldest is not installed on this machine: the Python tests ran on $(.venv/bin/python --version) only."
  exit 0
fi

venv=".venv-py$oldest"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q -U pip
.venv/bin/python -c '
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["test"]))' |
  xargs -d '\n' "$venv/bin/python" -m pip install -q
echo "pytest on $("$venv/bin/python" --version)"
PYTHONPATH="$PWD" "$venv/bin/python" -m pytest -q -p no:cacheprovider
