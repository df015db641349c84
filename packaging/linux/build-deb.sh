#!/usr/bin/env bash
# Builds dist/autocall-desk_<version>_amd64.deb from a one-folder PyInstaller build (`make package` runs this).
#
# Layout inside the package:
#   /opt/autocall-desk/                      the frozen app (its own Python, Qt and FFmpeg)
#   /usr/bin/autocall-desk                   a two-line launcher exec'ing the frozen binary
#   /usr/share/applications/vn.autocall.desk.desktop   the menu entry (its name is the app id ui/app.py announces)
#   /usr/share/metainfo/vn.autocall.desk.metainfo.xml  AppStream: how software centres list the installed app
#   /usr/share/icons/hicolor/<size>/apps/autocall-desk.png
# Depends: tzdata (the frozen app's zoneinfo reads the system's time-zone data; PyInstaller bundles the tzdata
# package only on Windows), ca-certificates (HTTPS trusts the system's roots through truststore, not certifi's),
# and the system libraries Qt needs and the wheel does not carry, the same list
# scripts/ensure-system-deps.sh installs for `make run`, plus every library the bundle links against but does not
# carry: the spec leaves system libraries out (SYSTEM_LIBRARIES), and package-test.sh checks that each library
# the installed tree resolves from the system belongs to a package these Depends: pull in. "a | at64" pairs are
# Debian's names and the ones Ubuntu 24.04 gave them in the 64-bit time_t transition.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=.venv/bin/python
# PyInstaller reads library dependencies with objdump, and we strip libpython: both come from binutils.
if ! command -v objdump >/dev/null || ! command -v strip >/dev/null; then
    echo "binutils is missing: apt-get install -y binutils" >&2
    exit 1
fi
# The version has one home, pyproject.toml. Debian orders pre-releases with "~" (0.2.0~rc1 < 0.2.0).
VERSION=$($PYTHON -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
DEB_VERSION=$($PYTHON -c 'import re, sys; print(re.sub(r"(\d)\.?(a|b|rc|dev)(\d*)", r"\1~\2\3", sys.argv[1]))' "$VERSION")
ARCH=$(dpkg --print-architecture)
DEB="dist/autocall-desk_${DEB_VERSION}_${ARCH}.deb"

echo "== PyInstaller build ($VERSION)"
start=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath build/pyinstaller/dist --workpath build/pyinstaller/work packaging/autocall-desk.spec
echo "   built in $(( $(date +%s) - start )) s"

echo "== staging"
umask 022
STAGE=build/deb/root
rm -rf build/deb
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" "$STAGE/usr/share/metainfo"
cp -a build/pyinstaller/dist/autocall-desk "$STAGE/opt/autocall-desk"
install -m 755 packaging/linux/autocall-desk.sh "$STAGE/usr/bin/autocall-desk"
install -m 644 packaging/linux/vn.autocall.desk.desktop "$STAGE/usr/share/applications/vn.autocall.desk.desktop"
install -m 644 packaging/linux/vn.autocall.desk.metainfo.xml "$STAGE/usr/share/metainfo/vn.autocall.desk.metainfo.xml"
for size in 48 128 256 512; do
    install -D -m 644 "resources/icons/autocall-desk-$size.png" \
        "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/autocall-desk.png"
done
# Debian's libpython and stdlib extensions keep symbol tables (libpython 23 MB -> 5.5 MB stripped). Never strip
# the prebuilt FFmpeg libraries in the PySide6 wheel: strip corrupts them (see the spec).
find "$STAGE/opt/autocall-desk/_internal" -maxdepth 3 \( -name 'libpython3*.so*' -o -path '*/lib-dynload/*.so' \) \
    -type f -exec strip --strip-unneeded {} +
# The Rust extensions (cryptography 14 MB, python-calamine), cffi and the wheel's ICU code libraries keep their
# full symbol tables too (~4.8 MB together). Those are not in any loaded segment, so stripping a normally linked
# library leaves its program headers byte-for-byte the same; where patchelf rewrote a library (the FFmpeg ones)
# strip shrinks loaded segments instead. Refuse to package if stripping changed any LOAD segment.
internal="$STAGE/opt/autocall-desk/_internal"
for lib in "$internal"/cryptography/hazmat/bindings/_rust.abi3.so "$internal"/python_calamine/_python_calamine.*.so \
           "$internal"/_cffi_backend.*.so "$internal"/PySide6/Qt/lib/libicuuc.so.* "$internal"/PySide6/Qt/lib/libicui18n.so.*; do
    before=$(readelf -lW "$lib" | grep -E '^ +LOAD')
    strip --strip-unneeded "$lib"
    [[ "$(readelf -lW "$lib" | grep -E '^ +LOAD')" == "$before" ]] || {
        echo "strip changed the loaded segments of $lib: do not strip it" >&2; exit 1; }
done
# Whatever umask the build ran under, installed files must be world-readable and directories traversable.
chmod -R u+rwX,go+rX,go-w "$STAGE"

INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<EOF
Package: autocall-desk
Version: $DEB_VERSION
Architecture: $ARCH
Maintainer: Autocall Desk maintainers <packaging@autocall-desk.invalid>
Installed-Size: $INSTALLED_KB
Section: net
Priority: optional
Depends: libegl1, libgl1, libfontconfig1, libfreetype6, libxkbcommon0, libxkbcommon-x11-0, libx11-6,
 libx11-xcb1, libxext6, libxrandr2, libxcb1, libxcb-cursor0, libxcb-glx0, libxcb-icccm4, libxcb-keysyms1,
 libxcb-image0, libxcb-randr0, libxcb-render0, libxcb-render-util0, libxcb-shape0, libxcb-shm0, libxcb-sync1,
 libxcb-util1, libxcb-xfixes0, libxcb-xkb1, libwayland-client0, libwayland-cursor0, libwayland-egl1,
 libglib2.0-0 | libglib2.0-0t64, libdbus-1-3, libpulse0, libreadline8 | libreadline8t64,
 libgssapi-krb5-2, libbrotli1, libzstd1, zlib1g, libbz2-1.0, liblzma5, libffi8, libuuid1, libsqlite3-0,
 libssl3 | libssl3t64, libstdc++6, libgcc-s1, fonts-dejavu-core, tzdata, ca-certificates
Suggests: gnome-keyring
Description: outbound auto-call campaigns for small call centres
 Autocall Desk runs outbound auto-call campaigns through hosted providers
 (VBot, NXCLOUD Callbot, BizPhone Robo call): import contacts from Excel or
 CSV, launch, watch call statuses live, play recordings, export results.
 Provider secrets are kept in the system keyring (Secret Service).
EOF

echo "== dpkg-deb"
mkdir -p dist
# zstd: ~1 s here, where dpkg's default xz takes ~40 s for a few MB less.
dpkg-deb --root-owner-group -Zzstd --build "$STAGE" "$DEB" >/dev/null
echo "   $DEB: $(du -h "$DEB" | cut -f1) (installed size $(( INSTALLED_KB / 1024 )) MB)"
