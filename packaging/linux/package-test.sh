#!/usr/bin/env bash
# Installer smoke test (`make package-test`, after `make package`): installs the .deb with apt as a user would,
# checks the installed app, removes the package. Needs root (apt) and the test packages from
# scripts/ensure-system-deps.sh test (gnome-keyring, dbus, desktop-file-utils, appstream).
#
#  1. apt-get install ./dist/autocall-desk_<version>_<arch>.deb (pulls its Depends:)
#  2. the launcher, .desktop entry, AppStream metainfo and icons are where a desktop looks for them, and the
#     freedesktop validators accept them as the .deb ships them
#  3. every ELF file under /opt/autocall-desk resolves its libraries (catches over-eager pruning in the spec), and
#     every one it resolves from the system comes from a package in the closure of the .deb's Depends:
#  4. `autocall-desk --smoke` offscreen exits 0, and stderr holds only lines from packaging/stderr-allowlist.txt
#  5. `autocall-desk --self-check` in a D-Bus session with an unlocked gnome-keyring: the Secret Service
#     keyring backend loads and round-trips a secret, a WAV recording decodes, an .xlsx is read by the app
#     started as its own workbook reader child, the core's Vietnamese catalogue translates, dynamic imports are there
#  6. apt-get purge removes it all
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ $(id -u) -ne 0 ]]; then
    echo "package-test installs a .deb with apt-get: run it as root (or in a throwaway container)." >&2
    exit 1
fi

DEB=$(ls -t dist/autocall-desk_*.deb 2>/dev/null | head -1)
[[ -n "$DEB" ]] || { echo "no dist/autocall-desk_*.deb: run make package first" >&2; exit 1; }
PREFIX=/opt/autocall-desk
WORK=$(mktemp -d)
export DEBIAN_FRONTEND=noninteractive

fail() { echo "FAIL: $*" >&2; exit 1; }
remove_package() { apt-get purge -y -qq autocall-desk >/dev/null 2>&1 || true; }
trap 'remove_package; rm -rf "$WORK"' EXIT

echo "== 1. install $DEB"
apt-get install -y -qq --no-install-recommends "./$DEB" >/dev/null
dpkg-query -W -f='   installed ${Package} ${Version}, Installed-Size ${Installed-Size} KiB\n' autocall-desk

echo "== 2. files"
for path in /usr/bin/autocall-desk "$PREFIX/autocall-desk" /usr/share/applications/vn.autocall.desk.desktop \
            /usr/share/metainfo/vn.autocall.desk.metainfo.xml /usr/share/icons/hicolor/256x256/apps/autocall-desk.png; do
    [[ -e "$path" ]] || fail "$path missing"
done
[[ "$(command -v autocall-desk)" == /usr/bin/autocall-desk ]] || fail "autocall-desk is not /usr/bin/autocall-desk on PATH"
command -v desktop-file-validate >/dev/null && command -v appstreamcli >/dev/null \
    || fail "desktop-file-validate or appstreamcli missing: scripts/ensure-system-deps.sh test installs them"
desktop-file-validate /usr/share/applications/vn.autocall.desk.desktop || fail ".desktop entry invalid"
# validate-tree also checks that the metainfo's launchable names a desktop entry the package ships.
dpkg-deb -x "$DEB" "$WORK/tree"
appstreamcli validate-tree --no-net "$WORK/tree" >"$WORK/appstream.out" 2>&1 \
    || { cat "$WORK/appstream.out" >&2; fail "AppStream metainfo invalid"; }
echo "   desktop entry and AppStream metainfo valid"

echo "== 3. shared libraries"
# PyInstaller's bootloader puts _internal on the library path; Qt libraries and plugins find each other by RPATH.
libpath="$PREFIX/_internal:$PREFIX/_internal/PySide6/Qt/lib"
unresolved=""
while IFS= read -r -d '' file; do
    out=$(LD_LIBRARY_PATH="$libpath" ldd "$file" 2>/dev/null | grep 'not found' || true)
    [[ -z "$out" ]] || unresolved+="$file"$'\n'"$out"$'\n'
done < <(find "$PREFIX" -type f \( -name '*.so' -o -name '*.so.*' -o -path "$PREFIX/autocall-desk" \) -print0)
[[ -z "$unresolved" ]] || { printf '%s' "$unresolved" >&2; fail "libraries do not resolve"; }
echo "   $(find "$PREFIX" -type f \( -name '*.so' -o -name '*.so.*' \) | wc -l) libraries resolve"

