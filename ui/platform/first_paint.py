"""Wait for a window's first painted frame, so start-up work that the first frame does not need comes after it."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, done: asyncio.Future[None]) -> None:
        super().__init__(widget)
        self.done = done
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and not self.done.done():
            QTimer.singleShot(0, lambda: self.done.done() or self.done.set_result(None))  # after the paint itself
        return False


async def first_paint(widget: QWidget, timeout: float = 1.0) -> None:
    """Return once ``widget`` has been painted, or after ``timeout`` seconds (a window started minimised is not)."""
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    spy = _FirstPaint(widget, done)
    try:
        await asyncio.wait_for(asyncio.shield(done), timeout)
    except TimeoutError:
        pass
    finally:
        widget.removeEventFilter(spy)
        spy.deleteLater()
