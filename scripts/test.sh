#!/usr/bin/env bash
# Sets everything up, then runs every test suite: lint, jest, pytest, the corpus contract and the Galata UI tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
source .venv/bin/activate

step() { printf '\n== %s\n' "$*"; }

step "lint: stylelint, prettier, eslint, type-check of the tests"
jlpm lint:check

step "jest"
jlpm jest --coverage -w 2

step "pytest"
python -m pytest -q

step "pytest on the oldest Python pyproject.toml claims"
bash scripts/test-oldest-python.sh

if [ -f ../shared/tools/check-trim.py ]; then
  step "the corpus contract (../shared/tools/check-trim.py)"
  python3 ../shared/tools/check-trim.py
  python3 ../shared/tools/check-trim.py --parallel-jobs 2
else
  step "the corpus contract: ../shared is not beside this checkout, skipped"
fi

step "Galata UI tests in Debian's Chromium"
(cd ui-tests && CI=true jlpm playwright test)

step "all test suites passed"
