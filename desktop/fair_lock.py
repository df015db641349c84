"""A reentrant lock that threads get in the order they asked for it.

``threading.RLock`` is not fair: a worker thread that releases it and asks again at once (a long write split into
many transactions) usually gets it back before a waiting thread has even woken up, so the window's loop, waiting
for one quick read, can wait for the whole write. Here a thread that asks while others wait queues behind them.
"""

from __future__ import annotations

import threading
from collections import deque
from types import TracebackType


class FairLock:
    """Reentrant; released by the thread that holds it; waiting threads get it first come, first served."""

    def __init__(self) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._owner: int | None = None
        self._depth = 0
        self._queue: deque[int] = deque()  # threads waiting, in the order they asked

    def acquire(self) -> None:
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
            return
        with self._changed:
            if self._owner is not None or self._queue:
                self._queue.append(me)
                try:
                    self._changed.wait_for(lambda: self._owner is None and self._queue[0] == me)
                except BaseException:  # interrupted while waiting: the next in the queue may take it now
                    self._queue.remove(me)
                    self._changed.notify_all()
                    raise
                self._queue.popleft()
            self._owner, self._depth = me, 1

    def release(self) -> None:
        if self._owner != threading.get_ident():
            raise RuntimeError("cannot release a FairLock held by another thread")
        self._depth -= 1
        if self._depth == 0:
            with self._changed:
                self._owner = None
                if self._queue:
                    self._changed.notify_all()

    def __enter__(self) -> FairLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()
