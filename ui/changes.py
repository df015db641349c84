"""What other desks commit to the shared database, brought to the window (team mode): the core's
:class:`~desktop.changes.ChangeFeed` calls back on its own thread; :class:`LiveChanges` moves each change to the GUI
thread, gathers what arrives within :data:`GATHER_MS` and emits it once, so a tab refreshes at most that often
however fast another desk writes. Changes this window made itself (its own database connection) are left out: the
tabs already showed them."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.changes import Change, ChangeFeed, ChangeSet

log = logging.getLogger(__name__)

#: Changes arriving within this many milliseconds are shown together.
GATHER_MS = 200


class LiveChanges(QObject):
    """Emits :attr:`changed` with a :class:`~desktop.changes.ChangeSet` on the GUI thread, at most once per
    :data:`GATHER_MS`. ``own_pid`` gives the server process of this app's own store connection (None: unknown);
    it is asked again after the feed reconnects."""

    changed = Signal(object)  # ChangeSet
    _arrived = Signal(object)  # Change, emitted on the feed's thread: queued to this object's thread

    def __init__(self, feed: ChangeFeed, own_pid: Callable[[], int | None] = lambda: None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feed = feed
        self._own_pid = own_pid
        self._ours: int | None = None
        self._gathered = ChangeSet()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(GATHER_MS)
        self._timer.timeout.connect(self._flush)
        self._arrived.connect(self._gather)
        self._unsubscribe = feed.subscribe(self._arrived.emit)
        if feed.live:
            self._ours = own_pid()
            feed.start()

    @property
    def live(self) -> bool:
        """Whether changes from other desks can arrive at all (a shared PostgreSQL database)."""
        return self.feed.live

    def close(self) -> None:
        """Stop listening (the app is closing); nothing is emitted afterwards."""
        self._unsubscribe()
        self.feed.close()
        self._timer.stop()

    def _gather(self, change: Change) -> None:
        if change.table is None:  # the feed was cut off: our own connection may have been renewed too
            self._ours = self._own_pid()
        elif change.pid and change.pid == self._ours:
            return
        self._gathered.add(change)
        if not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        gathered, self._gathered = self._gathered, ChangeSet()
        if gathered:
            self.changed.emit(gathered)
