"""Python's cyclic garbage collection runs on the GUI thread only, from a timer: a Qt object collected on a worker
thread would be destroyed off the GUI thread and leave its timers behind.

A full collection walks every object while the window's loop waits, so it runs only when CPython itself would run
one (the objects that reached the oldest generation since the last one exceed a quarter of those it kept), and,
while the process is busy (a burst of notifications, a big import), it waits for a quiet tick, at most
:data:`MAX_POSTPONE` seconds. What start-up built is left out of every collection (:meth:`start_up_done`)."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

from desktop.gc_policy import freeze_start_up

INTERVAL_MS = 500
#: The oldest generation is collected once it has grown by this share since the last full collection (CPython's).
FULL_GROWTH = 0.25
#: Seconds a due full collection may wait for a tick without a young generation's worth of new objects.
MAX_POSTPONE = 60.0


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._kept = 0  # objects in the oldest generation after the last full collection
        self._weighed = 0  # the oldest generation's count when it was last weighed against _kept
        self._grown = False  # whether it had grown enough then
        self._due_since: float | None = None  # when a full collection became due (monotonic seconds)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def start_up_done(self) -> None:
        """What start-up built stays for good: leave it out of every later collection."""
        freeze_start_up()
        self._kept = self._weighed = 0
        self._grown, self._due_since = False, None

    def check(self) -> None:
        """Collect the oldest generation whose allocation count passed its threshold, as gc would itself; the
        oldest one only when it grew enough and the process is quiet (or has waited long enough)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        busy = counts[0] > thresholds[0]  # a young generation's worth of new objects since the last tick
        if self._full_due(counts[2], thresholds[2]):
            now = time.monotonic()
            if self._due_since is None:
                self._due_since = now
            if not busy or now - self._due_since >= MAX_POSTPONE:
                gc.collect(2)
                self._kept, self._weighed = len(gc.get_objects(generation=2)), 0
                self._grown, self._due_since = False, None
                return
        for generation in (1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def _full_due(self, count: int, threshold: int) -> bool:
        """Whether the oldest generation grew by :data:`FULL_GROWTH` since the last full collection; weighed (a
        walk over the generation's list) once per collection of the generation below it."""
        if count <= threshold:
            return False
        if count != self._weighed:
            self._weighed = count
            self._grown = len(gc.get_objects(generation=2)) - self._kept > FULL_GROWTH * self._kept
        return self._grown
