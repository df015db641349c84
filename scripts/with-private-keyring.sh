#!/usr/bin/env bash
# Runs a command with a private, unlocked Secret Service (gnome-keyring on its own D-Bus session) and a
# throwaway HOME, so tests and screenshots meet a real keyring without touching the user's own secrets.
# Usage: scripts/with-private-keyring.sh CMD [ARGS...]
set -euo pipefail
export HOME="${AUTOCALL_TEST_HOME:-$(mktemp -d)}"
exec dbus-run-session -- sh -c '
    echo -n throwaway-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"
' with-private-keyring "$@"
