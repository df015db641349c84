#!/usr/bin/env bash
# Runs the whole suite headless. The keyring tests need a real Secret Service: a private D-Bus session with an
# unlocked gnome-keyring, started here and gone when the run ends (recipe: ../shared/stack-notes.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export HOME="${AUTOCALL_TEST_HOME:-$(mktemp -d)}"   # a throwaway keyring and config, never the user's own
exec dbus-run-session -- sh -c '
    echo -n test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec .venv/bin/python -m pytest "$@"
' run-tests "$@"
