"""Python's cyclic garbage collection runs on the GUI thread only, from a timer: a Qt object collected on a worker
thread would be destroyed off the GUI thread and leave its timers behind. A full collection runs only when CPython
itself would run one: when the objects that reached the oldest generation since the last one exceed a quarter of
those it kept (a full pass walks every object, and the window's loop waits meanwhile)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from desktop.gc_policy import freeze_start_up

INTERVAL_MS = 500
#: The oldest generation is collected once it has grown by this share since the last full collection (CPython's).
FULL_GROWTH = 0.25


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._kept = 0  # objects in the oldest generation after the last full collection
        self._weighed = 0  # the generation-2 count when the oldest generation was last weighed
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def start_up_done(self) -> None:
        """What start-up built stays for good: leave it out of every later collection."""
        freeze_start_up()
        self._kept = 0

    def check(self) -> None:
        """Collect the oldest generation whose allocation count passed its threshold (the oldest one only when
        it grew enough), as gc would itself."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[2] > thresholds[2] and counts[2] != self._weighed:  # weighed once per collection below it
            self._weighed = counts[2]
            if len(gc.get_objects(generation=2)) - self._kept > FULL_GROWTH * self._kept:
                gc.collect(2)
                self._kept, self._weighed = len(gc.get_objects(generation=2)), 0
                return
        for generation in (1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return
