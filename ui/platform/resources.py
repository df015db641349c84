"""Locating files under ``resources/`` (beside the source tree, or inside a PyInstaller bundle), and the look they
give: the stylesheet and the light palette it is drawn for."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyleFactory


def resource_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller in a frozen app
    return Path(bundle) / "resources" if bundle else Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def stylesheet() -> str:
    path = resource_path("style.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def light_palette() -> QPalette:
    """Fusion's light palette, whatever the desktop's colour scheme: the stylesheet paints light backgrounds, so a
    dark desktop's light text would be white on white."""
    return QStyleFactory.create("Fusion").standardPalette()
