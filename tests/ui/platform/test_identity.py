"""The app tells the desktop who it is (ui/platform/identity.py): the desktop file name (the Wayland app id) names
the packaged menu entry, and every window carries the bundled icon."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# In a child process: create_application sets a style and stylesheet that must not leak into the shared test app.
PROBE = """
import json
from PySide6.QtWidgets import QWidget
from ui.app import create_application
app = create_application(["autocall-desk"])
window = QWidget()
print(json.dumps({"desktop_file": app.desktopFileName(),
                  "icon_sizes": sorted(size.width() for size in app.windowIcon().availableSizes()),
                  "window_icon_sizes": sorted(size.width() for size in window.windowIcon().availableSizes())}))
"""


def test_the_app_names_its_desktop_entry_and_sets_the_bundled_icon() -> None:
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, cwd=ROOT,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout.splitlines()[-1])
    assert (ROOT / "packaging" / "linux" / f"{seen['desktop_file']}.desktop").is_file()
    shipped = sorted(int(p.stem.rsplit("-", 1)[1]) for p in (ROOT / "resources" / "icons").glob("autocall-desk-*.png"))
    assert seen["icon_sizes"] == shipped == [48, 128, 256, 512]
    assert seen["window_icon_sizes"] == shipped  # a window without an icon of its own shows the app's
