#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app (and, with "test", the test suite) needs, if any are missing.
# As root it runs apt-get itself; otherwise it prints the one line to run and fails, so `make` stops there.
# Lists: Qt's libraries that the wheel does not carry; libpulse0 for QtMultimedia; gnome-keyring for a real
# Secret Service in the keyring tests; xvfb/xauth to open a real window without a screen; desktop-file-utils and
# appstream to validate the Linux menu entry and AppStream metainfo (tests/test_packaging.py, make package-test);
# postgresql for the team-mode tests, which start a throwaway server of their own (tests/helpers/postgres.py).
set -euo pipefail

runtime=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0
         libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0
         libxcb-xfixes0 libxcb-xkb1 libglib2.0-0 libdbus-1-3 libpulse0 fonts-dejavu-core)
testing=(gnome-keyring dbus dbus-x11 xvfb xauth desktop-file-utils appstream postgresql)

wanted=("${runtime[@]}")
[[ "${1:-}" == "test" ]] && wanted+=("${testing[@]}")

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "Not a Debian/Ubuntu system: install Qt 6's runtime libraries with your package manager." >&2
    exit 0
fi

missing=()
for pkg in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
# A Debian python3 without ensurepip cannot create the virtual environment.
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then missing+=(python3-venv); fi

[[ ${#missing[@]} -eq 0 ]] && exit 0

line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Run this once, then try again:" >&2
    echo "    sudo sh -c '$line'" >&2
    exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
