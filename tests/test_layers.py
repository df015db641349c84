"""The layer rule: nothing under desktop/ may import PySide6 or ui/, directly or through another module.

Checked by importing every desktop module in a fresh interpreter and looking at what got loaded, so an
indirect import (desktop.a → desktop.b → PySide6, or desktop.x → qasync → PySide6) is caught too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "ui", "qasync", "pytestqt")

PROBE = r"""
import importlib, json, pkgutil, sys
import desktop
forbidden = tuple(sys.argv[1].split(","))
culprits = {}
def loaded():
    return {m for m in sys.modules if m.split(".")[0] in forbidden}
for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
    if info.name.endswith("__main__"):
        continue
    before = loaded()
    importlib.import_module(info.name)
    new = loaded() - before
    if new:
        culprits[info.name] = sorted(new)[:3]
print(json.dumps(culprits))
"""


def desktop_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "desktop").rglob("*.py")
        if path.name not in ("__main__.py",)
    )


def test_desktop_never_imports_qt_or_ui() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(FORBIDDEN)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    culprits = json.loads(result.stdout.strip().splitlines()[-1])
    assert culprits == {}, f"desktop/ modules that pull in Qt or ui/: {culprits}"


def test_probe_sees_every_desktop_module() -> None:
    """Guards the guard: the probe must walk real modules, not an empty package."""
    modules = desktop_modules()
    assert "desktop.store" in modules and "desktop.secrets" in modules
    assert len(modules) >= 8
