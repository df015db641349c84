"""``autocall-desk --self-check``: proves a frozen build kept what PyInstaller tends to lose.

A hidden developer flag, run by the installer smoke test (packaging/linux/package-test.sh) against the
*installed* binary. It prints one JSON line and exits non-zero if any check fails:

- ``keyring``: which backend keyring chose, and that the Secret Service backend is present in the build. When a
  Secret Service is reachable on the session bus, the chosen backend must not be ``fail`` and a set/get/delete
  round trip must work (frozen builds often lose keyring backends, and then the app silently has no
  keyring).
- ``recording``: a short WAV (the demo simulator's recording format) decodes through QtMultimedia's FFmpeg
  plugin, i.e. the recording player's plugin and its libraries were bundled.
- ``workbook``: a small .xlsx is read through the workbook reader's child process, which an installed app starts
  as itself (:data:`desktop.contacts.workbook.CHILD_FLAG`).
- ``translations``: the Vietnamese catalogues (ui/ and Qt's own dialogs) were bundled and translate.
- ``catalogues``: the core's compiled Vietnamese catalogue (desktop/locale/vi/LC_MESSAGES/autocall.mo) was bundled
  and translates (gettext falls back to English without a word when it is missing).
- ``database``: the PostgreSQL driver of team mode loads with the libpq it carries (psycopg picks its compiled
  ``psycopg_binary`` part at run time, else falls back to a system libpq a desk may not have).
- ``modules``: modules that are only imported dynamically (uvicorn's protocol/loop/lifespan classes for the
  in-process simulator) or are compiled extensions (python-calamine) load.
"""

from __future__ import annotations

import importlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

# Imported by name at run time only (uvicorn.config resolves them from strings), or compiled extensions:
# exactly the kind of module a frozen build drops without a word.
DYNAMIC_MODULES = (
    "uvicorn.logging",
    "uvicorn.loops.auto",
    "uvicorn.protocols.http.auto",
    "uvicorn.protocols.http.h11_impl",
    "uvicorn.lifespan.on",
    "python_calamine",
    "openpyxl",
    "phonenumbers",
    "PySide6.QtCharts",
)

SELF_CHECK_SERVICE = "autocall-desk-self-check"
DECODE_TIMEOUT_MS = 10_000


def check_keyring() -> dict[str, Any]:
    import keyring
    import keyring.backend
    from keyring.backends import fail

    chosen = keyring.get_keyring()
    names = sorted(f"{type(b).__module__}.{type(b).__name__}" for b in keyring.backend.get_all_keyring())
    result: dict[str, Any] = {
        "backend": f"{type(chosen).__module__}.{type(chosen).__name__}",
        "available": names,
        "secret_service_available": _secret_service_available(),
    }
    try:
        importlib.import_module("keyring.backends.SecretService")
        importlib.import_module("secretstorage")
        bundled = True
    except ImportError as exc:
        bundled = False
        result["error"] = f"Secret Service backend missing from the build: {exc}"
    result["secret_service_bundled"] = bundled

    ok = bundled
    if result["secret_service_available"]:
        if isinstance(chosen, fail.Keyring):
            ok = False
            result["error"] = "a Secret Service is running but keyring chose the 'fail' backend"
        else:
            try:
                chosen.set_password(SELF_CHECK_SERVICE, "probe", "x")
                round_trip = chosen.get_password(SELF_CHECK_SERVICE, "probe") == "x"
                chosen.delete_password(SELF_CHECK_SERVICE, "probe")
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                round_trip = False
                result["error"] = f"round trip failed: {exc!r}"
            result["round_trip"] = round_trip
            ok = ok and round_trip
    result["ok"] = ok
    return result


