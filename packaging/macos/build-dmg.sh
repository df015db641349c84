#!/usr/bin/env bash
# Builds dist/autocall-desk-<version>-<arch>.dmg on a Mac (not runnable on the Linux machines this repo is
# developed and tested on; .github/workflows/installers.yml runs it on a macOS runner).
#
#   packaging/macos/build-dmg.sh            # the Mac's own architecture
#   ARCH=universal2 packaging/macos/build-dmg.sh   # needs a universal2 Python and universal2 wheels
#
# Unsigned: signing and notarisation need a Developer ID certificate (see packaging/macos/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-.venv/bin/python}
ARCH=${ARCH:-$(uname -m)}
VERSION=$($PYTHON -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

# PyInstaller refuses --target-arch together with a spec file, so the spec reads it from the environment.
AUTOCALL_TARGET_ARCH="$ARCH" "$PYTHON" -m PyInstaller --noconfirm --clean \
    --distpath build/pyinstaller/dist --workpath build/pyinstaller/work packaging/autocall-desk.spec

APP="build/pyinstaller/dist/Autocall Desk.app"
[[ -d "$APP" ]] || { echo "no $APP: the spec builds the bundle only on macOS" >&2; exit 1; }

# The dmg holds the app and a link to /Applications, the usual drag-to-install window.
STAGE=build/dmg
rm -rf "$STAGE" && mkdir -p "$STAGE" dist
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="dist/autocall-desk-$VERSION-$ARCH.dmg"
rm -f "$DMG"
hdiutil create -volname "Autocall Desk $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
echo "$DMG"
