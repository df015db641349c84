#!/usr/bin/env bash
# Runs the whole suite headless: ruff first (the house rules in pyproject.toml; a finding stops the run before
# pytest starts), then pytest, whose keyring tests meet a real Secret Service (scripts/with-private-keyring.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv/bin/ruff ]]; then
    echo "run-tests: .venv/bin/ruff is missing; run 'make test' (it installs the test extra)" >&2
    exit 1
fi
if ! .venv/bin/ruff check --quiet .; then
    echo "run-tests: ruff found the problems above; pytest not started (.venv/bin/ruff check --fix . fixes some)" >&2
    exit 1
fi
export QT_QPA_PLATFORM=offscreen
exec scripts/with-private-keyring.sh .venv/bin/python -m pytest -n 3 --dist worksteal "$@"
