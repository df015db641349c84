"""The app's look (ui/platform/resources.py): on a desktop with a dark colour scheme every kind of widget still draws
dark text on a light background, as the stylesheet expects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# In a child process, so the dark palette and the app's stylesheet do not leak into the shared test app. The desktop's
# dark palette is in place before create_application, as a dark platform theme would put it.
PROBE = """
import json
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QLabel, QLineEdit, QMainWindow, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)
app = QApplication(["autocall-desk"])
dark = QPalette()
for role, colour in ((QPalette.ColorRole.Window, "#202020"), (QPalette.ColorRole.WindowText, "#f0f0f0"),
                     (QPalette.ColorRole.Base, "#181818"), (QPalette.ColorRole.Text, "#f0f0f0"),
                     (QPalette.ColorRole.Button, "#303030"), (QPalette.ColorRole.ButtonText, "#f0f0f0")):
    dark.setColor(role, QColor(colour))
app.setPalette(dark)
from ui.app import create_application
create_application(["autocall-desk"])
window = QMainWindow()
page = QWidget()
layout = QVBoxLayout(page)
table = QTableWidget(1, 1)
table.setItem(0, 0, QTableWidgetItem("MMMMMMMM"))
combo = QComboBox()
combo.addItem("MMMMMMMM")
widgets = {"label": QLabel("MMMMMMMM"), "button": QPushButton("MMMMMMMM"), "checkbox": QCheckBox("MMMMMMMM"),
           "line_edit": QLineEdit("MMMMMMMM"), "combo": combo, "table": table}
for widget in widgets.values():
    layout.addWidget(widget)
window.setCentralWidget(page)
window.resize(400, 500)
window.show()
app.processEvents()

def contrast(widget):
    # the background is the median shade (text covers few pixels); the text, the shade farthest from it
    image = widget.grab().toImage()
    shades = sorted(QColor(image.pixel(x, y)).lightness() for x in range(image.width()) for y in range(image.height()))
    background = shades[len(shades) // 2]
    text = shades[0] if background > 127 else shades[-1]
    return background, text

print(json.dumps({name: contrast(widget) for name, widget in widgets.items()}))
"""


def test_every_widget_is_dark_on_light_under_a_dark_desktop_palette() -> None:
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, cwd=ROOT,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout.splitlines()[-1])
    for name, (background, text) in seen.items():
        assert background > 200 and text < 80, (name, background, text)  # light background, dark text
