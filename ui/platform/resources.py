"""Locating files under ``resources/``: beside the source tree, or inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resource_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller in a frozen app
    return Path(bundle) / "resources" if bundle else Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def stylesheet() -> str:
    path = resource_path("style.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def app_icon() -> QIcon:
    """The application icon in every size shipped in resources/icons (window title bar, task bar, dock)."""
    icon = QIcon()
    for path in sorted(resource_path("icons").glob("autocall-desk-*.png")):
        icon.addFile(str(path))
    return icon
