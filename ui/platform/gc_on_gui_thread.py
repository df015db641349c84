"""Python's garbage collection, moved onto the GUI thread.

The cyclic collector runs in whichever thread happens to allocate. In this app that can be the demo
simulator's server thread or an import worker; a Qt object collected there is destroyed off the GUI thread,
cannot unregister its timers, and a later timer event then lands on freed memory (a segfault seen in the test
suite). So automatic collection is switched off and this timer runs the same generational checks on the GUI
thread instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collect each generation whose allocation count passed its threshold (what gc would do itself)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return