def _secret_service_available() -> bool:
    """True when something owns org.freedesktop.secrets on the session bus (asked without keyring's help)."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        import secretstorage

        with secretstorage.dbus_init() as connection:
            return bool(secretstorage.check_service_availability(connection))
    except Exception:  # noqa: BLE001 - no bus, no service, or secretstorage missing: all mean "not available"
        return False


def check_recording() -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer, QUrl
    from PySide6.QtMultimedia import QAudioDecoder

    from desktop.simulator.audio import render_wav

    QCoreApplication.instance() or QCoreApplication([])
    with tempfile.TemporaryDirectory(prefix="autocall-self-check-") as tmp:
        path = Path(tmp) / "probe.wav"
        seconds = 0.5
        # The same WAV the demo simulator serves as a call recording (standard-library ``wave``, no encoder).
        path.write_bytes(render_wav("self-check", seconds))

        decoder = QAudioDecoder()
        decoded_us = 0
        loop = QEventLoop()
        errors: list[str] = []

        def take_buffer() -> None:
            nonlocal decoded_us
            decoded_us += decoder.read().duration()

        def failed(_error: QAudioDecoder.Error) -> None:
            errors.append(decoder.errorString() or str(_error))
            loop.quit()

        decoder.bufferReady.connect(take_buffer)
        decoder.finished.connect(loop.quit)
        decoder.error.connect(failed)
        decoder.setSource(QUrl.fromLocalFile(str(path)))
        decoder.start()
        QTimer.singleShot(DECODE_TIMEOUT_MS, loop.quit)
        loop.exec()
        decoder.stop()

    decoded_s = decoded_us / 1_000_000
    # Decoders may pad or trim a few milliseconds; a missing plugin decodes nothing at all.
    ok = not errors and abs(decoded_s - seconds) < 0.1
    result: dict[str, Any] = {"format": "wav", "expected_s": seconds, "decoded_s": round(decoded_s, 3), "ok": ok}
    if errors:
        result["error"] = errors[0]
    return result


def check_workbook() -> dict[str, Any]:
    import openpyxl

    from desktop.contacts.reading import read_table

    with tempfile.TemporaryDirectory(prefix="autocall-self-check-") as tmp:
        path = Path(tmp) / "probe.xlsx"
        book = openpyxl.Workbook()
        book.active.append(["Họ và tên", "Số điện thoại"])
        book.active.append(["Nguyễn Văn An", "0912345678"])
        book.save(path)
        table = read_table(path)
    rows = [list(values) for _, values in table.rows]
    ok = [c.name for c in table.columns] == ["Họ và tên", "Số điện thoại"] and rows == [["Nguyễn Văn An", "0912345678"]]
    return {"rows": len(rows), "ok": ok}


def check_translations() -> dict[str, Any]:
    from PySide6.QtCore import QTranslator

    from ui.i18n import CATALOGUES, translations_dir

    probes = {"autocall": ("MainWindow", "&Accounts"), "qtbase": ("QPlatformTheme", "Cancel")}
    said = {}
    for name in CATALOGUES:
        translator = QTranslator()
        loaded = translator.load(f"{name}_vi", translations_dir())
        said[name] = translator.translate(*probes[name]) if loaded else None
    return {"said": said, "ok": all(text and text != probes[name][1] for name, text in said.items())}


def check_modules() -> dict[str, Any]:
    missing = {}
    for name in DYNAMIC_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - ImportError or a broken compiled extension
            missing[name] = repr(exc)
    return {"checked": len(DYNAMIC_MODULES), "missing": missing, "ok": not missing}


def check_database() -> dict[str, Any]:
    import psycopg

    return {"implementation": psycopg.pq.__impl__, "libpq": psycopg.pq.version(),
            "ok": psycopg.pq.__impl__ == "binary"}


def check_catalogues() -> dict[str, Any]:
    from desktop import i18n

    language = i18n.current_language()
    i18n.set_language("vi")
    try:
        translated = i18n._("Answered")
    finally:
        i18n.set_language(language)
    return {"vi": translated, "ok": translated != "Answered"}


def run() -> int:
    from desktop import __version__

    report: dict[str, Any] = {"version": __version__}
    checks = (("keyring", check_keyring), ("recording", check_recording), ("workbook", check_workbook),
              ("translations", check_translations), ("catalogues", check_catalogues), ("database", check_database),
              ("modules", check_modules))
    for name, check in checks:
        try:
            report[name] = check()
        except Exception as exc:  # noqa: BLE001 - report every check, even one that blew up
            report[name] = {"ok": False, "error": repr(exc)}
    report["ok"] = all(report[name]["ok"] for name, _ in checks)
    print(json.dumps(report), flush=True)
    return 0 if report["ok"] else 1