# The spec leaves system libraries out of the bundle; each one the tree resolves from the system must come from
# a package that installing autocall-desk guarantees (the closure of its Depends:), not merely happen to be on
# this machine. ldd does not see dlopen (libGL/libEGL, libssl for Qt's TLS plugin): those are in Depends: too.
closure=$(apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances autocall-desk | grep -v '^ ' | sed 's/:.*//; s/[<>]//g' | sort -u)
system_libs=$(find "$PREFIX" -type f \( -name '*.so' -o -name '*.so.*' -o -path "$PREFIX/autocall-desk" \) \
    -exec env LD_LIBRARY_PATH="$libpath" ldd {} + 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3}' \
    | grep -v "^$PREFIX/" | sort -u)
uncovered=""
for lib in $system_libs; do
    real=$(readlink -f "$lib")
    pkg=$(dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null || dpkg -S "/usr$real" 2>/dev/null || true)
    pkg=${pkg%%:*}
    [[ -n "$pkg" ]] && grep -qxF "$pkg" <<<"$closure" || uncovered+="   $lib (${pkg:-no package})"$'\n'
done
[[ -z "$uncovered" ]] || { printf '%s' "$uncovered" >&2; fail "system libraries not guaranteed by Depends:"; }
echo "   $(wc -w <<<"$system_libs") system libraries, all from packages Depends: pulls in"

echo "== 4. smoke run (installed binary, offscreen)"
set +e
HOME="$WORK/home" QT_QPA_PLATFORM=offscreen timeout 120 autocall-desk --smoke --data-dir "$(mktemp -d -p "$WORK")" \
    >"$WORK/smoke.out" 2>"$WORK/smoke.err"
code=$?
set -e
[[ $code -eq 0 ]] || { cat "$WORK/smoke.err" >&2; fail "--smoke exited $code"; }
# The allow-list is Python regular expressions matched with re.match, as in tests/test_smoke.py.
python3 - packaging/stderr-allowlist.txt "$WORK/smoke.err" <<'PY' || fail "unexpected stderr in the smoke run"
import re, sys
patterns = [re.compile(l) for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l and not l.startswith("#")]
bad = [l for l in open(sys.argv[2], encoding="utf-8", errors="replace").read().splitlines()
       if l.strip() and not any(p.match(l) for p in patterns)]
for line in bad:
    print("   unexpected stderr:", line, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
echo "   exit 0, stderr clean"

echo "== 5. self-check inside the frozen build (keyring under a private D-Bus session, recording decode)"
mkdir -p "$WORK/keyring-home"
set +e
HOME="$WORK/keyring-home" QT_QPA_PLATFORM=offscreen timeout 120 dbus-run-session -- sh -c '
    echo -n package-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec autocall-desk --self-check' >"$WORK/self-check.json" 2>"$WORK/self-check.err"
code=$?
set -e
python3 - "$WORK/self-check.json" <<'PY' || { cat "$WORK/self-check.err" >&2; fail "self-check (exit $code)"; }
import json, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.startswith("{")]
if not lines:
    sys.exit("   no JSON from --self-check")
report = json.loads(lines[-1])
print("  ", json.dumps(report))
kr, rec = report["keyring"], report["recording"]
# Not just "ok": insist the Secret Service was really there and used, so the check cannot pass vacuously.
assert kr["secret_service_available"], "gnome-keyring was not reachable in the test session"
assert kr["backend"].endswith("SecretService.Keyring"), f"keyring chose {kr['backend']}"
assert kr.get("round_trip") is True, "secret set/get/delete failed"
assert rec["ok"] and rec["decoded_s"] > 0, "recording did not decode"
assert report["workbook"]["ok"], "the installed app did not read an .xlsx through its workbook reader child"
assert report["catalogues"]["ok"], "the core's Vietnamese catalogue (.mo) is missing from the installed app"
assert report["translations"]["ok"], "the window's Vietnamese catalogues (.qm) are missing from the installed app"
assert report["ok"], "self-check reported a failure"
PY
[[ $code -eq 0 ]] || fail "--self-check exited $code"
echo "   keyring: SecretService backend round-trips; recording decodes; workbook reader child reads .xlsx"

echo "== 6. remove"
apt-get purge -y -qq autocall-desk >/dev/null
[[ ! -e "$PREFIX" && ! -e /usr/bin/autocall-desk ]] || fail "files left after purge"
trap 'rm -rf "$WORK"' EXIT
echo "package-test: passed"
