#!/usr/bin/env bash
# Runs the whole suite headless; the keyring tests meet a real Secret Service (scripts/with-private-keyring.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
exec scripts/with-private-keyring.sh .venv/bin/python -m pytest "$@"
