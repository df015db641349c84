"""Draws the application icon with QPainter and writes it in every size and format the installers need.

Run from the repository root (output is committed, so builds never need to run this):

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

Writes resources/icons/autocall-desk-{48,128,256,512}.png (Linux hicolor theme, window icon, macOS source),
autocall-desk.ico (Windows installer and exe) and autocall-desk.icns (macOS bundle). Drawing it in code keeps
the icon reproducible and reviewable instead of a binary from nowhere.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (48, 128, 256, 512)


def draw(size: int) -> QImage:
    """A blue rounded tile, a white telephone handset and two call waves. Drawn on a 100-unit grid, scaled."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 100, size / 100)

    tile = QLinearGradient(0, 0, 0, 100)
    tile.setColorAt(0, QColor("#2f80ed"))
    tile.setColorAt(1, QColor("#1b4fa0"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(tile))
    p.drawRoundedRect(QRectF(4, 4, 92, 92), 20, 20)

    # Handset: a thick arc over two rounded ear/mouth pieces, tilted like the usual phone glyph.
    p.save()
    p.translate(42, 60)
    p.rotate(-40)
    white = QColor("#ffffff")
    p.setPen(QPen(white, 11, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawArc(QRectF(-22, -16, 44, 36), 25 * 16, 130 * 16)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(white)
    for x in (-24, 24):
        piece = QPainterPath()
        piece.addRoundedRect(QRectF(x - 10, -4, 20, 14), 6, 6)
        p.drawPath(piece)
    p.restore()

    # Outgoing call waves, upper right, clear of the handset.
    p.setPen(QPen(QColor("#bfe0ff"), 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for radius in (10, 21):
        p.drawArc(QRectF(QPointF(66 - radius, 34 - radius), QPointF(66 + radius, 34 + radius)), 0, 90 * 16)
    p.end()
    return image


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        target = OUT / f"autocall-desk-{size}.png"
        if not draw(size).save(str(target)):
            raise SystemExit(f"could not write {target}")
    # Qt's ico/icns image plugins write one image per file; 256 px is what Windows and macOS scale from.
    for suffix, size in (("ico", 256), ("icns", 512)):
        target = OUT / f"autocall-desk.{suffix}"
        if not draw(size).save(str(target), suffix.upper()):
            raise SystemExit(f"could not write {target} (Qt image plugin for {suffix} missing?)")
    print(f"icons written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
