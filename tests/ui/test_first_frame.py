"""The window's first frame waits for nothing the tab in view does not need: the app, started for real on a data
folder it has opened before, has not imported a provider folder or the provider interface, the campaign engine, the
recordings, the phone rules, the contacts importer, Qt's network module (the single-instance socket) or the dialogs
for a damaged or unreachable database, chosen a keyring or read package metadata by then, nor built the hidden log
dock's text box, and the tab in view says it is loading; right after, that tab is built and the account chosen last
time is active."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Runs the app until the main window's first paint, notes what was imported and what the window showed, then
#: notes the same once the tab in view is built (or a minute later) and prints both.
CHILD = """
import json, os, sys, time
from ui.app import main
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPlainTextEdit

class Watch(QObject):
    frames = []

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow) and not self.frames:
            self.frames.append(self.seen(watched))
            deadline = time.monotonic() + 60
            self.poll = QTimer(interval=50)
            self.poll.timeout.connect(lambda: self.settled(watched, deadline))
            self.poll.start()
        return False

    def seen(self, window):
        shown = window.tabs.currentWidget()
        label = shown.findChild(QLabel)
        return {"modules": sorted(sys.modules), "tab": type(shown).__name__, "text": label.text() if label else "",
                "account": window.account_selector.currentText(),
                "log_box": window.findChild(QPlainTextEdit, "logView") is not None}

    def settled(self, window, deadline):
        if type(window.tabs.currentWidget()).__name__ == "QWidget" and time.monotonic() < deadline:
            return
        print(json.dumps(self.frames + [self.seen(window)]), flush=True)
        os._exit(0)

app = QApplication(sys.argv[:1])
watch = Watch()
app.installEventFilter(watch)
main(["--data-dir", sys.argv[1], "--smoke"])
"""


def test_the_first_frame_shows_the_window_before_providers_keyring_and_metadata(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = [sys.executable, "-c", "import sys; from ui.app import main; sys.exit(main())", "--smoke", "--data-dir",
             str(tmp_path)]
    subprocess.run(start, check=True, capture_output=True, timeout=120, env=env, cwd=ROOT)  # the demo accounts
    run = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True, text=True, timeout=120,
                         env=env, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    first, after = json.loads(run.stdout.splitlines()[-1])
    early = [m for m in first["modules"] if m.startswith(("desktop.providers.vbot", "desktop.providers.nxcloud",
                                                          "desktop.providers.bizphone", "keyring",
                                                          "importlib.metadata", "importlib_metadata",
                                                          "desktop.simulator", "ui.providers", "ui.accounts",
                                                          "phonenumbers", "desktop.phones", "desktop.contacts",
                                                          "desktop.providers.base", "desktop.providers.notify",
                                                          "desktop.campaigns", "desktop.recordings",
                                                          "PySide6.QtNetwork", "ui.dialogs.damaged_store",
                                                          "ui.dialogs.database_unavailable"))]
    assert early == []
    assert (first["tab"], first["text"]) == ("QWidget", "Loading…")
    assert not first["log_box"]  # the hidden log dock builds its text box when first shown
    assert after["tab"] == "AccountsTab" and after["account"].endswith("— demo")
    assert {"desktop.providers.vbot", "ui.accounts.tab"} <= set(after["modules"])
