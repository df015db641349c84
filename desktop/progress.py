"""Progress and cancellation for work that runs on a worker thread while the window stays responsive.

The UI runs an engine call with ``loop.run_in_executor`` and passes a ``progress`` callable and a ``cancel``
token (a ``threading.Event`` does). The callable is invoked *on the worker thread*, at most about ten times a
second, so it must only hand the value over (``loop.call_soon_threadsafe``); the token is checked every few
thousand rows and, once set, the call raises :class:`~desktop.errors.Cancelled`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from desktop.errors import Cancelled


class Stage(StrEnum):
    READING = "reading"
    VALIDATING = "validating"
    SAVING = "saving"
    WRITING = "writing"


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` rows in ``stage``; ``total`` is 0 while unknown (show a busy bar)."""

    stage: Stage
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


ProgressCallback = Callable[[Progress], None]


class CancelToken(Protocol):
    def is_set(self) -> bool: ...


class Ticker:
    """Checks the cancel token and reports progress, throttled so a tight loop pays almost nothing.

    Call :meth:`tick` with the running count; it does real work only every ``every`` rows.
    """

    def __init__(
        self,
        stage: Stage,
        total: int,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        every: int = 2048,
        interval: float = 0.1,
    ) -> None:
        self.stage = stage
        self.total = total
        self.every = every
        self._progress = progress
        self._cancel = cancel
        self._interval = interval
        self._last = 0.0
        self.check(0)

    def tick(self, done: int) -> None:
        if done % self.every == 0:
            self.check(done)

    def check(self, done: int) -> None:
        """Raise if cancelled; report if enough time has passed since the last report."""
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()
        if self._progress is not None:
            now = time.monotonic()
            if now - self._last >= self._interval or done == 0:
                self._last = now
                self._progress(Progress(self.stage, done, self.total))

    def finish(self) -> None:
        """The final report, always sent so the bar reaches 100 %."""
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()
        if self._progress is not None:
            self._progress(Progress(self.stage, self.total, self.total))
