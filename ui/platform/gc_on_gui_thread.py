"""Python's cyclic garbage collection runs on the GUI thread only, from a timer: a Qt object collected on a worker
thread would be destroyed off the GUI thread and leave its timers behind.

A full collection walks every object while the window's loop waits, so it runs only when CPython itself would run
one (the objects that reached the oldest generation since the last one exceed a quarter of those it kept), and,
while the process is busy (a burst of notifications, a big import), it waits for a quiet tick, unless the oldest
generation has doubled. The middle generation is collected after ten young collections, as CPython does, or sooner
once they moved :data:`MIDDLE_OBJECTS` into it (a large structure built at once, such as the Monitor's rows, then
costs short walks, not one long one with all else that survived meanwhile). Young objects more than that at a tick
are a large structure just built (rows read for a tab): left out of later collections unwalked, as a large poll
round's are (desktop/gc_policy.py). What start-up built is left out of every collection (:meth:`start_up_done`)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from desktop.gc_policy import freeze_start_up

INTERVAL_MS = 500
#: The oldest generation is collected once it has grown by this share since the last full collection (CPython's).
FULL_GROWTH = 0.25
#: While the process is busy, the share the oldest generation may grow by before it is collected all the same (a
#: bound on the memory a postponed collection holds).
BUSY_GROWTH = 1.0
#: Objects young collections may move into the middle generation before it is collected (a walk over 50,000 objects
#: took 10-25 ms of CPU in bench/bench_dispatch_window.py).
MIDDLE_OBJECTS = 50_000


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._kept = 0  # objects in the oldest generation after the last full collection
        self._weighed = 0  # the oldest generation's count when it was last weighed against _kept
        self._growth = 0.0  # how much it had grown since the last full collection then (a share of _kept)
        self._moved_up = 0  # objects the young collections since the middle generation's last one walked (at most)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def start_up_done(self) -> None:
        """What start-up built stays for good: leave it out of every later collection."""
        freeze_start_up()
        self._kept = self._weighed = self._moved_up = 0
        self._growth = 0.0

    def check(self) -> None:
        """Collect the oldest generation whose allocation count passed its threshold, as gc would itself, the middle
        one also once it received :data:`MIDDLE_OBJECTS`, and leave a young one larger than that out; the oldest one
        only when it grew enough, and while the process is busy only when it grew a lot."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        busy = counts[0] > thresholds[0]  # a young generation's worth of new objects since the last tick
        growth = self._growth_of_oldest(counts[2], thresholds[2])
        if growth > (BUSY_GROWTH if busy else FULL_GROWTH):
            gc.collect(2)
            self._kept, self._weighed, self._growth = generation_size(2), 0, 0.0
            self._moved_up = 0
        elif not busy:
            return
        elif (young := generation_size(0)) > MIDDLE_OBJECTS:  # its count misses old objects freed
            gc.freeze()  # walking it would find little garbage and hold the loop for long
            self._kept = self._weighed = self._moved_up = 0
            self._growth = 0.0
        elif counts[1] > thresholds[1] or self._moved_up > MIDDLE_OBJECTS:
            gc.collect(1)
            self._moved_up = 0
        else:
            self._moved_up += young
            gc.collect(0)

    def _growth_of_oldest(self, count: int, threshold: int) -> float:
        """How much the oldest generation grew since the last full collection, as a share of what that kept (0
        while its count is under its threshold); weighed (a walk over the generation's list) once per collection
        of the generation below it."""
        if count <= threshold:
            return 0.0
        if count != self._weighed:
            self._weighed = count
            self._growth = (generation_size(2) - self._kept) / max(self._kept, 1)
        return self._growth


def generation_size(generation: int) -> int:
    """How many objects ``generation`` holds, counted within one C call (``sum`` over ``map``). gc.get_objects's list
    also holds tuples other threads are still filling, and CPython raises SystemError in such a thread when its tuple
    is resized while another reference exists; ``len(gc.get_objects(g))`` lets threads switch between the two calls,
    this does not."""
    return sum(map(len, map(gc.get_objects, (generation,))))
