"""Closing the app the normal way when the system asks it to stop (SIGTERM: logout, shutdown, ``kill``).

Without this, SIGTERM ended the process on the spot: no task cancelled, no clean-exit mark, so the next start told
the operator "Autocall Desk closed unexpectedly" about a logout. Python runs a signal handler only when it next
executes bytecode, and an idle Qt loop executes none; so the signal also writes a byte to a socket pair Qt watches
(``signal.set_wakeup_fd``), which wakes the loop at once. The handler may run between any two lines of ours, so it
only queues the close for the loop's next turn; closing every window then takes the same path as the operator
closing the last one (ui.app: tasks cancelled, store closed, crash mark removed).

Ctrl+C in a terminal is left to ``asyncio.Runner``, whose own SIGINT handling already ends the run through the
same ``finally`` that removes the crash mark.
"""

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
