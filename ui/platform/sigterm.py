"""SIGTERM (logout, shutdown, ``kill``) closes the app the normal way: the signal wakes the Qt loop through a socket
pair (``signal.set_wakeup_fd``) and the close is queued for the loop's next turn, so tasks are cancelled and the
crash mark removed as when the operator closes the window. Ctrl+C is left to ``asyncio.Runner``."""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

log = logging.getLogger(__name__)


class TerminationSignal(QObject):
    """Calls ``on_terminate`` on the GUI thread when SIGTERM arrives, until :meth:`restore`."""

    def __init__(self, on_terminate: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_terminate = on_terminate
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous_handler = signal.signal(signal.SIGTERM, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        log.info("Asked to stop (%s): closing the way the operator would", signal.Signals(signum).name)
        QTimer.singleShot(0, self._on_terminate)

    def _drain(self) -> None:
        """Empty the wake-up socket; the Python handler itself has run by the time this slot does."""
        try:
            while self._reader.recv(64):
                pass
        except BlockingIOError:
            pass

    def restore(self) -> None:
        """Put back what was there before (called before the loop ends)."""
        signal.signal(signal.SIGTERM, self._previous_handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()
